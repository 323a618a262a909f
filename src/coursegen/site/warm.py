"""Warm workers for the live preview: what a worker of `build.worker_pool` keeps between builds.

A build by MkDocs makes a new Jinja environment for the theme (`Theme.get_env`), so every build compiles
Material's templates again. A warm worker keeps the environment, keyed by the theme's folders, its locale and
the bytes of every file of the project's theme overrides: an edited override gives a new key, and so a new
environment, and takes effect at once. (It lists the theme's files anew each build, as every worker of
`coursegen build` does, without walking the hidden icons: see `theme_listing`; that takes less than
computing the key would.) Only pool workers are warmed (`warm_worker` is their initializer): `mkdocs build`
keeps MkDocs' behaviour exactly.

What a build adds to the environment (plugins' globals and filters, `LanguagePlugin.on_env`'s shared
navigation) is reset before the next build, so no build sees another's state; the templates, compiled from
files that the key proves unchanged, are kept, and the build cache's page entries, whose keys name their
content (see `cache.keep_in_memory`).
"""

from __future__ import annotations

import sysconfig
from pathlib import Path

from .cache import digest, keep_in_memory
from .cache_keys import tree_digest
from .theme_sandbox import sandboxed

#: What a warm worker keeps of the build cache in memory (see `cache.keep_in_memory`): the conversions and
#: renderings of the pages, which every build looks up, to this many bytes per worker (a language of 300
#: modules is about 18 MB of them: one of 1,000 fits; the preview has a worker per language, up to twice the
#: cores, and one for its quick builds).
KEPT_ENTRIES = ("convert", "render")
KEPT_BYTES = 64 * 1024 * 1024
#: Theme key -> (environment, its globals, filters and tests as MkDocs made them).
_ENVIRONMENTS: dict[str, tuple] = {}


def warm_worker() -> None:
    """Import MkDocs and Material's build path now (a pool's workers start before the first build) and make
    this process keep the theme's environment, and the pages' cache entries, between builds."""
    from mkdocs.commands import build  # noqa: F401 - imported for its cost, once
    from mkdocs.theme import Theme

    keep_in_memory(KEPT_ENTRIES, KEPT_BYTES)
    Theme.get_env = _kept_env(Theme.get_env)


def theme_key(theme) -> str:
    """What the theme's environment and file list are made from: its folders, its locale, and every file of
    the folders outside installed packages (the project's overrides), by their bytes."""
    parts = [str(theme.locale)]
    for folder in theme.dirs:
        parts.append(folder)
        if not _installed(Path(folder)):
            parts.append(tree_digest(Path(folder)))
    return digest(*parts)


def _installed(folder: Path) -> bool:
    """Whether `folder` lies in an installed package (Material's, MkDocs'), which a running worker never
    sees change."""
    paths = sysconfig.get_paths()
    packages = {Path(paths[name]).resolve() for name in ("purelib", "platlib", "stdlib")}
    return any(folder.resolve().is_relative_to(package) for package in packages)


def _kept_env(make):
    def get_env(theme):
        key = theme_key(theme)
        if key not in _ENVIRONMENTS:
            env = sandboxed(make(theme))  # as every build's `on_env` makes it (see `theme_sandbox`)
            _ENVIRONMENTS.clear()  # one theme at a time: an edited override's old templates are let go
            _ENVIRONMENTS[key] = (env, dict(env.globals), dict(env.filters), dict(env.tests))
        env, globals_, filters, tests = _ENVIRONMENTS[key]
        # In place: compiled templates hold these very dicts.
        for current, made in ((env.globals, globals_), (env.filters, filters), (env.tests, tests)):
            current.clear()
            current.update(made)
        return env
    return get_env
