"""Validation rules: pure functions `check_x(library) -> Iterator[Diagnostic]`, one per concern.

Each rule reports every instance it finds, never only the first. `CHECKS` lists them all, in order.
"""

from __future__ import annotations

import difflib
import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import unquote

from .assets import is_asset
from .code_scheme import LEVELS, code_pattern, example_code, scheme_problems
from .diagnostics import Diagnostic, make
from .i18n import Status, TranslationState, is_known_country, is_known_language, translation_states
from .library import SITE_FOLDERS, Library, Located, Page
from .loader import TRANSLATION_NAME
from .html_policy import SCRIPT_SCHEMES, find_disallowed, url_scheme
from .markdown_scan import BLOCK_KINDS, REFERENCE_SCHEMES, BodyScan, Link
from .models import Area, CodeScheme, Competence, Outcome, Standard
from .ui_strings import STRINGS_FOLDER, UiStrings
from .page_paths import TRAINER_DIR, page_url, standard_page
from .session_checks import check_session_plans
from .quiz_checks import check_quizzes
from .quiz_translation_checks import check_translated_quizzes

ITEM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
ESCO_URI = re.compile(r"^http://data\.europa\.eu/esco/(occupation|skill|isco)/[0-9a-zA-Z-]+$")
EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
WEB_SCHEMES = ("http:", "https:", "mailto:", "tel:", "ftp:", "//")


def close_match(value: str, known: Iterable[str]) -> str:
    """The known name closest to `value` (a likely typo), or '' when none is close: a diagnostic's
    `suggestion`, which its catalogue entry turns into a "Did you mean ...?" hint."""
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return close[0] if close else ""


def _at(where: Located, key: str, field_path: tuple, /, *, on_key: bool = False, **args: object) -> Diagnostic:
    """A diagnostic of `key` at the YAML value (or, `on_key`, the key) that `field_path` leads to."""
    position = where.at(*field_path, key=on_key)
    return make(key, where.path, position.line, position.column, **args)


# --- framework -----------------------------------------------------------------------------------


def check_framework(library: Library) -> Iterator[Diagnostic]:
    framework, where = library.framework, library.framework_where
    if framework is None or where is None:
        return
    for index, lang in enumerate(framework.languages):
        if not is_known_language(lang):
            yield _at(where, "CG503.code", ("languages", index), lang=lang)
    if framework.default_language not in framework.languages:
        yield _at(where, "CG210", ("default_language",), lang=framework.default_language)
    if not framework.title.strip():
        yield _at(where, "CG207.framework_title", ("title",))
    for index, level in enumerate(framework.eqf_levels):
        if not 1 <= level <= 8:
            yield _at(where, "CG204", ("eqf_levels", index), level=level)
    for index, occupation in enumerate(framework.occupations):
        if not ESCO_URI.match(occupation.uri) or "/occupation/" not in occupation.uri:
            yield _at(where, "CG205.occupation", ("occupations", index, "uri"), address=occupation.uri)


def check_code_scheme(library: Library) -> Iterator[Diagnostic]:
    """The `codes:` declaration of framework.yaml: every part of it that cannot be used (CG212)."""
    framework, where = library.framework, library.framework_where
    if framework is None or where is None:
        return
    for level, situation in scheme_problems(framework.codes):
        value = {"value": getattr(framework.codes, level)} if situation == "prefix" else {}
        yield _at(where, f"CG212.{situation}", ("codes", level), level=level, **value)


def _level_of(item: Area | Competence | Outcome) -> str:
    return LEVELS[(Area, Competence, Outcome).index(type(item))]


def check_codes(library: Library) -> Iterator[Diagnostic]:
    """Codes of the form the framework declares (CG201), each starting with its parent's code (CG203).

    With a declaration that cannot be used (CG212) the form is unknown, so no code is reported."""
    scheme = library.framework.codes if library.framework else CodeScheme()
    if scheme_problems(scheme):
        return
    patterns = {level: code_pattern(scheme, level) for level in LEVELS}
    for code, entry in library.items.items():
        level = _level_of(entry.item)
        if not patterns[level].match(code):
            yield _at(entry.where, "CG201", ("code",), code=code, example=example_code(scheme, level))
        elif entry.parent is not None and code.rsplit(".", 1)[0] != entry.parent \
                and patterns[_level_of(library.items[entry.parent].item)].match(entry.parent):
            yield _at(entry.where, "CG203", ("code",), code=code, parent=entry.parent,
                      example=f"{entry.parent}.{code.rsplit('.', 1)[-1]}")


def check_framework_items(library: Library) -> Iterator[Diagnostic]:
    targets = set(library.framework.eqf_levels) if library.framework else set()
    for code, entry in library.items.items():
        item, where = entry.item, entry.where
        text_field = "statement" if isinstance(item, Outcome) else "title"
        if not getattr(item, text_field).strip():
            yield _at(where, f"CG207.{text_field}", (text_field,), code=code, lang=library.default_language)
        if isinstance(item, Outcome):
            yield from _check_outcome(library, item, where, targets)


def _check_outcome(library: Library, outcome: Outcome, where: Located, targets: set[int]) -> Iterator[Diagnostic]:
    if not 1 <= outcome.eqf_level <= 8:
        yield _at(where, "CG204", ("eqf_level",), level=outcome.eqf_level)
    elif targets and outcome.eqf_level not in targets:
        yield _at(where, "CG211", ("eqf_level",), code=outcome.code, level=outcome.eqf_level,
                  targets=", ".join(map(str, sorted(targets))))
    for index, uri in enumerate(outcome.esco_skills):
        if not ESCO_URI.match(uri) or "/skill/" not in uri:
            yield _at(where, "CG205.skill", ("esco_skills", index), address=uri)
    for index, unit in enumerate(outcome.alignments):
        if unit not in library.units:
            yield _at(where, "CG206", ("alignments", index), code=outcome.code, unit=unit,
                      suggestion=close_match(unit, library.units))


def check_standards(library: Library) -> Iterator[Diagnostic]:
    """Each standard file: its id and page (CG213), its country, address and language, each unit once (CG209), each
    outcome it maps to known (CG208)."""
    seen: dict[str, str] = {}
    pages: dict[str, str] = {}
    for standard, where in library.standards:
        yield from _check_standard_file(standard, where, pages)
        for ui, unit in enumerate(standard.units):
            if unit.code in seen:
                yield _at(where, "CG209", ("units", ui, "code"), unit=unit.code, first_path=seen[unit.code])
            seen.setdefault(unit.code, where.path)
            if unit.language is not None and not is_known_language(unit.language):
                yield _at(where, "CG213.language", ("units", ui, "language"), language=unit.language)
            for oi, code in enumerate(unit.outcomes):
                if library.missing(code, library.outcomes, framework=True):
                    yield _at(where, "CG208", ("units", ui, "outcomes", oi), unit=unit.code, code=code,
                              suggestion=close_match(code, library.outcomes))


def _check_standard_file(standard: Standard, where: Located, pages: dict[str, str]) -> Iterator[Diagnostic]:
    if not ITEM_ID.match(standard.id):
        yield _at(where, "CG213.id", ("id",), id=standard.id)
    page = standard_page(standard.id)
    if page in pages:
        yield _at(where, "CG213.same_page", ("id",), id=standard.id, first_path=pages[page])
    pages.setdefault(page, where.path)
    if not is_known_country(standard.country):
        yield _at(where, "CG213.country", ("country",), country=standard.country)
    if standard.url is not None and not standard.url.startswith(("https://", "http://")):
        yield _at(where, "CG213.url", ("url",), address=standard.url)
    if standard.language is not None and not is_known_language(standard.language):
        yield _at(where, "CG213.language", ("language",), language=standard.language)


# --- modules and courses -------------------------------------------------------------------------


def _duplicates(library: Library, kind: str, code: str) -> Iterator[Diagnostic]:
    first: dict[str, Page] = {}
    for page in sorted((p for p in library.pages.values() if p.kind == kind), key=lambda p: p.rel):
        if not ITEM_ID.match(page.meta.id):
            yield _at(page.where, "CG314.page", ("id",), id=page.meta.id)
        if page.meta.id in first:
            yield _at(page.where, code, ("id",), id=page.meta.id, first_path=first[page.meta.id].where.path)
        first.setdefault(page.meta.id, page)


def check_modules(library: Library) -> Iterator[Diagnostic]:
    yield from _duplicates(library, "module", "CG301")
    for page in library.modules.values():
        meta = page.meta
        if not meta.outcomes:
            yield _at(page.where, "CG305", ("id",), on_key=True, id=meta.id)
        for index, code in enumerate(meta.outcomes):
            if library.missing(code, library.outcomes, framework=True):
                yield _at(page.where, "CG302", ("outcomes", index), code=code,
                          suggestion=close_match(code, library.outcomes))
        for index, prerequisite in enumerate(meta.prerequisites):
            if library.missing(prerequisite, library.modules):
                yield _at(page.where, "CG303", ("prerequisites", index), id=prerequisite,
                          suggestion=close_match(prerequisite, library.modules))
        if meta.eqf_level is not None and not 1 <= meta.eqf_level <= 8:
            yield _at(page.where, "CG204", ("eqf_level",), level=meta.eqf_level)


def prerequisite_cycles(library: Library) -> list[list[str]]:
    """Each cycle once, as a list of module ids starting at its smallest id (e.g. [M01, M03, M01])."""
    graph = {mid: [p for p in page.meta.prerequisites if p in library.modules] for mid, page in library.modules.items()}
    cycles: set[tuple[str, ...]] = set()
    color: dict[str, int] = {}
    for start in sorted(graph):
        if color.get(start):
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(graph[start]))]
        path = [start]
        color[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                color[node] = 2
                stack.pop()
                path.pop()
            elif color.get(child) == 1:
                cycle = path[path.index(child):]
                rotation = cycle.index(min(cycle))
                cycles.add(tuple(cycle[rotation:] + cycle[:rotation]))
            elif not color.get(child):
                color[child] = 1
                stack.append((child, iter(graph[child])))
                path.append(child)
    return [[*cycle, cycle[0]] for cycle in sorted(cycles)]


def check_prerequisite_cycles(library: Library) -> Iterator[Diagnostic]:
    for cycle in prerequisite_cycles(library):
        page = library.modules[cycle[0]]
        index = list(page.meta.prerequisites).index(cycle[1])
        shown = " → ".join(cycle)
        yield _at(page.where, "CG304", ("prerequisites", index), cycle=shown, first=cycle[0], second=cycle[1])


def check_courses(library: Library) -> Iterator[Diagnostic]:
    yield from _duplicates(library, "course", "CG310")
    for page in library.courses.values():
        yield from _check_course(library, page)


def _check_course(library: Library, page: Page) -> Iterator[Diagnostic]:
    meta, where = page.meta, page.where
    position: dict[str, int] = {}
    for index, module_id in enumerate(meta.modules):
        if module_id in position:
            yield _at(where, "CG316", ("modules", index), id=module_id)
        position.setdefault(module_id, index)
        if library.missing(module_id, library.modules):
            yield _at(where, "CG306", ("modules", index), id=module_id,
                      suggestion=close_match(module_id, library.modules))
    yield from _check_replacements(library, page, position)
    yield from _check_course_order(library, page, position)
    if meta.target_hours is not None and all(m in library.modules for m in library.course_modules(page)):
        total = library.course_hours(page)
        if abs(total - meta.target_hours) > 1e-6:
            yield _at(where, "CG308", ("target_hours",), total=float(total), target=float(meta.target_hours))


def _check_course_order(library: Library, page: Page, position: dict[str, int]) -> Iterator[Diagnostic]:
    """Each taught module after its prerequisites (CG307), which the course has (CG312). A replacement takes
    the place of the module it replaces, and counts as it for the modules that need that one."""
    taught = {page.meta.replace.get(m, m): index for m, index in position.items()}
    known = {**position, **taught}
    for module_id, index in taught.items():
        module = library.modules.get(module_id)
        for prerequisite in module.meta.prerequisites if module else ():
            if prerequisite not in known:
                if prerequisite in library.modules:
                    yield _at(page.where, "CG312", ("modules", index), id=module_id, prerequisite=prerequisite)
            elif known[prerequisite] > index:
                yield _at(page.where, "CG307", ("modules", index), id=module_id, prerequisite=prerequisite)


def _check_replacements(library: Library, page: Page, position: dict[str, int]) -> Iterator[Diagnostic]:
    """`replace: {M03: M03-AT}`: the replaced module is in the course (CG320.not_listed), the replacement
    exists (CG320.unknown); a replacement that teaches other outcomes is a warning naming them (CG321)."""
    for replaced, replacement in page.meta.replace.items():
        if replaced not in position:
            yield _at(page.where, "CG320.not_listed", ("replace", replaced), on_key=True, id=replaced,
                      suggestion=close_match(replaced, position))
        elif library.missing(replacement, library.modules):
            yield _at(page.where, "CG320.unknown", ("replace", replaced), id=replacement,
                      suggestion=close_match(replacement, library.modules))
        elif replaced in library.modules and replacement in library.modules:
            yield from _compare_outcomes(library, page, replaced, replacement)


def _compare_outcomes(library: Library, page: Page, replaced: str, replacement: str) -> Iterator[Diagnostic]:
    before = set(library.modules[replaced].meta.outcomes)
    after = set(library.modules[replacement].meta.outcomes)
    if before != after:
        yield _at(page.where, "CG321", ("replace", replaced), id=replacement, replaced=replaced,
                  lost=", ".join(sorted(before - after)) or "–", gained=", ".join(sorted(after - before)) or "–")


def check_coverage(library: Library) -> Iterator[Diagnostic]:
    if not library.modules or any(path.startswith("content/modules/") for path in library.unreadable):
        return  # with a module unreadable, coverage is unknown
    for code, modules in library.outcome_backlinks.items():
        if not modules and code in library.items:
            yield _at(library.items[code].where, "CG309", ("code",), code=code)


def check_glossary(library: Library) -> Iterator[Diagnostic]:
    glossary, where = library.glossary, library.glossary_where
    if glossary is None or where is None:
        return
    seen: set[str] = set()
    for index, term in enumerate(glossary.terms):
        if not ITEM_ID.match(term.id):
            yield _at(where, "CG314.term", ("terms", index, "id"), id=term.id)
        if term.id in seen:
            yield _at(where, "CG313", ("terms", index, "id"), id=term.id)
        seen.add(term.id)
        for name in ("term", "definition"):
            if not getattr(term, name).strip():
                yield _at(where, f"CG207.{name}", ("terms", index, name), id=term.id, lang=library.default_language)
        for si, other in enumerate(term.see_also):
            if other not in library.terms:
                yield _at(where, "CG403.see_also", ("terms", index, "see_also", si), id=other,
                          suggestion=close_match(other, library.terms))


# --- links and references ------------------------------------------------------------------------


def _bodies(library: Library) -> Iterator[tuple[Page, str, str, BodyScan, str | None]]:
    """(page, content-relative path, project path, scan, language or None for the source) of every body."""
    for rel in sorted(library.pages):
        page = library.pages[rel]
        yield page, rel, page.where.path, page.scan, None
        for lang in sorted(page.translations):
            translation = page.translations[lang]
            yield page, translation.rel, translation.where.path, translation.scan, lang


def check_bodies(library: Library) -> Iterator[Diagnostic]:
    for page, rel, path, scan, lang in _bodies(library):
        if scan.unclosed_trainer is not None and scan.unclosed_kind != "quiz":  # a quiz's own: CG337
            line = scan.unclosed_trainer + _body_line(page, lang) - 1
            yield make("CG311", path, line, 1)
        yield from check_html(path, scan)
        for link in scan.links:
            yield from _check_link(library, rel, path, link, lang)


def check_html(path: str, scan: BodyScan) -> Iterator[Diagnostic]:
    """Every construct of a body that the site's sanitiser would remove, told to the author (same allow-list):
    CG601 can run code, CG602 is removed, CG603 loads from another site (an image has its own hint)."""
    for finding in find_disallowed(scan.masked, scan.links, scan.first_line):
        key = "CG603.image" if finding.image and finding.code == "CG603" else finding.code
        yield make(key, path, finding.line, finding.column, what=finding.subject)


def check_block_kinds(library: Library) -> Iterator[Diagnostic]:
    """Every `::: kind` block of a kind coursegen does not know; such a block is kept from learners."""
    known = ", ".join(BLOCK_KINDS)
    for page, _, path, scan, lang in _bodies(library):
        for line, kind in scan.unknown_blocks:
            yield make("CG317", path, line + _body_line(page, lang) - 1, 1, kind=kind, known=known,
                       suggestion=close_match(kind.lower(), BLOCK_KINDS) or BLOCK_KINDS[0], trainer=BLOCK_KINDS[0])


def _body_line(page: Page, lang: str | None) -> int:
    return page.translations[lang].body_line if lang else page.body_line


def link_problems(library: Library, rel: str, path: str, link: Link, lang: str | None) -> Iterator[Diagnostic]:
    """The problems of one link of page `rel` (content-relative) in `lang`, reported at `path` and the link's
    line: for texts that are not in a page yet (a PO file's translations, see `po_import`)."""
    yield from _check_link(library, rel, path, link, lang)


#: A reference as most are written (`outcome:A1.C1.LO1`): its scheme and value, without asking what else the
#: address could be.
_PLAIN_REFERENCE = re.compile("(" + "|".join(REFERENCE_SCHEMES) + "):(.*)", re.S)


def _check_link(library: Library, rel: str, path: str, link: Link, lang: str | None) -> Iterator[Diagnostic]:
    target = link.target.strip()
    reference = _PLAIN_REFERENCE.fullmatch(target)
    if reference:
        yield from _check_reference(library, path, link, reference[1], unquote(reference[2]))
        return
    if not target or target.lower().startswith(WEB_SCHEMES) or url_scheme(target) in SCRIPT_SCHEMES:
        return  # followed as they are, or reported by check_html
    scheme, _, value = target.partition(":")
    if EXTERNAL.match(target):
        yield from _check_reference(library, path, link, scheme, unquote(value))
        return
    yield from _check_relative(library, rel, path, link, lang)


_REFERENCE_CODES = {"outcome": "CG401", "module": "CG402", "term": "CG403"}


def _reference_targets(library: Library, scheme: str) -> dict[str, object]:
    return {
        "outcome": library.outcomes, "competence": library.competences, "area": library.areas,
        "module": library.modules, "course": library.courses, "term": library.terms,
    }[scheme]


def _check_reference(library: Library, path: str, link: Link, scheme: str, value: str) -> Iterator[Diagnostic]:
    if scheme not in REFERENCE_SCHEMES:
        known = ", ".join(s + ":" for s in REFERENCE_SCHEMES)
        yield make("CG404.scheme", path, link.line, link.column, scheme=scheme,
                   suggestion=close_match(scheme, REFERENCE_SCHEMES), known=known)
        return
    targets = _reference_targets(library, scheme)
    if not library.missing(value, targets, framework=scheme in ("outcome", "competence", "area")):
        return
    key = _REFERENCE_CODES.get(scheme, f"CG404.{scheme}")
    yield make(key, path, link.line, link.column, id=value, suggestion=close_match(value, targets))


def _check_relative(library: Library, rel: str, path: str, link: Link, lang: str | None) -> Iterator[Diagnostic]:
    raw, _, anchor = link.target.partition("#")
    raw = unquote(raw.partition("?")[0])
    if not raw:
        anchors = _anchors_of(library, rel, lang)
        if anchor and anchors is not None and anchor not in anchors:
            yield make("CG408.same_page", path, link.line, link.column, anchor=anchor,
                       suggestion=close_match(anchor, anchors))
        return
    joined = raw.lstrip("/") if raw.startswith("/") else posixpath.join(posixpath.dirname(rel), raw)
    resolved = posixpath.normpath(joined)
    if resolved == ".." or resolved.startswith("../"):
        yield make("CG407", path, link.line, link.column, target=link.target)
        return
    generated = library.generated_pages
    if resolved in library.content_files or resolved in generated:
        target_rel = resolved
    elif posixpath.join(resolved, "index.md") in library.content_files | generated:
        target_rel = posixpath.join(resolved, "index.md")
    else:
        if link.image:
            yield make("CG406", path, link.line, link.column, target=raw,
                       suggestion=close_match(resolved, library.content_files))
        else:
            pages = [p for p in library.content_files if p.endswith(".md")] + sorted(generated)
            yield make("CG405", path, link.line, link.column, target=raw, suggestion=close_match(resolved, pages))
        return
    if anchor:
        anchors = _anchors_of(library, target_rel, lang)
        if anchors is not None and anchor not in anchors:
            yield make("CG408.other_page", path, link.line, link.column, page=target_rel, anchor=anchor,
                       suggestion=close_match(anchor, anchors))


def _anchors_of(library: Library, rel: str, lang: str | None) -> set[str] | None:
    """Anchors of a content page in the language the reader will see; None when they are not known."""
    match = TRANSLATION_NAME.match(posixpath.basename(rel))
    if match:  # a link from a translation to itself
        rel, lang = posixpath.join(posixpath.dirname(rel), f"{match.group('base')}.md"), match.group("lang")
    page = library.pages.get(rel)
    if page is None:
        return None
    translation = page.translations.get(lang) if lang else None
    return (translation.scan if translation else page.scan).anchors


# --- translations --------------------------------------------------------------------------------


def check_translations(library: Library) -> Iterator[Diagnostic]:
    yield from _check_framework_translation_items(library)
    yield from _check_glossary_translation_items(library)
    for state in translation_states(library):
        if state.status is Status.MISSING:
            yield make("CG504", state.source, 1, 1, lang=state.lang, default_language=library.default_language)
        elif state.status is Status.STALE:
            yield _stale(state)


def _stale(state: TranslationState) -> Diagnostic:
    """CG505: by version for a translation without a fingerprint, else naming the source lines that changed."""
    path = state.translation_path
    assert path is not None
    if not state.fingerprinted:
        return make("CG505", path, 1, 1, translated_version=state.translated_version,
                    source_version=state.source_version, source=state.source)
    if not state.changed_lines:
        return make("CG505.removed", path, 1, 1, source=state.source, lang=state.lang, path=path)
    lines = ", ".join(str(line) for line in dict.fromkeys(state.changed_lines))
    return make("CG505.changed", path, 1, 1, source=state.source, lines=lines, lang=state.lang, path=path)


def _check_framework_translation_items(library: Library) -> Iterator[Diagnostic]:
    for lang, (translation, where) in sorted(library.framework_translations.items()):
        if lang not in library.languages:
            yield _at(where, "CG503.framework_translation", ("language",), lang=lang)
        for section, known in (("areas", library.areas), ("competences", library.competences),
                               ("outcomes", library.outcomes)):
            for code in getattr(translation, section):
                if library.missing(code, known, framework=True):
                    yield _at(where, f"CG506.{section}", (section, code), on_key=True, code=code,
                              suggestion=close_match(code, known))


def _check_glossary_translation_items(library: Library) -> Iterator[Diagnostic]:
    for lang, (translation, where) in sorted(library.glossary_translations.items()):
        for term_id in translation.terms:
            if term_id not in library.terms:
                yield _at(where, "CG506.term", ("terms", term_id), on_key=True, id=term_id,
                          suggestion=close_match(term_id, library.terms))


# --- files and where they are published ------------------------------------------------------------


def check_assets(library: Library) -> Iterator[Diagnostic]:
    """Files of content/ that the site does not publish (CG604 type, CG605 SVG): the build's own decision."""
    yield from library.asset_review.diagnostics


def _folded(path: str) -> str:
    """A path as a case-insensitive, normalising file system (macOS, Windows) sees it."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", path).lower())


def check_name_clashes(library: Library) -> Iterator[Diagnostic]:
    """Files whose paths differ only in capitals or in how an accent is stored (NFC/NFD): one file on a
    Mac or Windows checkout, so one of them silently replaces the other."""
    first: dict[str, str] = {}
    for path in sorted([f"content/{rel}" for rel in library.content_files] + list(library.framework_files)):
        earlier = first.setdefault(_folded(path), path)
        if earlier != path:
            yield make("CG111", path, 1, 1, other=earlier)


def _published_files(library: Library) -> Iterator[tuple[str, str]]:
    """(content-relative path, site path) of each page and asset of content/: translations are published at
    their source's path in their language's site, so they have no path of their own here."""
    for rel in sorted(library.content_files):
        if is_asset(rel):
            yield rel, rel
        elif rel.endswith(".md") and not TRANSLATION_NAME.match(posixpath.basename(rel)):
            yield rel, page_url(rel)


def check_reserved_paths(library: Library) -> Iterator[Diagnostic]:
    """Content published where coursegen puts its own pages and folders, which would replace them or be lost."""
    generated = {_folded(page_url(rel)): rel for rel in library.generated_pages}
    folders = {TRAINER_DIR: ("CG112.trainer_folder", {}),
               **{name: ("CG112.site_folder", {}) for name in SITE_FOLDERS},
               **{lang: ("CG112.language_folder", {"lang": lang}) for lang in library.languages[1:]}}
    for rel, url in _published_files(library):
        top = _folded(url).split("/", 1)[0]
        if _folded(url) in generated:
            yield make("CG112.generated", f"content/{rel}", 1, 1, page=generated[_folded(url)])
        elif top in folders:
            key, args = folders[top]
            yield make(key, f"content/{rel}", 1, 1, folder=top, **args)


def check_same_address(library: Library) -> Iterator[Diagnostic]:
    """Two files published at the same address: `a.md` and `a/index.md` both become `a/`, and the page
    `a.png.md` (the folder `a.png/`) and the image `a.png` cannot both exist."""
    first: dict[str, str] = {}
    for rel, url in _published_files(library):
        earlier = first.setdefault(_folded(url).rstrip("/"), rel)
        if earlier != rel and _folded(earlier) != _folded(rel):  # same name apart from capitals: CG111
            yield make("CG114", f"content/{rel}", 1, 1, other=f"content/{earlier}", address=url or "/")


def check_ui_strings(library: Library) -> Iterator[Diagnostic]:
    """Every site language has all the words the site says (they fall back to English, one by one)."""
    framework, where = library.framework, library.framework_where
    if framework is None or where is None:
        return
    strings = UiStrings(library.root)
    for index, lang in enumerate(framework.languages):
        missing = strings.missing(lang) if is_known_language(lang) else []
        if missing:
            own = library.root / "site_overrides" / STRINGS_FOLDER / f"{lang}.yaml"
            file, english = own.relative_to(library.root).as_posix(), f"{STRINGS_FOLDER}/en.yaml"
            if len(missing) > 8:
                yield _at(where, "CG507.many", ("languages", index), lang=lang, words=", ".join(missing[:8]),
                          more=len(missing) - 8, file=file, english=english)
            else:
                yield _at(where, "CG507", ("languages", index), lang=lang, words=", ".join(missing), file=file,
                          english=english)


CHECKS: tuple[Callable[[Library], Iterable[Diagnostic]], ...] = (
    check_framework,
    check_code_scheme,
    check_codes,
    check_framework_items,
    check_standards,
    check_modules,
    check_prerequisite_cycles,
    check_courses,
    check_coverage,
    check_glossary,
    check_bodies,
    check_block_kinds,
    check_session_plans,
    check_translations,
    check_assets,
    check_name_clashes,
    check_reserved_paths,
    check_same_address,
    check_ui_strings,
    check_quizzes,
    check_translated_quizzes,
)

