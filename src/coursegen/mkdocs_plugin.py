"""The MkDocs plugin: a thin adapter so that `mkdocs build` and `mkdocs serve` build one language of a project.

`coursegen build` builds every language (one MkDocs run per language, in parallel); this plugin is for
previews and for people who prefer plain MkDocs. Per-build state is created in `on_config` on every build,
because MkDocs keeps plugin objects across `serve` rebuilds.

In `mkdocs build`, content errors abort the build with the diagnostics. In `mkdocs serve`, they are logged
in the terminal and shown in the page instead, and the server keeps running.
"""

from __future__ import annotations

import html
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .diagnostics import Diagnostic, Severity, format_text
from .library import Library
from .pages import FileSet, expand_references, generate_language
from .project import NotAProject, validate_project
from .site.config import language_links, site_config
from .site.csp import with_csp
from .site.editions import TrainerEditions
from .site.publish import UnsafeSiteDir, mark_site, site_target
from .site.theme_text import escape_nav, escape_page_meta, escape_site_name
from .site.worker import UNWANTED_OUTPUT, SharedNav, fill_html_blocks, run_pagefind, site_files, with_direction

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.coursegen")

#: `coursegen serve --lang xx` sets this; the plugin's `lang` option wins when both are given.
LANG_ENV = "COURSEGEN_LANG"


class CoursegenConfig(Config):
    root = config_options.Optional(config_options.Dir(exists=True))  # default: the folder of mkdocs.yml
    lang = config_options.Optional(config_options.Type(str))  # default: the framework's default language
    strict = config_options.Type(bool, default=False)


@dataclass
class BuildState:
    """Everything one build knows; replaced at the start of every build."""

    root: Path
    lang: str = ""
    library: Library | None = None
    files: FileSet | None = None
    editions: TrainerEditions | None = None
    errors: list[Diagnostic] = field(default_factory=list)


class CoursegenPlugin(BasePlugin[CoursegenConfig]):
    """Validate in `on_config`, replace the docs files with the generated file set in `on_files`."""

    def __init__(self) -> None:
        self.serving = False
        self.state: BuildState | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a live preview, where content errors must not stop the server."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Validate the project (fresh state for this build); errors abort `build` and are shown in `serve`."""
        root = Path(self.config.root or Path(config.config_file_path or ".").parent).resolve()
        self.state = state = BuildState(root)
        if not self.serving:  # MkDocs empties its site folder: only one that coursegen may replace
            try:
                site_target(root, Path(config.site_dir))
            except UnsafeSiteDir as error:
                raise PluginError(f"coursegen: {error}") from error
        try:
            validation = validate_project(root, strict_mode=self.config.strict)
        except NotAProject as error:
            raise PluginError(f"coursegen: {root} is not a coursegen project ({error}).") from error
        errors = [d for d in validation.diagnostics if d.severity is Severity.ERROR]
        for diagnostic in validation.diagnostics:
            if diagnostic.severity is Severity.WARNING:
                log.warning(format_text([diagnostic]))
        if errors:
            state.errors = errors
            if not self.serving:
                raise PluginError("coursegen found errors in the content:\n" + format_text(errors))
            log.error("coursegen found errors in the content:\n" + format_text(errors))
            config.nav = None
            return config
        library = validation.library
        state.library = library
        state.lang = self.config.lang or os.environ.get(LANG_ENV) or library.default_language
        if state.lang not in library.languages:
            raise PluginError(f"coursegen: '{state.lang}' is not one of the site languages "
                              f"{', '.join(library.languages)}.")
        state.files = generate_language(library, state.lang)
        state.editions = TrainerEditions(state.files.trainer_twins)
        self._configure(config, library, state.files)
        escape_site_name(config)
        return config

    def _configure(self, config: MkDocsConfig, library: Library, files: FileSet) -> None:
        """Language, navigation and the data the theme overrides need (switcher, search labels)."""
        generated = site_config(library, files, docs_dir=Path(config.docs_dir), site_dir=Path(config.site_dir),
                                root=self.state.root, strict=False)
        config.theme["language"] = files.lang
        config.theme["direction"] = generated["theme"]["direction"]
        if not config.nav:
            config.nav = files.nav
        config.extra["coursegen"] = generated["extra"]["coursegen"]
        # The plugin builds this language alone: links to the others would not resolve.
        config.extra["coursegen"]["languages"] = [link for link in language_links(library, files.lang)
                                                  if link["lang"] == files.lang]

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """The generated file set replaces everything MkDocs found in the docs folder."""
        state = self.state
        docs = Path(config.docs_dir).resolve()
        result = Files([f for f in files if f.src_dir is None or Path(f.src_dir).resolve() != docs])
        if state.files is None:  # content errors while serving: one page that lists them
            result.append(File.generated(config, "index.md", content=error_page(state.errors)))
            return result
        return site_files(result, config, state.files)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Expand references left in a page (generated pages are already expanded: this is idempotent); the
        page's title and description go to the theme as text."""
        escape_page_meta(page)
        if self.state.library is None:
            return markdown
        return expand_references(self.state.library, self.state.lang, page.file.src_uri, markdown)

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        """Section titles go to the theme as text."""
        escape_nav(nav)
        return nav

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Put in the generated pages' HTML blocks; keep learner pages' HTML for their trainer twins."""
        if self.state.files is None:
            return html
        return self.state.editions.page_content(page, fill_html_blocks(self.state.files, page, html))

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """Build the trainer pages from their learner twins, now that every page is converted."""
        if self.state.editions:
            self.state.editions.splice(files)
        env.globals["cg_shared_nav"] = SharedNav()
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """`dir` on `<html>` as well as on `<body>`; the Content-Security-Policy, except in `mkdocs serve`,
        whose server writes an inline live-reload script into every page that the policy would refuse."""
        output = with_direction(output, config.theme.get("direction"))
        return output if self.serving else with_csp(output, page.content)

    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        """The 404 page gets the Content-Security-Policy too."""
        return with_csp(output) if template_name.endswith(".html") and not self.serving else output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Index the built language with Pagefind (the theme's search button loads it on use)."""
        if self.state is None or self.state.files is None:
            return
        for name in UNWANTED_OUTPUT:
            Path(config.site_dir, name).unlink(missing_ok=True)
        for problem in run_pagefind(Path(config.site_dir), self.state.lang):
            log.warning(problem)
        if not self.serving:
            mark_site(Path(config.site_dir))  # a later `coursegen build` may replace it

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        """Also rebuild when the framework or the theme overrides change (content/ is the docs folder)."""
        for folder in ("framework", "content", "site_overrides"):
            path = self.state.root / folder if self.state else None
            if path and path.is_dir():
                server.watch(str(path))
        return server


def error_page(errors: list[Diagnostic]) -> str:
    """A page that shows the content errors, for the live preview."""
    listing = html.escape(format_text(errors))
    return ("---\ntitle: Content errors\n---\n\n# The content has errors\n\n"
            "Fix them and save: this page reloads by itself.\n\n"
            f'<pre class="cg-errors" role="alert">{listing}</pre>\n')
