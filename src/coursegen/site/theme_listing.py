"""The theme's static files, listed without walking its hidden folders.

Before every language's build MkDocs lists the theme's files to copy (`Files.add_files_from_theme`): it asks
Jinja for every file of every theme folder, then leaves out, among others, each one under a hidden folder.
Material keeps its icons in one (`.icons`, over 10,000 files), so each language's build walked and matched
them all for nothing: 15 % of the CPU of a language whose pages all came from the build cache.

`add_files_from_theme` here is MkDocs' method with a walk that does not enter hidden folders: the same files
in the same order (a test compares it with MkDocs' own). `coursegen build`'s worker processes use it
(`use_quick_listing`); a `mkdocs build` of the user's is left as MkDocs makes it.
"""

from __future__ import annotations

import fnmatch
import os
from typing import TYPE_CHECKING

from mkdocs import utils
from mkdocs.structure.files import File, Files

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig

#: MkDocs' own method (only `use_quick_listing` replaces it, and only after this module is imported).
MKDOCS_METHOD = Files.add_files_from_theme


def theme_paths(dirs: list[str], skipped: list[str]) -> list[str]:
    """The paths of the files MkDocs copies from the theme folders `dirs` (the first folder that has a path
    wins, as in Jinja), sorted, as `Files.add_files_from_theme` lists them: no hidden file or folder at any
    depth, no template, Python file, readme, theme settings, translation or Markdown file, nor any path that
    matches a pattern of `skipped` (the theme's static templates)."""
    # MkDocs' patterns but the two of hidden names, which the walk below never yields.
    patterns = ["*.py", "*.pyc", "*.html", "*readme*", "mkdocs_theme.yml", "locales/*",
                *(f"*{suffix}" for suffix in utils.markdown_extensions), *skipped]
    found: set[str] = set()
    for folder in dirs:  # as jinja2.FileSystemLoader.list_templates, without following links
        for directory, folders, names in os.walk(folder):
            folders[:] = [name for name in folders if not name.startswith(".")]
            relative = os.path.relpath(directory, folder).replace(os.path.sep, "/")
            prefix = "" if relative == "." else relative + "/"
            found.update(prefix + name for name in names if not name.startswith("."))
    return [path for path in sorted(found)
            if not any(fnmatch.fnmatch(path.lower(), pattern) for pattern in patterns)]


def add_files_from_theme(files: Files, env: Environment, config: MkDocsConfig) -> None:
    """MkDocs' `Files.add_files_from_theme` over `theme_paths` (theme files do not override the docs' files;
    each comes from the first theme folder that has it)."""
    for path in theme_paths(list(config.theme.dirs), list(config.theme.static_templates)):
        if files.get_file_from_path(path) is None:
            for folder in config.theme.dirs:
                if os.path.isfile(os.path.join(folder, path)):
                    files.append(File(path, folder, config.site_dir, config.use_directory_urls))
                    break


def use_quick_listing() -> None:
    """Make this process's MkDocs list the theme's files with `add_files_from_theme` (only coursegen's worker
    processes call this, before each build). Only MkDocs' own method is replaced: once is enough."""
    if Files.add_files_from_theme is MKDOCS_METHOD:
        Files.add_files_from_theme = add_files_from_theme
