"""The theme's templates (Material's, and a fork's overrides in `site_overrides/`) render in Jinja's sandbox.

MkDocs gives the theme a plain `jinja2.Environment`, where a template may walk from any value to Python's
classes and from there to the files and commands of the machine that builds. A fork's overrides come from
anyone's pull request and are published on the fork's one origin, so `sandboxed` remakes MkDocs' environment
as a `SandboxedEnvironment` with the same loader, settings, extensions, filters, tests and globals: the theme
renders as before, and a template that reaches for `__class__` or `__globals__` stops with a security error,
reported as CG113 at its line (see `theme.render_error`).
"""

from __future__ import annotations

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ..compiled_templates import COMPILE_SETTINGS
from ..templates import QuickSandbox

#: The settings of an environment that a copy must keep: those its compiled code depends on, and where its
#: templates come from and how they are kept (with its async mode and cache size: all of `jinja2.Environment`'s).
_SETTINGS = (*(name for name in COMPILE_SETTINGS if name != "is_async"),
             "undefined", "loader", "auto_reload", "bytecode_cache")


def sandboxed(env: jinja2.Environment) -> SandboxedEnvironment:
    """`env` as Jinja's sandbox (itself when it is one already; see `templates.QuickSandbox`)."""
    if isinstance(env, SandboxedEnvironment):
        return env
    settings = {name: getattr(env, name) for name in _SETTINGS}
    settings["enable_async"] = env.is_async
    settings["cache_size"] = getattr(env.cache, "capacity", 0) if env.cache is not None else 0
    safe = QuickSandbox(extensions=[type(extension) for extension in env.extensions.values()], **settings)
    for name in ("newstyle_gettext",):  # what the i18n extension's install set on the environment
        if hasattr(env, name):
            setattr(safe, name, getattr(env, name))
    safe.filters.update(env.filters)
    safe.tests.update(env.tests)
    safe.globals.update(env.globals)
    safe.policies.update(env.policies)
    return safe
