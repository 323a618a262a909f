"""The framework as the framework exports see it: its tree in file order, its texts in one language, and a
notice for every text that falls back to the default language.

The Moodle CSV and the CASE JSON exports both walk the same tree and say the same things about missing
translations; this module is the one owner of both.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..library import Library
from ..models import Standard, StandardUnit
from ..pages import Localizer, localizer
from .base import ExportError, ExportRequest


@dataclass(frozen=True)
class Node:
    """An area, competence or outcome with its texts in the export's language."""

    code: str
    kind: str  # area | competence | outcome
    title: str  # the title of an area or competence, the statement of an outcome
    description: str = ""
    criteria: tuple[str, ...] = ()  # assessment criteria of an outcome
    eqf_levels: tuple[int, ...] = ()  # an outcome's level; for areas and competences, those of their outcomes
    units: tuple[str, ...] = ()  # codes of the national units an outcome contributes to
    children: tuple[Node, ...] = ()


@dataclass
class FrameworkTexts:
    """Everything a framework export writes, in one language."""

    lang: str
    framework_id: str
    version: str
    license: str
    title: str
    description: str
    areas: tuple[Node, ...]
    standards: tuple[tuple[Standard, tuple[StandardUnit, ...]], ...]
    local: Localizer = field(repr=False, compare=False)  # for labels (assessment criteria, EQF level)
    notices: list[str] = field(default_factory=list)

    def fingerprint(self) -> bytes:
        """A digest of every text and code the exports write (the repr of frozen dataclasses and models)."""
        return hashlib.sha256(repr((self.lang, self.framework_id, self.version, self.license, self.title,
                                    self.description, self.areas, self.standards)).encode("utf-8")).digest()


def framework_texts(library: Library, request: ExportRequest) -> FrameworkTexts:
    """The framework tree and texts in the requested language (the default one when None)."""
    if library.framework is None:
        raise ExportError("This project has no framework/framework.yaml: there is no framework to export.")
    lang = request.lang or library.default_language
    local = localizer(library, lang)
    notices = _fallback_notices(library, lang)
    framework = library.framework
    return FrameworkTexts(
        lang=lang, framework_id=framework.id, version=framework.version, license=framework.license,
        title=local.framework_title(), description=local.framework_description(),
        areas=tuple(_node(library, local, code, "area") for code in library.children(None)),
        standards=tuple((standard, standard.units) for standard, _ in library.standards),
        local=local, notices=notices,
    )


_CHILD_KIND = {"area": "competence", "competence": "outcome"}


def _node(library: Library, local: Localizer, code: str, kind: str) -> Node:
    if kind == "outcome":
        outcome = library.outcomes[code]
        statement, criteria = local.outcome_text(code)
        return Node(code, kind, statement, criteria=tuple(criteria), eqf_levels=(outcome.eqf_level,),
                    units=tuple(library.unit_alignments.get(code, ())))
    children = tuple(_node(library, local, child, _CHILD_KIND[kind]) for child in library.children(code))
    levels = tuple(sorted({level for child in children for level in child.eqf_levels}))
    return Node(code, kind, local.item_title(code), local.item_description(code), eqf_levels=levels,
                children=children)


def standard_notes(standard: Standard) -> str:
    """What an export says about a national standard beside its title: the mapping's note and its address."""
    return "\n\n".join(part for part in (standard.note, standard.url or "") if part)


def _fallback_notices(library: Library, lang: str) -> list[str]:
    """One notice per item whose text in `lang` is missing and shown in the default language instead."""
    default = library.default_language
    if lang == default:
        return []
    found = library.framework_translations.get(lang)
    if found is None:
        return [f"The framework has no translation into '{lang}': all its texts are in '{default}'."]
    translation = found[0]
    notices = []
    framework = library.framework
    missing = [name for name, source, text in (("title", framework.title, translation.title),
                                               ("description", framework.description, translation.description))
               if source and not text]
    if missing:
        notices.append(_notice("the framework", missing, lang, default))
    for code, item in library.items.items():
        source = item.item
        if code in library.outcomes:
            text = translation.outcomes.get(code)
            fields = (("statement", source.statement, text and text.statement),
                      ("assessment criteria", source.assessment_criteria, text and text.assessment_criteria))
        else:
            text = (translation.areas if code in library.areas else translation.competences).get(code)
            fields = (("title", source.title, text and text.title),
                      ("description", source.description, text and text.description))
        missing = [name for name, source_text, translated in fields if source_text and not translated]
        if missing:
            notices.append(_notice(code, missing, lang, default))
    return notices


def _notice(what: str, fields: list[str], lang: str, default: str) -> str:
    return f"{what}: no '{lang}' text for the {' and the '.join(fields)}; shown in '{default}'."
