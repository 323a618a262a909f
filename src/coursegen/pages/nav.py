"""The navigation of one language's site: the generated indexes and the ordinary pages, never the module list.

Listing every module would put the whole library into every page's HTML; the indexes link to them. The
framework's section lists its overview, its areas' pages (up to `SECTION_LIMIT` of them: more are reached
from the overview, and follow each other as previous and next page), the coverage matrix's overview (its
areas' matrices are reached from there) and the national standards' pages.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from ..page_paths import COURSES_INDEX, COVERAGE_PAGE, FRAMEWORK_PAGE, GLOSSARY_PAGE, GUIDELINE_BOOK, MODULES_INDEX, \
    SELF_ASSESSMENT_INDEX, STATUS_PAGE, TRAINER_INDEX, area_page, standard_page
from .standards import published_standards

if TYPE_CHECKING:
    from ..library import Library
    from .file_set import FileSet
    from .language import LanguageSite

#: A folder's section lists its pages up to this many; a bigger one shows only its index.
SECTION_LIMIT = 40


def nav(site: LanguageSite, files: FileSet) -> list:
    """The navigation as MkDocs' `nav` setting: home, indexes, framework section (with the national
    standards and the self-assessment index), glossary, page sections (the guideline's with its book at the end, the Contribute section's
    with the translation status), the trainer edition."""
    t = site.local.t
    entries: list = []
    if "index.md" in files.pages:
        entries.append("index.md")
    standards = [standard_page(standard.id) for standard in published_standards(site.library)]
    framework = [FRAMEWORK_PAGE, *nav_areas(site.library), COVERAGE_PAGE, *standards, SELF_ASSESSMENT_INDEX]
    entries += [MODULES_INDEX, COURSES_INDEX, {t("framework"): framework}, GLOSSARY_PAGE]
    last: dict[str, object] = {posixpath.dirname(STATUS_PAGE): STATUS_PAGE}
    if GUIDELINE_BOOK in files.pages:
        last[posixpath.dirname(GUIDELINE_BOOK)] = {t("guideline_book"): GUIDELINE_BOOK}
    entries += page_sections(site, last)
    if not any(rel.startswith(posixpath.dirname(STATUS_PAGE) + "/") for rel in site.library.pages):
        entries.append(STATUS_PAGE)  # a project without a Contribute section still lists it
    entries.append(TRAINER_INDEX)
    return entries


def nav_areas(library: Library) -> list[str]:
    """The areas' pages the framework's section lists: all of them, unless there are more than `SECTION_LIMIT`."""
    areas = library.children(None)
    return [area_page(area) for area in areas] if len(areas) <= SECTION_LIMIT else []


def page_sections(site: LanguageSite, last: dict[str, object] | None = None) -> list:
    """Ordinary pages grouped by their top folder (small sections only; big ones show their index);
    `last` adds one generated entry at the end of a folder's section (the guideline book, the status page)."""
    groups: dict[str, list[str]] = {}
    for rel, page in sorted(site.library.pages.items()):
        if page.kind != "page" or rel == "index.md":
            continue
        groups.setdefault(rel.split("/")[0] if "/" in rel else "", []).append(rel)
    sections: list = groups.pop("", [])
    for folder, rels in groups.items():
        index = f"{folder}/index.md"
        rels = sorted(rels, key=lambda r: (r != index, r))
        title = section_title(site, folder)
        entries: list = rels if len(rels) <= SECTION_LIMIT else rels[:1]
        if last and folder in last:
            entries = entries + [last[folder]]
        sections.append({title: entries})
    return sections


def section_title(site: LanguageSite, folder: str) -> str:
    """A folder's section label in this language: its index page's translated title; else the site's word
    `section_<folder>` in this language (the shipped folders have one in every language); else the index
    page's title in the default language; else the folder's name."""
    index = site.library.pages.get(f"{folder}/index.md")
    if index is not None and (site.lang == site.default or site.lang in index.translations):
        return site.local.page_title(index)
    own = site.local.strings.own(site.lang, f"section_{folder}")
    if own:
        return own
    return site.local.page_title(index) if index is not None else folder
