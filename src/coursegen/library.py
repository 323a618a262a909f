"""The library: everything loaded from one project, indexed and resolved.

The library is built once by `loader.load()` and then only read: checks, generated pages and exports all
take it as input. Derived indexes (backlinks, prerequisite order) are computed on first use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .assets import AssetReview, review_assets
from .markdown_scan import BodyScan
from .quiz import Quiz, read_quizzes_of
from .models import (
    Area,
    Competence,
    CourseMeta,
    Framework,
    FrameworkTranslation,
    Glossary,
    GlossaryTerm,
    GlossaryTranslation,
    ModuleMeta,
    Outcome,
    PageMeta,
    Standard,
    StandardUnit,
    TranslationMeta,
)
from .page_paths import SELF_ASSESSMENT_INDEX, anchor, area_page, generated_pages
from .self_assessment_sheets import sheet_pages
from .sources import Key, Position, YamlDoc

#: Folders of every language's site that the build fills itself: Pagefind's search index and the theme's
#: files. (The trainer edition's folder is `page_paths.TRAINER_DIR`.) Content must not publish anything there.
SITE_FOLDERS = frozenset({"pagefind", "assets"})


@dataclass(frozen=True)
class Located:
    """Where an item was defined: a file, the YAML document it came from, and its path inside it."""

    path: str  # relative to the project root
    doc: YamlDoc | None = None
    base: Key = ()

    def at(self, *field_path: Any, key: bool = False) -> Position:
        if self.doc is None:
            return Position(1, 1)
        return self.doc.at((*self.base, *field_path), key=key)


@dataclass
class Translation:
    """One language version of a page, module or course."""

    lang: str
    rel: str  # relative to content/
    meta: TranslationMeta
    body: str
    body_line: int
    scan: BodyScan
    where: Located

    @cached_property
    def quizzes(self) -> tuple[Quiz, ...]:
        """The translation's self-check quizzes, in order (see `quiz`)."""
        return read_quizzes_of(self.scan).quizzes


@dataclass
class Page:
    """A Markdown file of content/ in the default language. `kind` is page, module or course."""

    rel: str  # relative to content/
    kind: str
    meta: PageMeta | ModuleMeta | CourseMeta
    raw_meta: dict[str, Any]
    body: str
    body_line: int
    scan: BodyScan
    where: Located
    translations: dict[str, Translation] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return self.meta.version

    @cached_property
    def shared(self) -> dict[str, Any]:
        """What steps after loading make of the page and keep for its life (its text as a translation source,
        see `translation_sources.page_source`), as `Library.shared` keeps what they make of the library."""
        return {}

    @property
    def title(self) -> str | None:
        return self.meta.title

    @cached_property
    def quizzes(self) -> tuple[Quiz, ...]:
        """The page's self-check quizzes, in order (see `quiz`)."""
        return read_quizzes_of(self.scan).quizzes


@dataclass(frozen=True)
class LocatedItem:
    """A framework item with its place."""

    item: Area | Competence | Outcome
    where: Located
    parent: str | None


@dataclass
class Library:
    root: Path
    content_dir: Path
    framework: Framework | None = None
    framework_where: Located | None = None
    items: dict[str, LocatedItem] = field(default_factory=dict)  # areas, competences, outcomes by code
    standards: list[tuple[Standard, Located]] = field(default_factory=list)
    framework_translations: dict[str, tuple[FrameworkTranslation, Located]] = field(default_factory=dict)
    pages: dict[str, Page] = field(default_factory=dict)  # by path relative to content/
    glossary: Glossary | None = None
    glossary_where: Located | None = None
    glossary_translations: dict[str, tuple[GlossaryTranslation, Located]] = field(default_factory=dict)
    #: Every file under content/ that is safe to read (see `walk`), relative to content/.
    content_files: frozenset[str] = frozenset()
    #: Every file under framework/ that is safe to read, relative to the project root.
    framework_files: frozenset[str] = frozenset()
    #: Codes and ids that exist in a file but failed validation: references to them are not reported again.
    invalid_ids: set[str] = field(default_factory=set)
    #: Files that could not be read or parsed at all: their items are unknown, not missing.
    unreadable: set[str] = field(default_factory=set)
    #: Translation files marked `translation: pending` (scaffolds not yet translated), by project-relative
    #: path: valid, but not registered as translations, so everything treats them as missing.
    pending: set[str] = field(default_factory=set)

    def missing(self, value: str, known: Any, *, framework: bool = False) -> bool:
        """Whether a reference to `value` is broken, and not merely hidden by a problem already reported.

        Items that failed validation are in `invalid_ids`; framework codes are unknowable while a framework
        file could not be read at all, so references to them are then not reported.
        """
        if value in known or value in self.invalid_ids:
            return False
        return not (framework and any(path.startswith("framework/") for path in self.unreadable))

    @cached_property
    def asset_review(self) -> AssetReview:
        """Which content files are published as they are, and why each other one is not (see `assets`).

        Computed once: validate reports its diagnostics, and every language's site publishes its files.
        """
        return review_assets(self.content_dir, self.content_files)

    # --- languages ---

    @property
    def default_language(self) -> str:
        return self.framework.default_language if self.framework else "en"

    @property
    def languages(self) -> tuple[str, ...]:
        """The default language, then the others. Made once per framework (every page asks, often several
        times): the framework is set while loading, so what is kept is checked to be of the current one."""
        framework = self.framework
        kept = self.shared.get("languages")
        if kept is not None and kept[0] is framework:
            return kept[1]
        if not framework:
            languages: tuple[str, ...] = (self.default_language,)
        else:
            default = framework.default_language
            languages = (default, *(lang for lang in framework.languages if lang != default))
        self.shared["languages"] = (framework, languages)
        return languages

    # --- framework indexes ---

    def _of_type(self, kind: type) -> dict[str, Any]:
        return {code: entry.item for code, entry in self.items.items() if isinstance(entry.item, kind)}

    @cached_property
    def areas(self) -> dict[str, Area]:
        return self._of_type(Area)

    @cached_property
    def competences(self) -> dict[str, Competence]:
        return self._of_type(Competence)

    @cached_property
    def outcomes(self) -> dict[str, Outcome]:
        return self._of_type(Outcome)

    @cached_property
    def units(self) -> dict[str, tuple[Standard, StandardUnit]]:
        return {unit.code: (standard, unit) for standard, _ in self.standards for unit in standard.units}

    @cached_property
    def generated_pages(self) -> frozenset[str]:
        """The docs paths of the pages coursegen generates for this library (see `page_paths.generated_pages`)."""
        return generated_pages((standard.id for standard, _ in self.standards),
                               {code: len(modules) for code, modules in self.area_modules.items()},
                               len(self.modules)) | {SELF_ASSESSMENT_INDEX, *sheet_pages(self)}

    @cached_property
    def item_areas(self) -> dict[str, str]:
        """Framework item code -> the code of its area (an area's is its own)."""
        areas: dict[str, str] = {}
        for code in self.items:
            top, seen = code, {code}
            while self.items[top].parent in self.items and self.items[top].parent not in seen:
                top = self.items[top].parent
                seen.add(top)
            areas[code] = top
        return areas

    def item_page(self, code: str) -> str:
        """The docs path of the page that holds a framework item's anchor: its area's page."""
        return area_page(self.item_areas.get(code, code))

    @cached_property
    def area_modules(self) -> dict[str, list[str]]:
        """Area code -> ids of the modules that address one of its outcomes or more, by id (the rows of the
        area's coverage matrix)."""
        addressed: dict[str, list[str]] = {code: [] for code in self.areas}
        for module_id, page in sorted(self.modules.items()):
            for area in dict.fromkeys(self.item_areas[o] for o in page.meta.outcomes if o in self.item_areas):
                if area in addressed:
                    addressed[area].append(module_id)
        return addressed

    @cached_property
    def terms(self) -> dict[str, GlossaryTerm]:
        return {term.id: term for term in self.glossary.terms} if self.glossary else {}

    @cached_property
    def shared(self) -> dict[Any, Any]:
        """Objects made from this library that every part of a build may share (each language's localizer, see
        `pages.localizer.localizer`; the languages in order; the exports' text of each module): they live as
        long as the library."""
        return {}

    @cached_property
    def item_anchors(self) -> dict[str, str]:
        """Each framework item's HTML anchor -> its code (a package's pages resolve links to them)."""
        return {anchor(code): code for code in self.items}

    @cached_property
    def term_anchors(self) -> dict[str, str]:
        """Each glossary term's HTML anchor -> its id."""
        return {anchor(term_id): term_id for term_id in self.terms}

    # --- content indexes ---

    @cached_property
    def modules(self) -> dict[str, Page]:
        return _first_by_id(page for page in self.pages.values() if page.kind == "module")

    @cached_property
    def courses(self) -> dict[str, Page]:
        return _first_by_id(page for page in self.pages.values() if page.kind == "course")

    @cached_property
    def outcome_backlinks(self) -> dict[str, list[str]]:
        """Outcome code -> ids of the modules that address it, in module-id order."""
        backlinks: dict[str, list[str]] = {code: [] for code in self.outcomes}
        for module_id, page in sorted(self.modules.items()):
            for code in dict.fromkeys(page.meta.outcomes):
                backlinks.setdefault(code, []).append(module_id)
        return backlinks

    @cached_property
    def unit_alignments(self) -> dict[str, list[str]]:
        """Outcome code -> national unit codes it contributes to (from standards files and outcomes)."""
        aligned: dict[str, list[str]] = {code: list(o.alignments) for code, o in self.outcomes.items()}
        for standard, _ in self.standards:
            for unit in standard.units:
                for code in unit.outcomes:
                    if unit.code not in aligned.setdefault(code, []):
                        aligned[code].append(unit.code)
        return aligned

    @cached_property
    def unit_outcomes(self) -> dict[str, list[str]]:
        """National unit code -> the outcome codes that contribute to it, in framework order (the inverse of
        `unit_alignments`); a unit no outcome covers has an empty list."""
        covered: dict[str, list[str]] = {code: [] for code in self.units}
        for code, units in self.unit_alignments.items():
            for unit in units:
                if code in self.outcomes:
                    covered.setdefault(unit, []).append(code)
        return covered

    def course_modules(self, course: Page) -> list[str]:
        """The modules a course teaches, in order: its `modules` with each one of `replace` swapped for its
        replacement (a country's equivalent), each once."""
        swap = course.meta.replace
        return list(dict.fromkeys(swap.get(module_id, module_id) for module_id in course.meta.modules))

    def course_hours(self, course: Page) -> float:
        """The sum of the hours of a course's known modules, each counted once."""
        return sum(self.modules[m].meta.duration_hours for m in self.course_modules(course) if m in self.modules)

    def children(self, code: str | None) -> list[str]:
        """Codes whose parent is `code` (None: the areas), in file order."""
        return self._children.get(code, [])

    @cached_property
    def _children(self) -> dict[str | None, list[str]]:
        children: dict[str | None, list[str]] = {}
        for child, entry in self.items.items():
            children.setdefault(entry.parent, []).append(child)
        return children


def _first_by_id(pages) -> dict[str, Page]:
    """Index by id; on duplicates the first file (in path order) wins and checks report the others."""
    indexed: dict[str, Page] = {}
    for page in sorted(pages, key=lambda p: p.rel):
        indexed.setdefault(page.meta.id, page)
    return indexed
