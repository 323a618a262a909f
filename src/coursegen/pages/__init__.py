"""The generated file set: for one language, every Markdown page of the site and the assets it needs.

This package knows nothing about MkDocs. It turns a validated `Library` into plain Markdown (with the
`attr_list` and `md_in_html` extensions in mind) that any Markdown site generator can render. One file per job:

| module | its one job |
|---|---|
| `file_set` | the result: pages, assets, navigation, trainer twins, finished HTML blocks |
| `localizer` | the library's text in one language, item by item falling back to the default language |
| `language` | which text a page shows in a language (translation or fallback), its notices and front matter |
| `references` | `[](outcome:A1.C1.LO1)` and the other references expanded to links with localized titles |
| `page_text` | front matter and the level-1 heading of a Markdown file |
| `learner` | the learner edition of a content page |
| `trainer` | the trainer edition: a trainer page's additions to its learner twin, and its index |
| `module_card` | the info card of a module page |
| `course` | a course page's sections and prerequisite diagram |
| `generated` | the generated index pages (framework and coverage overviews, modules, courses, glossary) |
| `framework_pages` | the framework's overview and one page per area, with the modules that teach each outcome |
| `coverage_pages` | the coverage matrix's overview and each area's matrix, on pages of bounded size |
| `nav` | the navigation |
| `reading_order` | the order of the module pages, for their previous and next links |
| `assemble` | the whole file set of one language, in a fixed order |

Page paths and relative links between pages are `coursegen.page_paths`'. Everything is computed from the
library alone, in a fixed order, so the same input gives the same text.
"""

from __future__ import annotations

from ..export.downloads import Made
from ..library import Library
# Page paths are page_paths'; these are imported from here by modules written before it existed.
from ..page_paths import GUIDELINE_BOOK, TRAINER_DIR, anchor, page_url, relative_md, relative_url
from .assemble import file_set
from .file_set import HTML_BLOCK, FileSet, HtmlBlocks
from .language import LanguageSite
from .localizer import Localizer, localizer
from .page_text import after_h1, ensure_h1, front_matter
from .references import References
from .trainer import TRAINER_PART, TRAINER_SLOT, trainer_blocks_as_slots

__all__ = [
    "GUIDELINE_BOOK", "HTML_BLOCK", "TRAINER_DIR", "TRAINER_PART", "TRAINER_SLOT", "FileSet", "HtmlBlocks",
    "LanguageSite", "Localizer", "References", "after_h1", "anchor", "ensure_h1", "front_matter", "localizer",
    "generate_language", "page_url", "relative_md", "relative_url", "trainer_blocks_as_slots",
]


def generate_language(library: Library, lang: str, *, downloads: bool = False,
                      made: list[Made] | None = None) -> FileSet:
    """The generated file set of one language (with the trainers' downloads when `downloads`: `made`, when
    the caller has them already, see `file_set`)."""
    return file_set(LanguageSite(library, lang), downloads=downloads, made=made)

