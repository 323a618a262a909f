"""`coursegen translation import`: PO files (as `po_export` writes them) back into translation files.

Every PO file under the folder is read and every translated entry checked first: links and references of
the original kept (CG803), `:::` blocks, code fences and heading levels kept (CG804), every link pointing
somewhere that exists (the link checks of `validate`, CG40x), each reported at the PO file and line. With
any error nothing is written. Otherwise a translation file is written only where a text changed or a fuzzy
entry was confirmed (its flag removed), so an import of an unedited export changes no file; it is edited in
place (`translation_files`) and records `source_version` and `source_fingerprint`, in which a unit still
fuzzy or untranslated keeps a token that is not the source's (the translation stays stale there).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

import polib
import yaml

from . import fingerprints
from .diagnostics import Diagnostic, Severity, make
from .library import Library
from .po_checks import check_entry, msgstr_line
from .translation_files import set_front_matter, set_settings
from .translation_sources import (
    SourceFile,
    TranslationFile,
    all_sources,
    paired_block_indexes,
    stale_units,
    translation_of,
)
from .translation_units import Unit, replace_blocks, split_blocks


@dataclass
class Imported:
    """What an import would write (project-relative path -> text) and what it found."""

    files: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


@dataclass(frozen=True)
class Found:
    """A PO entry for one unit: its translation, whether it is still fuzzy, and where it stands."""

    text: str
    fuzzy: bool
    path: str
    line: int


def import_catalogues(library: Library, folder: Path) -> Imported:
    """Read every PO file under `folder`; the files to write, unless a diagnostic is an error."""
    result = Imported()
    sources = {source.path: source for source in all_sources(library)}
    found: dict[tuple[str, str], dict[str, Found]] = {}
    for path in sorted(folder.rglob("*.po")):
        shown = str(path)
        _read_catalogue(library, sources, path, shown, found, result)
    for (source_path, lang), entries in sorted(found.items()):
        text = _translated_file(library, sources[source_path], lang, entries, result.diagnostics)
        if text is not None:
            result.files[text[0]] = text[1]
    return result


def _read_catalogue(library: Library, sources: dict[str, SourceFile], path: Path, shown: str,
                    found: dict, result: Imported) -> None:
    """Collect and check the entries of one PO file."""
    try:
        po = polib.pofile(str(path))
    except (OSError, ValueError, UnicodeDecodeError) as error:
        result.diagnostics.append(make("CG801.unreadable", shown, 1, 1, error=str(error)))
        return
    lang = po.metadata.get("Language", "")
    if lang not in library.languages[1:]:
        result.diagnostics.append(make("CG801.language", shown, 1, 1, lang=lang,
                                       languages=", ".join(library.languages[1:])))
        return
    lines = path.read_text(encoding="utf-8").splitlines()
    for entry in po:
        source_path, _, name = (entry.msgctxt or "").partition("#")
        source = sources.get(source_path)
        unit = next((u for u in source.units if u.name == name), None) if source else None
        line = msgstr_line(lines, entry.linenum)
        if unit is None or unit.text != entry.msgid:
            result.diagnostics.append(make("CG802", shown, entry.linenum, 1, context=entry.msgctxt or ""))
            continue
        found.setdefault((source.path, lang), {})[name] = Found(entry.msgstr, entry.fuzzy, shown, line)


def _translated_file(library: Library, source: SourceFile, lang: str, entries: dict[str, Found],
                     diagnostics: list[Diagnostic]) -> tuple[str, str] | None:
    """(path, new text) of the `lang` translation of `source`, or None when nothing changes; the problems
    of the texts that change are added to `diagnostics` (texts already in the project are validate's)."""
    translation = translation_of(library, source, lang)
    new = {name: entry.text for name, entry in entries.items() if entry.text}
    changed = {name: text for name, text in new.items() if translation.texts.get(name) != text}
    units = {unit.name: unit for unit in source.units}
    for name, text in changed.items():
        diagnostics += check_entry(library, source, units[name], text, lang, entries[name].path, entries[name].line)
    stale = {source.units[index].name for index in stale_units(source, translation)}
    confirmed = any(name in stale and not entries[name].fuzzy for name in new)
    if not changed and not confirmed:
        return None
    if not translation.exists and not new:
        return None
    values = {"source_version": source.version, "source_fingerprint": _recorded(source, translation, entries)}
    if source.kind == "markdown":
        return translation.path, _markdown(library, source, lang, translation, changed, values)
    return translation.path, _yaml(library, source, lang, translation, changed, values)


def _recorded(source: SourceFile, translation: TranslationFile, entries: dict[str, Found]) -> str:
    """The fingerprint to record: the source's token for every unit translated and not fuzzy; for the others
    the token of the text they were translated from (or none), so they stay stale."""
    earlier = fingerprints.earlier_tokens(translation.recorded, source.units) if translation.recorded else {}
    tokens = []
    for index, unit in enumerate(source.units):
        entry = entries.get(unit.name)
        translated = (entry.text if entry else "") or translation.texts.get(unit.name)
        if translated and not (entry and entry.fuzzy):
            tokens.append(fingerprints.unit_token(unit))
        else:
            tokens.append(earlier.get(index) or (f"{unit.field}:-" if unit.field and not unit.path else "-"))
    return " ".join(tokens)


def _markdown(library: Library, source: SourceFile, lang: str, translation: TranslationFile,
              changed: dict[str, str], values: dict[str, str]) -> str:
    """The translation file with the changed texts put in, edited in place where it exists."""
    assert source.page is not None
    front = {name: text for name, text in changed.items() if name in ("title", "summary", "description")}
    body_units = [unit for unit in source.units if unit.index is not None]
    existing = source.page.translations.get(lang)
    if existing is None:  # a new translation: the source's body, its untranslated blocks as they are
        body = replace_blocks(source.page.body, split_blocks(source.page.body),
                              {unit.index - 1: changed[unit.name] for unit in body_units if unit.name in changed})
        return set_front_matter(body.lstrip("\n"), {**front, **values})
    text = (library.root / translation.path).read_text(encoding="utf-8")
    head = text[:len(text) - len(existing.body)]
    body = _edited_body(existing.body, body_units, changed, translation.recorded)
    return set_front_matter(head + body, {**front, **values})


def _edited_body(body: str, units: list[Unit], changed: dict[str, str], recorded: str | None) -> str:
    """A translation body with changed blocks replaced where they pair with one, and new ones inserted
    after the block of the unit before them."""
    blocks = split_blocks(body)
    pairs = paired_block_indexes(units, body, recorded)
    texts: dict[int, str] = {}
    before: list[str] = []  # new units before any paired block
    last = -1
    for unit in units:
        if unit.name in pairs:
            last = pairs[unit.name]
            if unit.name in changed:
                texts[last] = changed[unit.name]
        elif unit.name in changed:
            if last < 0:
                before.append(changed[unit.name])
            else:
                texts[last] = texts.get(last, blocks[last].text) + "\n\n" + changed[unit.name]
    if before and blocks:
        texts[0] = "\n\n".join(before) + "\n\n" + texts.get(0, blocks[0].text)
    elif before:
        return body + "\n\n".join(before) + "\n"
    return replace_blocks(body, blocks, texts)


def _yaml(library: Library, source: SourceFile, lang: str, translation: TranslationFile,
          changed: dict[str, str], values: dict[str, str]) -> str:
    """A YAML translation: settings edited in place when no text changed, else the data written anew."""
    found = (library.framework_translations if source.kind == "framework" else library.glossary_translations)
    where = found[lang][1] if lang in found else None
    if not changed and where is not None:
        return set_settings((library.root / where.path).read_text(encoding="utf-8"), values)
    data = copy.deepcopy(where.doc.data) if where is not None and where.doc is not None else {}
    if source.kind == "framework":
        data.setdefault("language", lang)
    data.setdefault("source_version", source.version)
    units = {unit.name: unit for unit in source.units}
    for name, text in changed.items():
        _put(data, units[name].path, text)
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)
    return set_settings(dumped, values)


def _put(data: dict, place: tuple, text: str) -> None:
    """Set the text at `place` (mappings and lists), making what is missing on the way."""
    for part, following in zip(place, place[1:]):
        empty: object = [] if isinstance(following, int) else {}
        if isinstance(data, list):
            while len(data) <= part:
                data.append(copy.copy(empty))
            data = data[part]
        else:
            data = data.setdefault(part, empty)
    if isinstance(data, list):
        while len(data) <= place[-1]:
            data.append("")
    data[place[-1]] = text
