"""What every cache key of a build starts from: the versions of the tools that make the site and the theme
overrides in use, hashed once by the parent process and sent to each language's worker (`CacheSpec`).

The rest of a key is the data MkDocs and Jinja get for a page, hashed where they get it (see `page_cache`).
"""

from __future__ import annotations

import functools
import os
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import coursegen

from .cache import Store, cache_folder, data_digest, digest, machine_key, open_cache

#: The distributions whose code turns a file set into pages and an index; a new version of any of them
#: gives every key a new value (coursegen's own version comes from the package, see `tool_versions`).
TOOLS = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "markupsafe", "nh3",
         "pagefind", "pagefind-bin-extended", "pyyaml")


@dataclass(frozen=True)
class CacheSpec:
    """Where a worker keeps one language's entries, and the hash its keys start from."""

    folder: Path
    salt: str
    key: bytes  # what its entries are signed with (see `cache.machine_key`)
    downloads: str | None = None  # the key of the language's downloads (see `downloads_cache`); None: made

    def store(self) -> Store:
        """The language's store (a fresh record of the keys used, for this build)."""
        return Store(self.folder, self.key)


def tool_versions() -> dict[str, str]:
    """The versions of coursegen, Python and `TOOLS` (a tool that is not installed counts as "none"), and
    the hash of coursegen's own code: a checkout between releases changes it without a new version."""
    return {"coursegen": coursegen.__version__, "coursegen-code": code_digest(),
            "python": platform.python_version(), **distribution_versions(TOOLS)}


def distribution_versions(names: tuple[str, ...]) -> dict[str, str]:
    """The installed version of each distribution of `names` ("none" when it is not installed)."""
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "none"
    return versions


def tree_digest(folder: Path, skip: tuple[str, ...] = ()) -> str:
    """The hash of every file under `folder` (but folders named in `skip`): its path and its bytes."""
    parts: list[str | bytes] = []
    for directory, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if name not in skip)
        for name in sorted(names):
            path = Path(directory, name)
            parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


@functools.cache
def code_digest() -> str:
    """The hash of the coursegen package's files (its compiled copies left out: Python rewrites them)."""
    return tree_digest(Path(coursegen.__file__).parent, skip=("__pycache__",))


def cache_specs(root: Path, languages: list[str], overrides: Path) -> dict[str, CacheSpec]:
    """Each language's cache for a build of the project at `root` with the theme `overrides`; none when
    the cache folder is not coursegen's or cannot be made, or the user has no key to sign its entries (the
    build is then a clean one)."""
    key = machine_key()
    folder = open_cache(cache_folder(root)) if key else None
    if folder is None:
        return {}
    salt = digest(data_digest(tool_versions()), tree_digest(overrides))
    return {lang: CacheSpec(folder / lang, salt, key) for lang in languages}
