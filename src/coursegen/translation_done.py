"""`coursegen translation done`: record that a translation is up to date with its source again.

It writes the source's `version` as `source_version` and the source's fingerprint (see `fingerprints`) into
the translation file, changing nothing else in it.
"""

from __future__ import annotations

from . import fingerprints
from .library import Library
from .translation_files import set_front_matter, set_settings, write_all
from .translation_sources import SourceFile, all_sources, translation_of


class DoneError(Exception):
    """The request names no translation that exists: a usage error, said in the exception's text."""


def find_source(library: Library, target: str) -> SourceFile | None:
    """The source named by `target`: its path or a translation's path (project- or content-relative), a
    module or course id, or `framework` / `glossary`."""
    target = target.strip().removeprefix("./")
    for source in all_sources(library):
        if target in _names(library, source):
            return source
    return None


def _names(library: Library, source: SourceFile) -> set[str]:
    """Every name `translation done` accepts for `source`."""
    if source.page is None:
        found = library.framework_translations if source.kind == "framework" else library.glossary_translations
        paths = {source.path, *(where.path for _, where in found.values())}
        names = {source.kind}
    else:
        paths = {source.path, *(t.where.path for t in source.page.translations.values())}
        names = {getattr(source.page.meta, "id", None) or source.path}
    return names | paths | {path.removeprefix("content/") for path in paths}


def mark_done(library: Library, lang: str, target: str) -> str:
    """Record the `lang` translation of `target` as current; returns the path written (project-relative)."""
    source = find_source(library, target)
    if source is None:
        raise DoneError(f"{target!r} is not a source file, a translation, a module or course id, "
                        "'framework' or 'glossary' of this project.")
    translation = translation_of(library, source, lang, paired=False)
    if not translation.exists:
        raise DoneError(f"{source.path} has no {lang} translation ({translation.path}) to mark as done.")
    values = {"source_version": source.version, "source_fingerprint": fingerprints.fingerprint(source.units)}
    text = (library.root / translation.path).read_text(encoding="utf-8")
    edited = set_front_matter(text, values) if source.kind == "markdown" else set_settings(text, values)
    if edited != text:
        write_all(library.root, {translation.path: edited})
    return translation.path


def mark_current(library: Library, lang: str) -> list[str]:
    """Record the fingerprint in every `lang` translation that is current by its version and records none
    yet: the one step that moves a project's existing translations to fingerprints without marking any stale."""
    from .i18n import is_stale

    written = []
    for source in all_sources(library):
        translation = translation_of(library, source, lang, paired=False)
        if translation.exists and translation.recorded is None and not is_stale(source, translation):
            written.append(mark_done(library, lang, translation.path))
    return written
