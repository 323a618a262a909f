"""Every translatable source of a library with its units, and each translation of it paired unit by unit.

Pairing rule (which translated text belongs to which source unit):
- front matter texts and YAML texts pair by name (`title`, `terms.dementia.definition`);
- body blocks of a translation that records a fingerprint with as many body tokens as it has blocks pair
  with those tokens by position, and the tokens with today's source blocks by alignment (`fingerprints.
  alignment`): a paragraph inserted or deleted in the source shifts nothing;
- otherwise (no fingerprint yet, or a translation that split or joined blocks) the sequences of block kinds
  (heading level, paragraph, list, table, `:::` block...) are aligned the same way; blocks that find no
  partner stay untranslated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from . import fingerprints
from .library import Library, Page
from .translation_units import Unit, block_kind, lookup, markdown_units, split_blocks, yaml_units


@dataclass(frozen=True)
class SourceFile:
    """A source a translation translates: a Markdown page, the glossary or the framework.

    Its units are found on first use: most translation states need none (a missing translation, or one
    without a fingerprint, is judged by its version), and finding them splits every block of a page and
    looks up the line of every text of the framework.
    """

    path: str  # project-relative
    kind: str  # markdown | glossary | framework
    version: str
    find_units: Callable[[], list[Unit]] = field(repr=False, compare=False)
    page: Page | None = None

    @cached_property
    def units(self) -> list[Unit]:
        return self.find_units()


@dataclass(frozen=True)
class TranslationFile:
    """One language's translation of a source, as far as it exists."""

    path: str  # project-relative, whether the file exists or not
    exists: bool
    translated_version: str | None
    recorded: str | None  # its source_fingerprint
    texts: dict[str, str] = field(default_factory=dict)  # source unit name -> translated text


def page_source(page: Page) -> SourceFile:
    """The page as a source of translations, made once per page (in `Page.shared`): its units are found once,
    however many languages and checks ask whether their translation is current."""
    source = page.shared.get("translation source")
    if source is None:
        source = page.shared["translation source"] = SourceFile(
            page.where.path, "markdown", page.version,
            lambda: markdown_units(page.raw_meta, page.body, page.body_line), page)
    return source


def glossary_source(library: Library) -> SourceFile | None:
    if library.glossary is None or library.glossary_where is None:
        return None
    return SourceFile(library.glossary_where.path, "glossary", library.glossary.version,
                      lambda: yaml_units(_glossary_texts(library)))


def _glossary_texts(library: Library) -> Iterator[tuple[tuple[Any, ...], str, str, int]]:
    glossary, where = library.glossary, library.glossary_where
    assert glossary is not None and where is not None
    for index, term in enumerate(glossary.terms):
        for name in ("term", "definition"):
            yield ("terms", term.id, name), getattr(term, name), where.path, where.at("terms", index, name).line


def framework_source(library: Library) -> SourceFile | None:
    if library.framework is None or library.framework_where is None:
        return None
    return SourceFile(library.framework_where.path, "framework", library.framework.version,
                      lambda: yaml_units(_framework_texts(library)))


def _framework_texts(library: Library) -> Iterator[tuple[tuple[Any, ...], str, str, int]]:
    framework, where = library.framework, library.framework_where
    assert framework is not None and where is not None
    for name in ("title", "description"):
        yield (name,), getattr(framework, name), where.path, where.at(name).line
    for index, occupation in enumerate(framework.occupations):
        yield ("occupations", occupation.uri), occupation.title, where.path, where.at("occupations", index).line
    for code, entry in library.items.items():
        group = {"Area": "areas", "Competence": "competences", "Outcome": "outcomes"}[type(entry.item).__name__]
        place = entry.where
        if group == "outcomes":
            yield (group, code, "statement"), entry.item.statement, place.path, place.at("statement").line
            for index, criterion in enumerate(entry.item.assessment_criteria):
                yield ((group, code, "assessment_criteria", index), criterion, place.path,
                       place.at("assessment_criteria", index).line)
            continue
        for name in ("title", "description"):
            yield (group, code, name), getattr(entry.item, name), place.path, place.at(name).line


def all_sources(library: Library) -> list[SourceFile]:
    """Framework, glossary, then every page in path order: the order of `i18n.translation_states`."""
    found = [framework_source(library), glossary_source(library)]
    found += [page_source(library.pages[rel]) for rel in sorted(library.pages)]
    return [source for source in found if source is not None]


def translation_path(library: Library, source: SourceFile, lang: str) -> str:
    """Where the `lang` translation of `source` lives (or would live), project-relative."""
    if source.kind == "framework":
        return f"framework/translations/{lang}.yaml"
    stem, dot, ext = source.path.rpartition(".")
    return f"{stem}.{lang}.{ext}"


def translation_of(library: Library, source: SourceFile, lang: str, paired: bool = True) -> TranslationFile:
    """The `lang` translation of `source`, its texts paired with the source's units (unless not `paired`:
    the state of a translation needs no texts, and is given none)."""
    path = translation_path(library, source, lang)
    if source.kind == "markdown":
        assert source.page is not None
        translation = source.page.translations.get(lang)
        if translation is None:
            return TranslationFile(path, False, None, None)
        meta = translation.meta
        texts = {}
        if paired:
            texts = {name: value for name in ("title", "summary", "description")
                     if isinstance(value := getattr(meta, name), str)}
            texts.update(_paired_blocks(source.units, translation.body, meta.source_fingerprint))
        return TranslationFile(translation.where.path, True, meta.source_version, meta.source_fingerprint, texts)
    found = (library.framework_translations if source.kind == "framework" else library.glossary_translations).get(lang)
    if found is None:
        return TranslationFile(path, False, None, None)
    model, where = found
    texts = {}
    if paired:
        data = where.doc.data if where.doc is not None else {}
        texts = {unit.name: text for unit in source.units if (text := lookup(data, unit.path)) is not None}
    return TranslationFile(where.path, True, model.source_version, model.source_fingerprint, texts)


def _kinds(texts: list[str]) -> list[str]:
    """Block kinds, headings with their level, for aligning blocks whose texts differ (two languages)."""
    return [block_kind(text) + (str(len(text) - len(text.lstrip("#"))) if text.startswith("#") else "")
            for text in texts]


def _paired_blocks(units: list[Unit], body: str, recorded: str | None) -> dict[str, str]:
    """Source body unit name -> the text of the translation's block it pairs with."""
    blocks = split_blocks(body)
    return {name: blocks[index].text for name, index in paired_block_indexes(units, body, recorded).items()}


def paired_block_indexes(units: list[Unit], body: str, recorded: str | None) -> dict[str, int]:
    """Source body unit name -> index of the translation body's block it pairs with (module docstring)."""
    source_blocks = [unit for unit in units if unit.index is not None]
    translated = [block.text for block in split_blocks(body)]
    old = [token for token in fingerprints.tokens(recorded or "") if ":" not in token]
    if recorded is not None and len(old) == len(translated):
        current = [fingerprints.unit_token(unit) for unit in source_blocks]
        pairs = fingerprints.alignment(old, current)
    else:
        pairs = fingerprints.alignment(_kinds(translated), _kinds([unit.text for unit in source_blocks]))
    return {source_blocks[new].name: old_index for new, old_index in pairs.items()}


def stale_units(source: SourceFile, translation: TranslationFile) -> list[int]:
    """Indexes of the source units whose translation may be out of date: those changed since the recorded
    fingerprint; without one, every unit when the versions differ (which ones changed is unknown)."""
    if not translation.exists:
        return []
    if translation.recorded is not None:
        return fingerprints.changed_units(translation.recorded, source.units)
    if translation.translated_version != source.version:
        return list(range(len(source.units)))
    return []


def changed_sections(source: SourceFile, translation: TranslationFile) -> list[str]:
    """The headings (as translated, where they are) of the sections with units changed since the recorded
    fingerprint, in page order; empty without a fingerprint, where which units changed is unknown."""
    if translation.recorded is None:
        return []
    sections: dict[str, None] = {}
    heading: Unit | None = None
    changed = set(fingerprints.changed_units(translation.recorded, source.units))
    for index, unit in enumerate(source.units):
        if unit.kind == "heading":
            heading = unit
        if index in changed and heading is not None:
            sections[_heading_text(translation.texts.get(heading.name, heading.text))] = None
    return list(sections)


def _heading_text(markdown: str) -> str:
    """`## Barriers {#barriers}` -> `Barriers`."""
    text = markdown.strip().lstrip("#").strip()
    text = text.split("{", 1)[0] if text.endswith("}") else text
    return text.rstrip("#").strip()
