"""`coursegen translation export | import | done`: the translators' commands (see `po_export`, `po_import`,
`translation_done`). A thin adapter, registered on the `coursegen` group by `cli`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import messages
from .diagnostics import format_text
from .library import Library

ROOT_OPTION = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
    help="The project folder (the one that holds framework/ and content/).",
)


@click.group()
def translation() -> None:
    """Translate in PO files (Weblate, Crowdin, Poedit) and record translations as up to date."""


def _library(root: Path) -> Library:
    from .cli import run_validation, usage_error

    library = run_validation(root, False).library
    if library is None or library.framework is None:
        usage_error("the framework file cannot be read: run `coursegen validate` and fix it first.")
    assert library is not None
    return library


def _translation_language(library: Library, lang: str) -> None:
    from .cli import usage_error

    if lang not in library.languages[1:]:
        usage_error(f"{lang!r} is not a translation language of this project; its languages are "
                    f"{', '.join(library.languages[1:]) or 'none besides ' + library.default_language}.")


@translation.command("export")
@ROOT_OPTION
@click.argument("lang")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The folder to write the PO files to (one per source file, in the sources' folders).")
def export_po(root: Path, lang: str, output: Path) -> None:
    """Write one PO file per source file (pages, glossary, framework) for translating into LANG."""
    from .po_export import export_catalogues

    library = _library(root)
    _translation_language(library, lang)
    catalogues = export_catalogues(library, lang, output)
    for rel, text in sorted(catalogues.items()):
        path = output / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {len(catalogues)} PO file(s) for {lang} to {output}.", err=True)


@translation.command("import")
@ROOT_OPTION
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--lang", "message_lang", default=None, metavar="LANG",
              help=f"The language of the messages ({', '.join(messages.languages())}).")
def import_po(root: Path, folder: Path, message_lang: str | None) -> None:
    """Write the translations of the PO files under FOLDER into the translation files."""
    from .cli import message_language
    from .po_import import import_catalogues
    from .translation_files import write_all

    lang = message_language(root, message_lang)
    library = _library(root)
    result = import_catalogues(library, folder)
    if result.diagnostics:
        click.echo(format_text(sorted(result.diagnostics), lang))
    if not result.ok:
        click.echo("error: the PO files have errors (listed above); nothing was written.", err=True)
        sys.exit(1)
    write_all(library.root, result.files)
    for rel in sorted(result.files):
        click.echo(f"wrote {rel}")
    click.echo(f"Imported: {len(result.files)} translation file(s) written.", err=True)


@translation.command("done")
@ROOT_OPTION
@click.argument("lang")
@click.argument("target", required=False)
@click.option("--current", "all_current", is_flag=True,
              help="Instead of TARGET: every LANG translation that is current by its version and has no "
                   "fingerprint yet (once, to move existing translations to fingerprints).")
def done(root: Path, lang: str, target: str | None, all_current: bool) -> None:
    """Record that the LANG translation of TARGET (a path, a module or course id, `framework` or
    `glossary`) is up to date with its source."""
    from .cli import usage_error
    from .translation_done import DoneError, mark_current, mark_done

    library = _library(root)
    _translation_language(library, lang)
    if all_current == bool(target):
        usage_error("name one translation (a path, a module or course id, framework, glossary), or pass --current.")
    if all_current:
        written = mark_current(library, lang)
        click.echo(f"Recorded the fingerprint of {len(written)} current {lang} translation(s).")
        return
    assert target is not None
    try:
        path = mark_done(library, lang, target)
    except DoneError as error:
        usage_error(str(error))
    click.echo(f"{path} now translates the current source.")
