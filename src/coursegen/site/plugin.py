"""The MkDocs hooks that turn one language's generated file set into its site: the one plugin class both
adapters use. `coursegen build`'s workers add a `LanguagePlugin` to each language's config (see `worker`);
the `coursegen` MkDocs plugin of `mkdocs build` / `mkdocs serve` is a subclass that validates and generates
the file set first (see `coursegen.mkdocs_plugin`).

Imported only where MkDocs runs, so that validating a project never loads MkDocs.
"""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from ..compiled_templates import keep_compiled
from ..html_policy import sanitise
from ..pages import FileSet
from ..templates import TEMPLATE_FOLDER
from .csp import with_csp
from .editions import TrainerEditions
from .language_reuse import link_tree
from .offline import OfflineSite, finish_offline
from .page_cache import SEARCH_FOLDER
from .search import run_pagefind
from .theme_assets import shared_theme_links, without_source_map
from .theme_sandbox import sandboxed
from .theme_text import escape_nav, escape_page_meta, escape_site_name
from .whitespace import collapse_whitespace

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

    from .page_cache import PageCache

log = logging.getLogger("mkdocs.plugins.coursegen")

#: Files MkDocs writes that carry build dates or absolute URLs; the site does not need them.
UNWANTED_OUTPUT = ("sitemap.xml", "sitemap.xml.gz")
#: Theme files of Material's own search (replaced by Pagefind) and its script bundle (coursegen's pages load
#: coursegen.js instead: see site_overrides/main.html), and source maps, which only developer tools fetch:
#: 2.4 MB per language that no reader loads.
UNUSED_THEME_FILES = ("assets/javascripts/",)
#: Material's colour palettes, for sites that choose one (coursegen's sites keep the default colours).
PALETTE_STYLESHEET = "assets/stylesheets/palette."
#: The overrides folder of coursegen's page templates (see coursegen.templates): read by the core, never published.
TEMPLATES_FOLDER = f"{TEMPLATE_FOLDER}/"


class LanguagePlugin(BasePlugin):
    """Serves one language's file set to MkDocs, builds its trainer pages from the learner pages, hands the
    theme its text escaped, puts the Content-Security-Policy on every page and indexes the site for search.

    `serving`: a live preview, whose server writes an inline reload script that the policy would refuse.
    `cache`: the build cache of `coursegen build`'s workers (see `page_cache`), which skips the conversion and
    the rendering of pages whose inputs did not change.
    `search_from`: the language's folder in the live site, whose search index the site keeps as it is instead
    of running Pagefind (the live preview's quick step after a save, see `build.build_site`).
    """

    def __init__(self, file_set: FileSet | None = None, *, serving: bool = False,
                 cache: PageCache | None = None, search_from: Path | None = None) -> None:
        self.serving = serving
        self.search_from = search_from
        self.use(file_set, cache)

    def use(self, file_set: FileSet | None, cache: PageCache | None = None) -> None:
        """Start a build of `file_set` (None: nothing to build): fresh per-build state."""
        self.file_set = file_set
        self.cache = cache if file_set else None
        self.nav = None
        self.editions = TrainerEditions(file_set.trainer_twins) if file_set else None
        self.search_problems: list[str] = []
        self.theme_urls: set[str] = set()  # the theme files this site leaves to the shared copy
        self.offline: OfflineSite | None = None  # what its offline copy is made of (not in a live preview)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """The site name (the framework's title) goes to the theme as text."""
        escape_site_name(config)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """The generated file set replaces everything MkDocs found in the docs folder."""
        if not self.file_set:
            return files
        theme = without_docs(files, config)
        kept, self.theme_urls = theme_files(theme, config)
        if not self.serving:
            sources = {f.dest_uri: Path(f.abs_src_path) for f in shipped_theme_files(theme, config) if f.abs_src_path}
            self.offline = OfflineSite(self.file_set.lang, sources, shared_theme_home(config))
        files = site_files(kept, config, self.file_set)
        if self.cache:
            self.cache.start(files, config)
        return files

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        """Section titles go to the theme as text."""
        escape_nav(nav)
        self.nav = nav
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The page's title and description go to the theme as text; a page converted by an earlier build
        is restored from the cache instead of converted again."""
        escape_page_meta(page)
        if self.cache:
            blocks = self.file_set.html_blocks.get(page.file.src_uri)
            self.cache.before_render(page, markdown, blocks.items if blocks else [])
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Put in the generated pages' HTML blocks; keep learner pages' HTML for their trainer twins."""
        if self.file_set is None:
            return html
        filled = self.cache.conversion(page) if self.cache else None
        if filled is None:
            filled = fill_html_blocks(self.file_set, page, html)
            if self.cache:
                self.cache.keep_conversion(page, filled)
        return self.editions.page_content(page, filled)

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """Build the trainer pages from their learner twins, now that every page is converted; give the
        module pages their previous and next module (they are not in the navigation, which gives the rest).
        The theme renders in Jinja's sandbox (see `theme_sandbox`)."""
        env = sandboxed(env)
        if self.editions:
            self.editions.splice(files)
        if self.file_set is not None:
            link_neighbours(files, self.file_set.neighbours)
        env.globals["cg_shared_nav"] = SharedNav()
        keep_compiled("mkdocs-theme", env)  # the theme's templates compile once, not in every build
        if self.cache:  # last: what a page's rendering reads is complete now
            self.cache.plan_renders(env, config, self.nav, files)
        return env

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        """The page's templates run next (unless its rendering is stored, see `page_cache`)."""
        if self.cache:
            self.cache.before_page_render(page)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """`dir` on `<html>` as well as on `<body>`; the Content-Security-Policy, except in a live preview.
        A page rendered by an earlier build is its stored output. A learner page and the theme files it links
        go into the language's offline copy."""
        stored = self.cache.rendered(page) if self.cache else None
        if self.offline is not None:
            self.offline.saw_page(page.url, page.file.dest_uri, output if stored is None else stored)
        if stored is not None:
            return stored
        output = self.finished(output, page.url, config)
        output = output if self.serving else with_csp(output, page.content)
        if self.cache:
            self.cache.keep_rendered(page, output)
        return output

    def on_template_context(self, context, *, template_name: str, config: MkDocsConfig):
        """The 404 page's links relative to the language site's root, where it lies (see `error_page_base`)."""
        if template_name == "404.html":
            context["base_url"] = error_page_base(config, serving=self.serving)
        return context

    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        """The 404 page gets its direction and its policy too (it is a theme template, not a page)."""
        if not template_name.endswith(".html"):
            return output
        output = self.finished(output, "", config)  # the 404 page lies at the site's root
        return output if self.serving else with_csp(output)

    def finished(self, output: str, page_url: str, config: MkDocsConfig) -> str:
        """A rendered page with `dir` on `<html>`, its theme files taken from the shared copy and the
        templates' indentation gone (see `whitespace`)."""
        output = collapse_whitespace(with_direction(output, config.theme.get("direction")))
        return shared_theme_links(output, page_url, self.theme_urls, shared_theme_home(config))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Drop the files the site does not need, index it with Pagefind (the search button loads it on
        use), then write its offline copy's manifest, service worker and notice (they list Pagefind's
        files); Pagefind's problems are kept in `search_problems` for the adapter to report."""
        if self.file_set is None:
            return
        for name in UNWANTED_OUTPUT:
            Path(config.site_dir, name).unlink(missing_ok=True)
        site, lang = Path(config.site_dir), self.file_set.lang
        if self.search_from is not None:
            keep_search_index(self.search_from, site)  # indexed later, by a full build
        elif not self.cache:
            self.search_problems = run_pagefind(site, lang)
        else:
            self.search_problems = self.cache.search(site, lambda: run_pagefind(site, lang))
            if not self.search_problems:
                self.cache.finish()
        if self.offline is not None:
            finish_offline(site, self.offline, config, assets=self.file_set.assets)


def keep_search_index(live: Path, site: Path) -> None:
    """The live language site's search index in `site`, as it is (see `language_reuse.link_tree`)."""
    source = live / SEARCH_FOLDER
    if not source.is_symlink() and source.is_dir():
        (site / SEARCH_FOLDER).mkdir(parents=True, exist_ok=True)
        link_tree(str(source), str(site / SEARCH_FOLDER))


class SharedNav:
    """Material's primary navigation, rendered once per folder for pages that are not in it.

    The navigation of a page outside it has nothing active, and its relative links depend only on the
    page's folder (unless a navigation page lies below the page itself); so all modules share one
    rendering, and all trainer pages another. Pages in the navigation are rendered as usual.
    """

    def __init__(self) -> None:
        self.rendered: dict[str, str] = {}

    def __call__(self, page, nav, render) -> str:
        url = getattr(page, "url", None)
        if not url or page in nav.pages or any(item.url.startswith(url) for item in nav.pages):
            return render()
        folder = posixpath.dirname(url.rstrip("/"))
        if folder not in self.rendered:
            self.rendered[folder] = render()
        return self.rendered[folder]


def error_page_base(config: MkDocsConfig, *, serving: bool) -> str:
    """The base of the 404 page's links. MkDocs makes them absolute from the server's root ("/", or the path
    of `site_url`): on a site under a sub-path, and on every language but the one at the root, they lead
    elsewhere. Relative to the page itself ("."), they work wherever the language's 404.html is served from
    its own folder, which is what static hosts do with a site's 404 page (a host that serves it for missing
    pages deeper down needs `site_url`, whose path MkDocs then uses). The live preview serves it at any
    depth from the server's root: MkDocs' absolute links are right there."""
    if serving or config.site_url:
        return urlsplit(config.site_url or "/").path
    return "."


def link_neighbours(files: Files, neighbours: dict[str, tuple[str | None, str | None]]) -> None:
    """Set `previous_page` and `next_page` (what Material's footer shows) of the pages in `neighbours`."""
    def page_of(rel: str | None):
        file = files.get_file_from_path(rel) if rel else None
        return file.page if file is not None else None

    for rel, (previous, following) in neighbours.items():
        page = page_of(rel)
        if page is not None:
            page.previous_page, page.next_page = page_of(previous), page_of(following)


def with_direction(output: str, direction: str | None) -> str:
    """The page with `dir` on `<html>` too: Material sets it on `<body>` only, so the document's own
    direction (what browsers, screen readers and `:dir()` rules read first) would stay left-to-right."""
    head = output[:output.find(">", output.find("<html")) + 1]
    if direction not in ("ltr", "rtl") or "<html" not in head or " dir=" in head:  # one of two words, no text
        return output
    return output.replace("<html", f'<html dir="{direction}"', 1)


def fill_html_blocks(file_set: FileSet, page: Page, html: str) -> str:
    """A page's HTML, sanitised, with its finished blocks put in, and their anchors made known to MkDocs'
    link check. The one place a page's converted Markdown passes through: the content is cut to the
    allow-list before coursegen's own blocks (escaped by construction, SVG included) go in."""
    rel = page.file.src_uri
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= file_set.block_anchors(rel)
    return file_set.fill_html(rel, sanitise(html))


def without_docs(files: Files, config: MkDocsConfig) -> Files:
    """The files MkDocs found, without those of the docs folder (the theme's stay)."""
    docs = Path(config.docs_dir).resolve()
    return Files([f for f in files if f.src_dir is None or Path(f.src_dir).resolve() != docs])


def shared_theme_home(config: MkDocsConfig) -> str:
    """Where this language site finds the theme's files: "" (its own), or the relative path from its root to
    the site that holds the one shared copy (see `theme_assets`, and `config.site_config`)."""
    return ((config.extra or {}).get("coursegen") or {}).get("shared_theme") or ""


def theme_files(files: Files, config: MkDocsConfig) -> tuple[Files, set[str]]:
    """The theme's files that a reader can load, without source-map references; none, when the site takes
    them from a shared copy: then the second value holds their URLs, for its pages' links."""
    kept = shipped_theme_files(files, config)
    if shared_theme_home(config):
        return Files([]), {f.dest_uri for f in kept}
    return Files([without_map_reference(f, config) for f in kept]), set()


def shipped_theme_files(files: Files, config: MkDocsConfig) -> list[File]:
    """The theme's files that a reader can load (not Material's search and script bundle, an unused palette
    or source maps): whichever language site ships them."""
    unused = (TEMPLATES_FOLDER,) + (UNUSED_THEME_FILES if "search" not in config.plugins else ())
    if not config.theme.get("palette"):
        unused += (PALETTE_STYLESHEET,)  # linked only by a site with a palette
    return [f for f in files if not (f.src_uri.startswith(unused) or f.src_uri.endswith(".map"))]


def without_map_reference(file: File, config: MkDocsConfig) -> File:
    """A theme script or stylesheet without its source-map reference (the maps are not shipped)."""
    if not file.src_uri.endswith((".js", ".css")) or file.abs_src_path is None:
        return file
    text = Path(file.abs_src_path).read_text(encoding="utf-8")
    stripped = without_source_map(text)
    if stripped == text:
        return file
    return File.generated(config, file.src_uri, content=stripped, inclusion=file.inclusion)


def site_files(kept: Files, config: MkDocsConfig, file_set: FileSet) -> Files:
    """The files of a language site: the theme's (see `theme_files`), then the file set's pages (in memory)
    and assets (copied from content/)."""
    pages = [File.generated(config, rel, content=text) for rel, text in file_set.pages.items()]
    assets = [File.generated(config, rel, abs_src_path=str(source), inclusion=InclusionLevel.NOT_IN_NAV)
              for rel, source in file_set.assets.items()]
    downloads = [File.generated(config, rel, content=data, inclusion=InclusionLevel.NOT_IN_NAV)
                 for rel, data in file_set.downloads.items()]
    for problem in file_set.download_problems:
        log.warning(f"coursegen: a download for trainers could not be made: {problem}")
    return Files(list(kept) + pages + assets + downloads)
