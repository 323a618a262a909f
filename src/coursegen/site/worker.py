"""The worker side of `coursegen build`: one language's site built by MkDocs from an in-memory file set.

Imported only in worker processes (and by the MkDocs plugin), so that validating a project never loads MkDocs.
The generated pages go to MkDocs as generated files: nothing is written to a docs folder and read back.
"""

from __future__ import annotations

import io
import logging
import posixpath
import subprocess
import sys
from pathlib import Path

import yaml
from jinja2 import TemplateError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..html_policy import sanitise
from ..pages import GUIDELINE_BOOK, TRAINER_DIR, FileSet, page_url
from ..templates import TEMPLATE_FOLDER
from ..project import collector_paused
from .csp import with_csp
from .editions import TrainerEditions
from .theme_text import escape_nav, escape_page_meta, escape_site_name

#: Files MkDocs writes that carry build dates or absolute URLs; the site does not need them.
UNWANTED_OUTPUT = ("sitemap.xml", "sitemap.xml.gz")
#: Theme files of Material's own search (replaced by Pagefind), and source maps, which only developer
#: tools fetch: 2.3 MB per language that no reader loads.
UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
#: The overrides folder of coursegen's page templates (see coursegen.templates): read by the core, never published.
TEMPLATES_FOLDER = f"{TEMPLATE_FOLDER}/"


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


def with_direction(output: str, direction: str | None) -> str:
    """The page with `dir` on `<html>` too: Material sets it on `<body>` only, so the document's own
    direction (what browsers, screen readers and `:dir()` rules read first) would stay left-to-right."""
    head = output[:output.find(">", output.find("<html")) + 1]
    if not direction or "<html" not in head or " dir=" in head:
        return output
    return output.replace("<html", f'<html dir="{direction}"', 1)


def fill_html_blocks(file_set: FileSet, page: Page, html: str) -> str:
    """A page's HTML, sanitised, with its finished blocks put in, and their anchors made known to MkDocs'
    link check. The one place both adapters pass a page's converted Markdown through: the content is cut
    to the allow-list before coursegen's own blocks (escaped by construction, SVG included) go in."""
    rel = page.file.src_uri
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= file_set.block_anchors(rel)
    return file_set.fill_html(rel, sanitise(html))


def site_files(files: Files, config: MkDocsConfig, file_set: FileSet) -> Files:
    """The files of a language site: the theme's that a reader can load, then the file set's pages (in
    memory) and assets (copied from content/)."""
    unused = (TEMPLATES_FOLDER,) + (UNUSED_THEME_FILES if "search" not in config.plugins else ())
    kept = [f for f in files if not (f.src_uri.startswith(unused) or f.src_uri.endswith(".map"))]
    pages = [File.generated(config, rel, content=text) for rel, text in file_set.pages.items()]
    assets = [File.generated(config, rel, abs_src_path=str(source), inclusion=InclusionLevel.NOT_IN_NAV)
              for rel, source in file_set.assets.items()]
    return Files(kept + pages + assets)


class FileSetPlugin(BasePlugin):
    """Serves one language's file set to MkDocs and builds its trainer pages from the learner pages."""

    def __init__(self, file_set: FileSet) -> None:
        self.file_set = file_set
        self.editions = TrainerEditions(file_set.trainer_twins)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        escape_site_name(config)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        return site_files(files, config, self.file_set)

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        escape_nav(nav)
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        escape_page_meta(page)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.editions.page_content(page, fill_html_blocks(self.file_set, page, html))

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        self.editions.splice(files)
        env.globals["cg_shared_nav"] = SharedNav()
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return with_csp(with_direction(output, config.theme["direction"]), page.content)

    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        """The 404 page gets its policy too (it is a theme template, not a page)."""
        return with_csp(output) if template_name.endswith(".html") else output


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings and errors so that the parent process can report them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_language(job: dict) -> dict:
    """Build one language's site with MkDocs' Python API, then index it with Pagefind.

    `job`: `lang`, `config` (the MkDocs config as data; its docs folder exists and is empty), `files`.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        config = load_config(config_file=io.StringIO(yaml.safe_dump(job["config"], allow_unicode=True)))
        config.plugins["coursegen-files"] = FileSetPlugin(job["files"])
        with collector_paused():  # 5% of a language's build went to collections that found little
            build(config)
    except TemplateError:
        raise  # the caller reports it at its template and line (TemplateNotFound is an OSError too)
    except (MkDocsException, OSError) as error:
        return {"errors": collect.messages + [str(error)], "pages": 0}
    finally:
        logger.removeHandler(collect)
    site = Path(job["config"]["site_dir"])
    for name in UNWANTED_OUTPUT:
        (site / name).unlink(missing_ok=True)
    errors = run_pagefind(site, job["lang"])
    pages = sum(1 for path in site.rglob("*.html") if path.name != "404.html" and "pagefind" not in path.parts)
    return {"errors": errors, "warnings": collect.messages, "pages": pages}


def pagefind_command() -> list[str]:
    """Pagefind's bundled binary, run directly (`python -m pagefind` costs a Python start-up per language)."""
    try:
        from pagefind_bin_extended import get_executable
        return [str(get_executable())]
    except (ImportError, FileNotFoundError):
        return [sys.executable, "-m", "pagefind"]


#: Folders of a language site that Pagefind does not read: the trainer edition, which is never indexed (no
#: `data-pagefind-body`), and the guideline book, which only repeats the chapters (a search would find each
#: passage twice).
UNINDEXED = (TRAINER_DIR, "pagefind", page_url(GUIDELINE_BOOK).rstrip("/"))


def search_glob(site: Path) -> str:
    """The pages Pagefind reads: every HTML file except those under `UNINDEXED` (reading the trainer
    edition would only cost time)."""
    patterns: list[str] = []

    def walk(folder: str) -> None:
        patterns.append(f"{folder}/*.html" if folder else "*.html")
        for path in sorted(p for p in (site / folder).iterdir() if p.is_dir()):
            rel = f"{folder}/{path.name}" if folder else path.name
            if rel in UNINDEXED:
                continue
            if any(skipped.startswith(rel + "/") for skipped in UNINDEXED):
                walk(rel)
            else:
                patterns.append(f"{rel}/**/*.html")

    walk("")
    return "{" + ",".join(patterns) + "}"


def run_pagefind(site: Path, lang: str) -> list[str]:
    """Index one language's site with Pagefind, forced to that language for stemming."""
    command = pagefind_command() + ["--site", str(site), "--glob", search_glob(site),
                                    "--force-language", lang, "--silent"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return [f"Pagefind failed: {done.stderr.strip() or done.stdout.strip()}"]
    return []
