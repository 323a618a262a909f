"""Compiled templates kept between builds, by Jinja's own bytecode cache.

Each build runs its languages in new processes, and each compiled the theme's and coursegen's templates
again: about 0.9 s of CPU per language and build, for templates that rarely change. Jinja's
`FileSystemBytecodeCache` keeps compiled templates in coursegen's private folder of the user's
(`<user cache>/coursegen/templates`, see `user_cache`). Nothing goes into the project: an entry is code, and
a project is untrusted content.

An entry is found by the template's name and file and is used only while the file's text is the same (its
checksum is in the entry), by the same Jinja and Python. Two environments can compile one file differently
(with or without autoescape, say), so each kind of environment gets its own file names, from every setting
that changes the compiled code: an entry never reaches an environment it was not compiled for.
"""

from __future__ import annotations

import hashlib

import jinja2
from jinja2.bccache import BytecodeCache, FileSystemBytecodeCache

from .user_cache import user_cache_folder

#: The environment settings the compiled code depends on.
COMPILE_SETTINGS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
             "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
             "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
             "autoescape", "finalize", "is_async")


def _named(value: object) -> str:
    """A setting as text that is the same in every process (a function by its qualified name)."""
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"
    return repr(value)


def settings_key(kind: str, env: jinja2.Environment) -> str:
    """What tells this environment's compiled templates from any other's."""
    parts = [kind, jinja2.__version__, f"class={type(env).__module__}.{type(env).__qualname__}",
             *(f"{name}={_named(getattr(env, name, None))}" for name in COMPILE_SETTINGS),
             "extensions=" + ",".join(sorted(env.extensions))]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:24]


def keep_compiled(kind: str, env: jinja2.Environment) -> jinja2.Environment:
    """`env` with Jinja's bytecode cache for environments of this `kind` and settings; unchanged when there
    is no private folder for it (then every build compiles, as before)."""
    cache = _cache(settings_key(kind, env))
    if cache is not None:
        env.bytecode_cache = cache
    return env


def _cache(key: str) -> BytecodeCache | None:
    folder = user_cache_folder("templates")
    return None if folder is None else FileSystemBytecodeCache(str(folder), pattern=f"__coursegen_{key}_%s.cache")
