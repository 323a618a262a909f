"""`coursegen translation export`: one PO file per source (page, glossary, framework) for translation tools.

Each unit of a source (see `translation_units`) is one entry: `msgctxt` is `<source path>#<unit name>`
(`content/modules/hygiene.md#12 paragraph`), `msgid` the source text, `msgstr` the translation paired with it
(see `translation_sources`), and the entry is `fuzzy` when the source unit changed since the translation
(`translation_sources.stale_units`). The previous source text of a fuzzy entry (`#| msgid`) is taken from
the PO file the last export left in the same folder, when it is there: the project keeps fingerprints, not
old texts.
"""

from __future__ import annotations

from pathlib import Path

import polib

from . import fingerprints
from .library import Library
from .translation_sources import SourceFile, TranslationFile, all_sources, stale_units, translation_of
from .translation_units import Unit

#: Said to translators on entries of `:::` blocks and code, whose lines they must keep.
_KEEP_LINES = "Keep the ::: lines (and ``` lines) as they are; translate the text between them."


def po_path(source: SourceFile) -> str:
    """The PO file of a source, relative to the export folder: the source's path with `.po`."""
    return source.path.rsplit(".", 1)[0] + ".po"


def export_catalogues(library: Library, lang: str, folder: Path) -> dict[str, str]:
    """PO path (relative to `folder`) -> PO text, for every source of the library."""
    catalogues = {}
    for source in all_sources(library):
        previous = _previous_texts(folder / po_path(source))
        catalogues[po_path(source)] = str(catalogue(library, source, lang, previous))
    return catalogues


def catalogue(library: Library, source: SourceFile, lang: str, previous: dict[str, str]) -> polib.POFile:
    """The PO file of one source in `lang`; `previous` maps msgctxt and tokens to earlier source texts."""
    translation = translation_of(library, source, lang)
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": f"{library.framework.id if library.framework else 'coursegen'} {source.path}",
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",  # gettext's "not yet": the export is reproducible
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": lang,
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Version": source.version,
    }
    stale = set(stale_units(source, translation))
    earlier = fingerprints.earlier_tokens(translation.recorded, source.units) if translation.recorded else {}
    for index, unit in enumerate(source.units):
        po.append(_entry(source, unit, translation, index in stale, previous.get(earlier.get(index, "")) or
                         previous.get(context(source, unit))))
    return po


def context(source: SourceFile, unit: Unit) -> str:
    return f"{source.path}#{unit.name}"


def _entry(source: SourceFile, unit: Unit, translation: TranslationFile, stale: bool,
           previous: str | None) -> polib.POEntry:
    msgstr = translation.texts.get(unit.name, "")
    entry = polib.POEntry(msgctxt=context(source, unit), msgid=unit.text, msgstr=msgstr,
                          occurrences=[(unit.file or source.path, str(unit.line))])
    if unit.kind in ("block", "code"):
        entry.comment = _KEEP_LINES
    if stale and msgstr:
        entry.flags.append("fuzzy")
        if previous and previous != unit.text:
            entry.previous_msgid = previous
    return entry


def _previous_texts(path: Path) -> dict[str, str]:
    """msgctxt -> msgid, and token -> msgid, of the PO file an earlier export wrote (none: empty)."""
    if not path.is_file():
        return {}
    try:
        old = polib.pofile(str(path))
    except (OSError, ValueError):
        return {}  # not a PO file we can read: no previous texts, and import would report it
    found: dict[str, str] = {}
    for entry in old:
        field = entry.msgctxt.partition("#")[2] if entry.msgctxt else ""
        unit = Unit("", entry.msgid, 1, field=field if field in ("title", "summary", "description") else None)
        found[fingerprints.unit_token(unit)] = entry.msgid
        found[entry.msgctxt or ""] = entry.msgid
    return found
