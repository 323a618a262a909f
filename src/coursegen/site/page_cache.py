"""Skipping the Markdown conversion and the template rendering of pages whose inputs did not change.

A language site is built by MkDocs in two passes over its pages, and each pass is keyed on what it reads:

- **conversion** (`Page.render`: Markdown to HTML, then coursegen's sanitising and HTML blocks): the page's
  Markdown and front matter as MkDocs reads them, its finished HTML blocks, its path and URL, and for the
  whole site the URL of every file (links to other pages are resolved to them), the Markdown settings, the
  MkDocs config as data and the versions of the tools (`CacheSpec.salt`). What it gives (HTML, table of
  contents, title, anchors, links to other pages' anchors) is restored on a hit, so MkDocs' anchor check
  still runs over every page; a page whose conversion logged a warning is not kept, so that its warning is
  given again by the next build.
- **rendering** (the theme's templates, then coursegen's `on_post_page`): what the templates get of the
  page (its final HTML, trainer additions included, title, front matter, table of contents, URLs, the
  previous and next page), the whole navigation, the theme overrides (in the salt), and the titles and URLs
  of all pages when a template reads MkDocs' `pages` list. A hit is rendered from an empty template and
  its stored output is written instead.

The theme's 404 page is rendered on every build (it is one page). The search index is keyed on the bytes
of every HTML page of the language site: Pagefind runs again only when one of them changed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..templates import TEMPLATE_FOLDER
from .cache import data_digest, digest
from .cache_keys import CacheSpec
from .search import indexed

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

#: A template's use of MkDocs' list of all pages (not `nav_item.pages`): then every page shows every title.
_PAGES_VARIABLE = re.compile(r"(?<![\w.])pages\b")
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
#: The settings that say where the build reads and writes, not what it makes (see `config.site_config`).
PLACES = ("docs_dir", "site_dir")
#: The folder of Pagefind's files in a language site.
SEARCH_FOLDER = "pagefind"
#: The kinds of entries a language's MkDocs build uses and prunes when it ends: its own, and the record of
#: the language's files that `language_reuse` writes after it (one per language, the last build's). The
#: downloads' entries are written before it runs, by `downloads_cache`, which prunes them.
PAGE_KINDS = ("convert", "render", "search", "blob", "language")


class PageCache:
    """One language build's use of the cache: which pages are hits, what to store after the build."""

    def __init__(self, spec: CacheSpec, config_data: dict, warnings: Callable[[], int]) -> None:
        self.store = spec.store()
        # Where MkDocs reads and writes (a new work folder each build) is not what it makes.
        placed = {key: value for key, value in config_data.items() if key not in PLACES}
        self.base = digest(spec.salt, data_digest(placed))
        self.warnings = warnings  # how many warnings MkDocs has logged so far in this build
        self.convert_base = self.base
        self.converted: dict[str, dict] = {}  # docs path -> restored conversion (hits)
        self.to_convert: dict[str, tuple[str, int]] = {}  # docs path -> (key, warnings before converting)
        self.outputs: dict[str, str] = {}  # docs path -> stored rendered page (hits)
        self.to_render: dict[str, tuple[str, int]] = {}  # docs path -> (key, warnings before rendering)

    # --- conversion ---------------------------------------------------------------------------------

    def start(self, files: Files, config: MkDocsConfig) -> None:
        """The site-wide part of the conversion keys: every file's URL and the Markdown settings."""
        urls = sorted((f.src_uri, f.dest_uri, f.url) for f in files)
        markdown = [str(name) for name in config.markdown_extensions], config.mdx_configs
        self.convert_base = digest(self.base, data_digest(urls), data_digest(markdown))

    def before_render(self, page: Page, markdown: str, blocks: list[str]) -> None:
        """Look the page's conversion up; on a hit, MkDocs' `render` of this page restores it instead."""
        rel = page.file.src_uri
        key = digest(self.convert_base, rel, page.url, markdown, data_digest(page.meta), digest(*blocks))
        entry = self.store.read_json("convert", key)
        if not _is_conversion(entry):
            self.to_convert[rel] = (key, self.warnings())
            return
        self.converted[rel] = entry
        # An attribute of this one Page object, which MkDocs calls next (`_populate_page`): MkDocs itself
        # and every other page are left as they are.
        page.render = lambda config, files: restore_conversion(page, entry, files)

    def conversion(self, page: Page) -> str | None:
        """The page's restored HTML (sanitised, with its blocks), or None when it was converted."""
        entry = self.converted.get(page.file.src_uri)
        return entry["content"] if entry else None

    def keep_conversion(self, page: Page, html: str) -> None:
        """Store a conversion that logged no warning."""
        key, warnings = self.to_convert.pop(page.file.src_uri, (None, 0))
        if key is None or self.warnings() != warnings:
            return
        links = {file.src_uri: dict(sorted(anchors.items())) for file, anchors in (page.links_to_anchors or {}).items()}
        self.store.write_json("convert", key, {
            "content": html, "toc": toc_tokens(page.toc), "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()), "links": links})

    # --- rendering ----------------------------------------------------------------------------------

    def plan_renders(self, env: Environment, config: MkDocsConfig, nav: Navigation, files: Files) -> None:
        """After every page is converted and completed: the pages whose rendering is stored get an empty
        template (MkDocs' `template` front matter; a Template object is what `get_template` returns as is)."""
        pages = [file.page for file in files.documentation_pages() if file.page is not None]
        shared = [nav_view(nav.items)]
        if uses_pages_list(config.theme.dirs):
            shared.append(sorted((page.url, page.title or "") for page in pages))
        base = digest(self.convert_base, data_digest(shared))
        empty = env.from_string("")
        for page in pages:
            key = digest(base, data_digest(page_view(page)))
            output = self.store.read("render", key)
            if output is None:
                self.to_render[page.file.src_uri] = (key, 0)
                continue
            self.outputs[page.file.src_uri] = output.decode("utf-8")
            page.meta["template"] = empty

    def before_page_render(self, page: Page) -> None:
        """Note how many warnings there were before the page's templates ran (see `keep_rendered`)."""
        if page.file.src_uri in self.to_render:
            self.to_render[page.file.src_uri] = (self.to_render[page.file.src_uri][0], self.warnings())

    def rendered(self, page: Page) -> str | None:
        """The page's stored output, or None when it is rendered."""
        return self.outputs.get(page.file.src_uri)

    def keep_rendered(self, page: Page, output: str) -> None:
        """Store a rendered page's output, as MkDocs writes it, unless its templates logged a warning (the
        next build renders it again, and warns again)."""
        key, warnings = self.to_render.pop(page.file.src_uri, (None, 0))
        if key is not None and self.warnings() == warnings:
            self.store.write("render", key, output.encode("utf-8", errors="xmlcharrefreplace"))

    # --- search and the end of the build ------------------------------------------------------------

    def search(self, site: Path, run: Callable[[], list[str]]) -> list[str]:
        """Pagefind's index of `site`: the stored one when every HTML page is as when it was made, else
        `run`'s (stored when it succeeded). The problems `run` reported."""
        key = digest(self.base, *html_parts(site))
        manifest = self.store.read_json("search", key)
        if isinstance(manifest, dict) and self._restore_files(site, manifest):
            return []
        problems = run()
        if not problems:
            self.store.write_json("search", key, self._keep_files(site / SEARCH_FOLDER, site))
        return problems

    def _restore_files(self, site: Path, manifest: dict) -> bool:
        if not all(_search_file(rel) for rel in manifest):
            return False
        blobs = {rel: self.store.read("blob", sha) for rel, sha in manifest.items() if isinstance(sha, str)}
        if len(blobs) != len(manifest) or any(data is None or digest(data) != manifest[rel]
                                               for rel, data in blobs.items()):
            return False
        for rel, data in sorted(blobs.items()):
            path = site / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return True

    def _keep_files(self, folder: Path, site: Path) -> dict[str, str]:
        manifest = {}
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                data = path.read_bytes()
                manifest[path.relative_to(site).as_posix()] = sha = digest(data)
                self.store.write("blob", sha, data)
        return manifest

    def finish(self) -> None:
        """The build succeeded: drop the entries of its kinds that it did not use."""
        self.store.prune(PAGE_KINDS)


def _search_file(rel: object) -> bool:
    """Whether a manifest's path names a file in Pagefind's folder (and nothing outside it)."""
    parts = rel.split("/") if isinstance(rel, str) else []
    return len(parts) > 1 and parts[0] == SEARCH_FOLDER and all(part not in ("", ".", "..") for part in parts)


def _is_conversion(entry: object) -> bool:
    return isinstance(entry, dict) and {"content", "toc", "title", "anchors", "links"} <= entry.keys()


def restore_conversion(page: Page, entry: dict, files: Files) -> None:
    """Set what `Page.render` sets, from a stored conversion."""
    from mkdocs.structure.toc import get_toc

    page.content = entry["content"]
    page.toc = get_toc(entry["toc"])
    page._title_from_render = entry["title"]
    page.present_anchor_ids = set(entry["anchors"])
    targets = {rel: files.get_file_from_path(rel) for rel in entry["links"]}
    page.links_to_anchors = {targets[rel]: links for rel, links in entry["links"].items() if targets[rel]}


def toc_tokens(toc) -> list[dict]:
    """A table of contents as the tokens MkDocs makes it from (`get_toc`)."""
    return [{"level": link.level, "id": link.id, "name": link.title, "children": toc_tokens(link.children)}
            for link in toc]


def nav_view(items) -> list:
    """The navigation as the templates see it: kind, title and URL of every item, in order."""
    return [[type(item).__name__, item.title, getattr(item, "url", None), nav_view(item.children or [])]
            for item in items]


def page_view(page: Page) -> dict:
    """What the templates read of a page (its place in the navigation follows from its URL)."""
    def link(other):
        return None if other is None else [other.title, other.url]

    # The content by its hash: as JSON, a page's HTML (tens of KB) cost three times as much to hash.
    content = None if page.content is None else digest(page.content)
    return {"src": page.file.src_uri, "url": page.url, "title": page.title, "content": content, "meta": page.meta,
            "toc": toc_tokens(page.toc), "previous": link(page.previous_page), "next": link(page.next_page),
            "canonical": page.canonical_url, "edit": page.edit_url, "home": page.is_homepage}


def uses_pages_list(theme_dirs: list[str]) -> bool:
    """Whether a template of the theme reads MkDocs' list of all pages (comments aside). coursegen's page
    templates (`coursegen/` in the overrides) are the core's, rendered with their own data, unless a theme
    template refers to them."""
    texts = {path: _JINJA_COMMENT.sub("", path.read_text(encoding="utf-8", errors="replace"))
             for path in theme_templates(theme_dirs)}
    theme = [text for path, text in texts.items() if path.parent.name != TEMPLATE_FOLDER]
    if any(f"{TEMPLATE_FOLDER}/" in text for text in theme):
        theme = list(texts.values())
    return any(_PAGES_VARIABLE.search(text) for text in theme)


def theme_templates(theme_dirs: list[str]) -> list[Path]:
    """The HTML templates in the theme's folders (not in hidden folders: Material's icons)."""
    found = []
    for folder in theme_dirs:
        for directory, folders, names in os.walk(folder):
            folders[:] = [name for name in folders if not name.startswith(".")]
            found += [Path(directory, name) for name in names if name.endswith(".html")]
    return found


def html_parts(site: Path) -> list[str | bytes]:
    """Path and bytes of every HTML page of a language site that Pagefind reads (see `search.indexed`): a
    change to a page it does not read (a trainer page, the status page) keeps the stored index. So does a
    change of a page's notices (see `NOTICE`), whose words Pagefind ignores: editing an original makes its
    translations out of date, and their notices say so, but their index stays as it was."""
    parts: list[str | bytes] = []
    for directory, folders, names in os.walk(site):
        folders[:] = sorted(folders)
        for name in sorted(names):
            rel = Path(directory, name).relative_to(site).as_posix()
            if name.endswith(".html") and indexed(rel):
                parts += [rel, NOTICE.sub(b"", Path(directory, name).read_bytes())]
    return parts


#: A notice as `site_overrides/coursegen/notice.html` writes it, its words in a `data-pagefind-ignore` span
#: (as the sanitiser writes the attribute, or not): Pagefind makes the same index with it and without it
#: (tested). Only this exact markup is left out of the key; a notice template of a fork's own, or any
#: other markup, counts in full.
NOTICE = re.compile(rb'<p class="cg-notice cg-notice--[a-z]+" role="note"><span data-pagefind-ignore(?:="")?>'
                    rb"[^<]*</span></p>\n?")  # with the line end after it: white space between blocks is no text

