"""Where every page of the site lives, and relative links between pages: the one owner of both.

Docs paths (`modules/role.md`) are relative to the docs folder of a language site; their directory URLs
(`modules/role/`) are what MkDocs writes with `use_directory_urls`. Links are written relative, so that
every language site (the default at the root, the others under `/<lang>/`) and the trainer edition under
`trainer/` work from any folder, and are rebased when a text written for one page is shown on another
(trainer notes, guideline chapters in the book, a learner page's HTML in its trainer twin).

This module knows nothing about MkDocs and nothing about the library: the checks, the generated pages,
the exports and the MkDocs adapters all import it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping

from markdown.blockprocessors import ReferenceProcessor

from .markdown_code import mask_code

# --- the pages coursegen generates -------------------------------------------------------------------

#: The framework's overview: its areas with their competences, each linking to its area's page.
FRAMEWORK_PAGE = "framework/index.md"
#: The coverage matrix's overview: per area, how much is taught, with links to that area's matrix.
COVERAGE_PAGE = "framework/coverage.md"
MODULES_INDEX = "modules/index.md"
COURSES_INDEX = "courses/index.md"
GLOSSARY_PAGE = "glossary/index.md"
#: The guideline as one page (its chapters are expanded by `guideline_book.guideline_book`).
GUIDELINE_BOOK = "guideline/book.md"
#: How far each language is translated (see `translation_status`), in the Contribute section.
STATUS_PAGE = "contribute/status.md"

#: Where the trainer edition lives; learner pages link only to its index.
TRAINER_DIR = "trainer"
TRAINER_INDEX = f"{TRAINER_DIR}/index.md"
#: The trainer edition's list of module pages (the index links to it; further pages: `part_page`).
TRAINER_MODULES = f"{TRAINER_DIR}/modules/index.md"

#: The generated pages every language has, in the order they are generated (see `pages.generated`).
GENERATED_INDEXES = (FRAMEWORK_PAGE, COVERAGE_PAGE, MODULES_INDEX, COURSES_INDEX, GLOSSARY_PAGE, STATUS_PAGE)
#: Every page that coursegen generates from the library, whatever the content; content may link to them and
#: must not replace them. (The book exists only in a project with a guideline; the national standards'
#: pages depend on the library: see `generated_pages`.)
GENERATED_PAGES = frozenset(GENERATED_INDEXES + (GUIDELINE_BOOK, TRAINER_INDEX, TRAINER_MODULES))


#: The folder of the generated pages of the national standards, one per file of `framework/standards/`.
STANDARDS_DIR = "framework/standards"


def standard_page(standard_id: str) -> str:
    """The docs path of a national standard's page: `ES-SSCS0108` -> `framework/standards/es-sscs0108.md`."""
    return f"{STANDARDS_DIR}/{anchor(standard_id) or 'standard'}.md"


#: The folder of the framework's area pages: each area's competences and outcomes, the home of their anchors.
AREAS_DIR = "framework/areas"
#: The folder of the coverage matrix's pages, one or more per area; Pagefind does not read it (it only repeats
#: what the module and area pages say).
COVERAGE_DIR = "framework/coverage"
#: A page of an area's coverage matrix has at most this many module rows (about 60 KB of HTML with 50
#: competences); an area more modules address continues on further pages.
COVERAGE_ROWS = 100
#: A list of the library's modules (the module index, the trainer edition's list of modules) has at most this
#: many per page (about 25 KB of HTML for the module index); further modules continue on further pages.
INDEX_ROWS = 100


def page_count(rows: int, per_page: int) -> int:
    """How many pages a listing of `rows` rows takes at `per_page` rows a page (one at least, even empty)."""
    return max(1, -(-rows // per_page))


def part_page(first: str, part: int) -> str:
    """The docs path of page `part` (from 1) of a listing whose first page is `first`: `modules/index.md` ->
    `modules/index/2.md`. A folder named after the first page's file: only that page's own name takes it
    (no module can be `modules/index.md`, no area's slug is another's)."""
    return first if part == 1 else f"{first[:-3]}/{part}.md"


def module_index_pages(modules: int) -> list[str]:
    """The pages of the module index and of the trainer edition's list of modules, for `modules` modules."""
    parts = range(1, page_count(modules, INDEX_ROWS) + 1)
    return [part_page(first, part) for first in (MODULES_INDEX, TRAINER_MODULES) for part in parts]


def area_slug(area_code: str) -> str:
    """The file name (without `.md`) of an area's pages: its anchor, `A1` -> `a1`; never `index`, whose page
    would take the address of its folder's overview."""
    slug = anchor(area_code)
    return slug if slug and slug != "index" else f"area-{slug}".rstrip("-")


def area_page(area_code: str) -> str:
    """The docs path of an area's page: `A1` -> `framework/areas/a1.md`."""
    return f"{AREAS_DIR}/{area_slug(area_code)}.md"


def coverage_parts(modules: int) -> int:
    """How many pages an area's coverage matrix takes for `modules` module rows (one at least)."""
    return page_count(modules, COVERAGE_ROWS)


def coverage_area_page(area_code: str, part: int = 1) -> str:
    """The docs path of page `part` (from 1) of an area's coverage matrix: `A1` -> `framework/coverage/a1.md`,
    then `framework/coverage/a1/2.md` (a folder: no area's slug can take its name)."""
    return part_page(f"{COVERAGE_DIR}/{area_slug(area_code)}.md", part)


def generated_pages(standard_ids: Iterable[str] = (), area_modules: Mapping[str, int] | None = None,
                    module_count: int = 0) -> frozenset[str]:
    """Every page coursegen generates for a library with these national standards, areas (`area_modules`:
    area code -> how many modules address it) and number of modules: `GENERATED_PAGES`, a page per standard,
    a page per area and the pages of its coverage matrix, the pages of the module lists. The checks of links
    (CG405) and reserved paths (CG112) ask here."""
    pages = set(GENERATED_PAGES) | {standard_page(standard_id) for standard_id in standard_ids}
    pages.update(module_index_pages(module_count))
    for code, modules in (area_modules or {}).items():
        pages.add(area_page(code))
        pages.update(coverage_area_page(code, part) for part in range(1, coverage_parts(modules) + 1))
    return frozenset(pages)


def trainer_rel(rel: str) -> str:
    """The docs path of a page's trainer twin: `modules/role.md` -> `trainer/modules/role.md`."""
    return f"{TRAINER_DIR}/{rel}"


# --- paths and anchors -------------------------------------------------------------------------------


_NOT_ANCHOR = re.compile(r"[^a-z0-9-]+")


def anchor(code: str) -> str:
    """The HTML anchor of a framework item or glossary term: `A1.C1.LO1` -> `a1-c1-lo1`."""
    return _NOT_ANCHOR.sub("-", code.lower()).strip("-")


def page_url(rel: str) -> str:
    """The directory URL of a docs page: `modules/role.md` -> `modules/role/`, `index.md` -> ``."""
    stem = rel[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def relative_url(from_rel: str, to_rel: str, fragment: str = "") -> str:
    """A relative URL from page `from_rel` to page `to_rel`, for raw HTML (which MkDocs does not rewrite)."""
    target = page_url(to_rel) or "."
    base = page_url(from_rel).rstrip("/") or "."
    url = relpath(target, base)
    url = "./" if url == "." else url + "/"
    return url + (f"#{fragment}" if fragment else "")


def relative_md(from_rel: str, to_rel: str, fragment: str = "") -> str:
    """A relative Markdown link between docs files, which MkDocs checks and turns into a URL."""
    path = relpath(to_rel, posixpath.dirname(from_rel))
    return path + (f"#{fragment}" if fragment else "")


def relpath(path: str, start: str) -> str:
    """`posixpath.relpath` for the normalized relative paths of docs files (no `..`), without its two
    `abspath` calls: page generation computes thousands of these."""
    to = [part for part in path.split("/") if part and part != "."]
    base = [part for part in start.split("/") if part and part != "."]
    common = 0
    while common < min(len(to), len(base)) and to[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


# --- rebasing relative links -------------------------------------------------------------------------

#: A Markdown link or image and its destination (group 2), bare or in `<...>`.
RELATIVE_LINK = re.compile(r"(!?\[(?:[^\[\]\n]|\[[^\]\n]*\])*\]\(\s*)(<[^>\n]*>|[^)\s]*)")
#: A reference-style link's definition (`[id]: destination "title"`, its destination in group 2), as
#: Python-Markdown's reference processor reads it.
REFERENCE_DEFINITION = ReferenceProcessor.RE
#: A URL with a scheme (`https:`, `mailto:`, `module:`): never relative.
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
#: A URL attribute in rendered HTML.
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def map_relative_links(markdown: str, change: Callable[[str], str | None]) -> str:
    """The Markdown with the destination of every link (inline, or a reference-style link's definition)
    that has no scheme and is not absolute replaced by `change(destination)` (unchanged where it returns
    None); code spans and blocks are left alone."""
    masked = mask_code(markdown)
    parts, last = [], 0
    matches = list(RELATIVE_LINK.finditer(masked))
    if "]:" in masked:
        matches = sorted(matches + list(REFERENCE_DEFINITION.finditer(masked)), key=lambda match: match.start(2))
    for match in matches:
        if match.start(2) < last:  # inside a destination changed already
            continue
        bare = markdown[match.start(2):match.end(2)].strip("<>")
        if not bare or bare.startswith("/") or SCHEME.match(bare):
            continue
        new = change(bare)
        if new is None:
            continue
        parts.append(markdown[last:match.start(2)])
        parts.append(f"<{new}>" if markdown.startswith("<", match.start(2)) else new)  # `<...>` may hold spaces
        last = match.end(2)
    parts.append(markdown[last:])
    return "".join(parts)


def reference_definitions(markdown: str) -> str:
    """Every reference-style link definition of a body (outside code), one per line, in the body's order:
    for a text converted apart from the body it comes from (a trainer note), whose `[text][id]` links use
    the body's definitions."""
    masked = mask_code(markdown)
    if "]:" not in masked:
        return ""
    return "\n".join(markdown[match.start():match.end()].strip().replace("\n", " ")
                     for match in REFERENCE_DEFINITION.finditer(masked))


def rebase_markdown(markdown: str, source_rel: str, out_rel: str) -> str:
    """Relative Markdown links written for docs page `source_rel`, rewritten for a page at `out_rel`."""
    def rebased(bare: str) -> str | None:
        if bare.startswith("#"):
            return None
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(source_rel), bare))
        return posixpath.relpath(joined, posixpath.dirname(out_rel) or ".")

    return map_relative_links(markdown, rebased)


def url_folder(url: str) -> str:
    """The folder relative URLs of a page resolve from: `modules/m1/` -> `modules/m1`, `a/b.html` -> `a`."""
    return url.rstrip("/") if url.endswith("/") or not url else posixpath.dirname(url)


def rebase_url(url: str, source: str, target: str) -> str:
    """A relative URL written in folder `source`, rewritten to point to the same place from `target`."""
    if not url or url.startswith(("#", "/", "?")) or SCHEME.match(url):
        return url
    cut = min((i for i in (url.find("#"), url.find("?")) if i >= 0), default=len(url))
    path, rest = url[:cut], url[cut:]
    resolved = posixpath.normpath(posixpath.join(source, path))
    rebased = posixpath.relpath(resolved, target or ".")
    if rebased == ".":
        rebased = "./"
    elif path.endswith("/") or path in (".", "./"):
        rebased += "/"
    return rebased + rest


def rebase_html(html: str, source: str, target: str) -> str:
    """Every relative `href` and `src` of rendered content, rewritten from folder `source` to `target`."""
    return _URL_ATTRIBUTE.sub(lambda m: m.group(1) + rebase_url(m.group(2), source, target) + m.group(3), html)


# --- the self-assessment pages (see `pages.self_assessment`) -----------------------------------------

#: The folder of the self-assessment pages: an index, a page per area of the framework, a page per course.
SELF_ASSESSMENT_DIR = "self-assessment"
SELF_ASSESSMENT_INDEX = f"{SELF_ASSESSMENT_DIR}/index.md"
#: The folders of the sheets themselves: an area's, a course's.
SELF_ASSESSMENT_AREAS = f"{SELF_ASSESSMENT_DIR}/areas"
SELF_ASSESSMENT_COURSES = f"{SELF_ASSESSMENT_DIR}/courses"


def self_assessment_area_page(area_code: str) -> str:
    """The docs path of an area's self-assessment: `A1` -> `self-assessment/areas/a1.md`."""
    return f"{SELF_ASSESSMENT_AREAS}/{anchor(area_code) or 'area'}.md"


def self_assessment_course_page(course_id: str) -> str:
    """The docs path of a course's self-assessment: `basic` -> `self-assessment/courses/basic.md`."""
    return f"{SELF_ASSESSMENT_COURSES}/{anchor(course_id) or 'course'}.md"
