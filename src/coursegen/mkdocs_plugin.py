"""The MkDocs plugin: a thin adapter so that `mkdocs build` and `mkdocs serve` build one language of a project.

`coursegen build` builds every language (one MkDocs run per language, in parallel); this plugin is for
previews and for people who prefer plain MkDocs. It validates the project and generates the language's file
set; everything else is `site.plugin.LanguagePlugin`'s, the same hooks `coursegen build`'s workers use.
Per-build state is created in `on_config` on every build, because MkDocs keeps plugin objects across
`serve` rebuilds.

In `mkdocs build`, content errors abort the build with the diagnostics. In `mkdocs serve`, they are logged
in the terminal and shown in the page instead, and the server keeps running.
"""

from __future__ import annotations

import html
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.theme import Theme

from .diagnostics import Diagnostic, Severity, format_text
from .library import Library
from .markdown_anchors import TOC_SLUG
from .pages import FileSet, generate_language
from .project import NotAProject, validate_project
from .site.config import language_links, mkdocs_settings, site_config
from .site.plugin import LanguagePlugin, without_docs
from .site.publish import UnsafeSiteDir, mark_site, site_target

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.plugins.coursegen")

#: `coursegen serve --lang xx` sets this; the plugin's `lang` option wins when both are given.
LANG_ENV = "COURSEGEN_LANG"


class CoursegenConfig(Config):
    root = config_options.Optional(config_options.Dir(exists=True))  # default: the folder of mkdocs.yml
    lang = config_options.Optional(config_options.Type(str))  # default: the framework's default language
    strict = config_options.Type(bool, default=False)


class CoursegenPlugin(LanguagePlugin):
    """Validate and generate in `on_config`; then the language plugin's hooks build the site."""

    config_class = CoursegenConfig
    config: CoursegenConfig

    def __init__(self) -> None:
        super().__init__()
        self.root: Path | None = None
        self.errors: list[Diagnostic] = []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a live preview, where content errors must not stop the server."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Validate the project (fresh state for this build); errors abort `build` and are shown in `serve`."""
        self.root = root = Path(self.config.root or Path(config.config_file_path or ".").parent).resolve()
        self.use(None)
        self.errors = []
        supply_settings(config, root)
        if not self.serving:  # MkDocs empties its site folder: only one that coursegen may replace
            try:
                site_target(root, Path(config.site_dir))
            except UnsafeSiteDir as error:
                raise PluginError(f"coursegen: {error}") from error
        library = self._validated(root)
        if library is None:
            config.nav = None
            return config
        lang = self.config.lang or os.environ.get(LANG_ENV) or library.default_language
        if lang not in library.languages:
            raise PluginError(f"coursegen: '{lang}' is not one of the site languages "
                              f"{', '.join(library.languages)}.")
        self.use(generate_language(library, lang, downloads=not self.serving))
        self._configure(config, library, self.file_set)
        return super().on_config(config)

    def _validated(self, root: Path) -> Library | None:
        """The project's library; None, with `errors` kept, when it has errors while serving."""
        try:
            validation = validate_project(root, strict_mode=self.config.strict)
        except NotAProject as error:
            raise PluginError(f"coursegen: {root} is not a coursegen project ({error}).") from error
        errors = [d for d in validation.diagnostics if d.severity is Severity.ERROR]
        for diagnostic in validation.diagnostics:
            if diagnostic.severity is Severity.WARNING:
                log.warning(format_text([diagnostic]))
        if not errors:
            return validation.library
        self.errors = errors
        if not self.serving:
            raise PluginError("coursegen found errors in the content:\n" + format_text(errors))
        log.error("coursegen found errors in the content:\n" + format_text(errors))
        return None

    def _configure(self, config: MkDocsConfig, library: Library, files: FileSet) -> None:
        """Language, navigation and the data the theme overrides need (switcher, search labels)."""
        generated = site_config(library, files, docs_dir=Path(config.docs_dir), site_dir=Path(config.site_dir),
                                root=self.root, strict=False)
        config.theme["language"] = files.lang
        config.theme["direction"] = generated["theme"]["direction"]
        if not config.nav:
            config.nav = files.nav
        config.extra["coursegen"] = generated["extra"]["coursegen"]
        toc = config.mdx_configs.get("toc")
        if toc is not None and "permalink_title" not in toc:  # a copy: the settings' dict is shared
            config.mdx_configs["toc"] = {**toc, **generated["markdown_extensions"][-1]["toc"]}
        # The plugin builds this language alone: links to the others would not resolve.
        config.extra["coursegen"]["languages"] = [link for link in language_links(library, files.lang)
                                                  if link["lang"] == files.lang]

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """The generated file set replaces the docs folder; with content errors, one page that lists them."""
        if self.file_set is not None:
            return super().on_files(files, config=config)
        result = without_docs(files, config)
        result.append(File.generated(config, "index.md", content=error_page(self.errors)))
        return result

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Index the built language (see `LanguagePlugin`), report Pagefind's problems, mark the site."""
        if self.file_set is None:
            return
        super().on_post_build(config=config)
        for problem in self.search_problems:
            log.warning(problem)
        if not self.serving:
            mark_site(Path(config.site_dir))  # a later `coursegen build` may replace it

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        """Also rebuild when the framework or the theme overrides change (content/ is the docs folder)."""
        for folder in ("framework", "content", "site_overrides"):
            path = self.root / folder if self.root else None
            if path and path.is_dir():
                server.watch(str(path))
        return server


def supply_settings(config: MkDocsConfig, root: Path) -> None:
    """coursegen's settings (`site.config.mkdocs_settings`) where mkdocs.yml leaves them out: Material with
    coursegen's overrides (unless mkdocs.yml gives Material a `custom_dir` of its own: then its theme is kept
    as it is), the Markdown extensions it lacks, and missing anchors reported at least as warnings."""
    settings = mkdocs_settings(root)
    if config.theme.name != "material" or not config.theme.custom_dir:
        theme = dict(settings["theme"])
        name, custom_dir = theme.pop("name"), theme.pop("custom_dir")
        own = {k: v for k, v in config.theme.items() if k not in ("name", "locale")} \
            if config.theme.name == "material" else {}
        config.theme = Theme(name, custom_dir=custom_dir, **{**own, **theme})
    for extension in settings["markdown_extensions"]:
        name, options = (extension, None) if isinstance(extension, str) else next(iter(extension.items()))
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
        if options and name not in config.mdx_configs:
            config.mdx_configs[name] = options
    config.mdx_configs.setdefault("toc", {}).setdefault("slugify", TOC_SLUG["slugify"])  # ids validate agrees on
    links = config.validation.links
    links.anchors = max(links.anchors, logging.WARNING)


def error_page(errors: list[Diagnostic]) -> str:
    """A page that shows the content errors, for the live preview."""
    listing = html.escape(format_text(errors))
    return ("---\ntitle: Content errors\n---\n\n# The content has errors\n\n"
            "Fix them and save: this page reloads by itself.\n\n"
            f'<pre class="cg-errors" role="alert">{listing}</pre>\n')
