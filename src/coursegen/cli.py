"""The `coursegen` command: a thin adapter over the core.

Exit codes: 0 no errors, 1 errors in the content, 2 usage error or not a coursegen project.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import click

from . import messages
from .diagnostics import Severity, codes_markdown, count, format_github, format_json, format_text
from .export.formats import FORMATS
from .loader import framework_language, is_project
from .project import NotAProject, Validation, validate_project
from .site import BuildEvent, BuildResult, build_site
from .site.publish import PublishError
from .site.shards import ShardError

ROOT_OPTION = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
    help="The project folder (the one that holds framework/ and content/).",
)


def messages_option(what: str):
    """`--lang xx` of a command that prints diagnostics: the language of their messages and hints."""
    return click.option(
        "--lang", "message_lang", default=None, metavar="LANG",
        help=f"The language of {what} ({', '.join(messages.languages())}; default: the framework's default "
             "language when coursegen has its messages, else English).",
    )


def message_language(root: Path, requested: str | None) -> str:
    """The language diagnostics are printed in: `requested` (exit 2 when coursegen has no messages in it),
    else the framework's default language when it has a catalogue, else English."""
    if requested is not None:
        if requested not in messages.languages():
            usage_error(f"coursegen has no messages in {requested!r}; --lang takes one of "
                        f"{', '.join(messages.languages())}.")
        return requested
    default = framework_language(root)
    return default if default in messages.languages() else messages.FALLBACK


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="coursegen")
def main() -> None:
    """coursegen: training programmes as code."""


def run_validation(root: Path, strict_mode: bool) -> Validation:
    try:
        return validate_project(root, strict_mode=strict_mode)
    except NotAProject:
        click.echo(f"error: {root} is not a coursegen project: it has no framework/framework.yaml.", err=True)
        click.echo("hint: run the command in the project folder, or pass --root DIR.", err=True)
        sys.exit(2)


def loaded_library(root: Path, consequence: str = "fix them first"):
    """The project's library for commands that only read it; exit 1 (errors listed) when it has errors."""
    validation = run_validation(root, False)
    if not validation.ok:
        errors = [d for d in validation.diagnostics if d.severity is Severity.ERROR]
        click.echo(format_text(errors, message_language(root, None)), err=True)
        click.echo(f"error: the project has errors (listed above): {consequence}.", err=True)
        sys.exit(1)
    return validation.library


def report(validation: Validation, output_format: str, verbose: bool, lang: str = messages.FALLBACK) -> None:
    diagnostics = validation.diagnostics
    if output_format == "json":
        click.echo(format_json(diagnostics, lang))
        return
    shown = diagnostics if verbose else [d for d in diagnostics if d.severity is not Severity.INFO]
    if shown:
        click.echo(format_text(shown, lang))
    totals = count(diagnostics)
    summary = messages.word("summary", lang).format(**totals)
    if totals["infos"] and not verbose:
        summary += " " + messages.word("summary_infos_hidden", lang)
    click.echo(summary, err=True)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        click.echo(format_github((d for d in diagnostics if d.severity is not Severity.INFO), lang))


@main.command()
@ROOT_OPTION
@click.option("--strict", "strict_mode", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-v", "--verbose", is_flag=True, help="Also list information messages (missing translations).")
@messages_option("the messages")
def validate(root: Path, strict_mode: bool, output_format: str, verbose: bool, message_lang: str | None) -> None:
    """Check the framework and the content; report every problem with its file and line."""
    lang = message_language(root, message_lang)
    validation = run_validation(root, strict_mode)
    report(validation, output_format, verbose, lang)
    sys.exit(0 if validation.ok else 1)


class BuildProgress:
    """Shows build progress: one updating line on a terminal, plain lines otherwise (CI logs)."""

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.pages = 0

    def __call__(self, event: BuildEvent) -> None:
        if event.stage == "generated":
            self.say(f"Building {event.languages_total} language(s)...")
        elif event.stage == "language":
            self.pages += event.pages
            self.say(f"[{event.languages_done}/{event.languages_total}] {event.lang}: {event.pages} pages "
                     f"({self.pages} pages done)")
        elif event.stage in ("done", "failed") and self.tty:
            self.stream.write("\n")

    def say(self, line: str) -> None:
        if self.tty:
            self.stream.write("\r\033[K" + line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def print_problems(result: BuildResult, lang: str = messages.FALLBACK) -> None:
    """A build's warnings and errors: diagnostics on standard output (in `lang`), build problems (MkDocs' own
    words) on standard error."""
    shown = [d for d in result.diagnostics if d.severity is not Severity.INFO]
    if shown:
        click.echo(format_text(shown, lang))
    for message in result.warnings:
        click.echo(f"warning: {message}", err=True)
    for message in result.errors:
        click.echo(f"error: {message}", err=True)


def pages_built(result: BuildResult) -> str:
    return f"{sum(result.pages.values())} pages in {len(result.pages)} language(s)"


@main.command()
@ROOT_OPTION
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site (default: site/ under the root).")
@click.option("--strict", "strict_mode", is_flag=True, help="Treat warnings as errors.")
@click.option("--downloads/--no-downloads", default=True, show_default=True,
              help="Put every export (SCORM, Common Cartridge, Moodle CSV...) on the trainer index.")
@click.option("--cache/--no-cache", "use_cache", default=True, show_default=True,
              help="Take unchanged pages from the project's build cache, .coursegen-cache/ (safe to delete).")
@messages_option("the content's problems")
@click.option("--only-lang", default=None, metavar="LANG",
              help="Build only this language's part of the site (a shard) into --shard-out, after checking the "
                   "whole project; `coursegen assemble` merges the shards of every language into the site.")
@click.option("--shard-out", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="DIR",
              help="The folder --only-lang writes its shard to (the same rules as a site folder).")
def build(root: Path, site_dir: Path | None, strict_mode: bool, downloads: bool, use_cache: bool,
          message_lang: str | None, only_lang: str | None, shard_out: Path | None) -> None:
    """Validate, then build the multilingual site. On errors the previous site stays as it was.

    The site folder must be empty, new, or a site coursegen built (it then has a .coursegen-site file):
    coursegen never replaces a folder it did not make."""
    lang = message_language(root, message_lang)
    check_shard_options(only_lang, shard_out, site_dir)
    try:
        result = build_site(root, shard_out or site_dir, strict=strict_mode, progress=BuildProgress(),
                            downloads=downloads, only_lang=only_lang, cache=use_cache)
    except NotAProject:
        run_validation(root, strict_mode)  # prints the not-a-project message and exits 2
        return
    except (PublishError, ShardError) as error:  # a folder coursegen must not replace, or an unknown language
        usage_error(str(error))
    print_problems(result, lang)
    if not result.ok:
        click.echo(f"The {'shard' if only_lang else 'site'} was not built; the previous one, if any, is unchanged.",
                   err=True)
        sys.exit(1)
    if only_lang:
        click.echo(f"Built the {only_lang} shard ({result.pages[only_lang]} pages) into {shard_out}; `coursegen assemble` "
                   "merges it with the other languages' shards.", err=True)
        return
    click.echo(f"Built {pages_built(result)} into {site_dir or root / 'site'}.", err=True)


def check_shard_options(only_lang: str | None, shard_out: Path | None, site_dir: Path | None) -> None:
    """Exit 2 unless `--only-lang` and `--shard-out` come together, and without `--site-dir`."""
    if (only_lang is None) != (shard_out is None):
        usage_error("--only-lang and --shard-out go together, for example: coursegen build --only-lang es "
                    "--shard-out shards/es.")
    if shard_out is not None and site_dir is not None:
        usage_error("a shard goes to --shard-out, not to --site-dir; `coursegen assemble` then makes the site.")


def parse_address(context: click.Context, parameter: click.Parameter, value: str) -> tuple[str, int]:
    """`HOST:PORT` -> (host, port); an IPv6 host may be written in brackets."""
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or int(port) > 65535:
        raise click.BadParameter(f"{value!r} is not HOST:PORT, for example 127.0.0.1:8000.")
    return host.strip("[]"), int(port)


def report_preview(result: BuildResult, lang: str = messages.FALLBACK) -> None:
    print_problems(result, lang)
    if result.ok:
        click.echo(f"Preview updated: {pages_built(result)}.", err=True)
    else:
        click.echo("The preview shows the errors on every page, over the last version that built.", err=True)


@main.command()
@ROOT_OPTION
@click.option("--lang", default=None,
              help="Preview only this language, through the MkDocs plugin (faster; default: every language).")
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, callback=parse_address,
              help="Address to serve on.")
def serve(root: Path, lang: str | None, dev_addr: tuple[str, int]) -> None:
    """Live preview of the whole multilingual site, as `coursegen build` makes it; rebuilds on changes to the
    content, the framework and the theme overrides, and reloads the browser.

    Content errors are printed here and shown in every page until they are fixed; the server keeps running.
    Ctrl-C stops it.
    """
    root = root.resolve()
    if lang:
        require_language(root, lang)  # exits 2 unless the root is a project with that language
    elif not is_project(root):
        run_validation(root, False)  # prints the not-a-project message and exits 2
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop as on Ctrl-C, removing temporary files
    if lang:
        serve_language(root, lang, dev_addr)
    else:
        serve_every_language(root, dev_addr)


def serve_every_language(root: Path, dev_addr: tuple[str, int]) -> None:
    """The whole site as `coursegen build` makes it, rebuilt on changes (see `site.preview`)."""
    from .site.preview import PreviewError, serve_preview

    host, port = dev_addr
    try:
        lang = message_language(root, None)
        serve_preview(root, host, port, progress=BuildProgress(), report=lambda result: report_preview(result, lang),
                      say=lambda url: click.echo(f"Serving every language on {url} (Ctrl-C stops).", err=True))
    except PreviewError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)


def serve_language(root: Path, lang: str, dev_addr: tuple[str, int]) -> None:
    """Preview one language with `mkdocs serve` and the coursegen plugin; its switcher offers no other language."""
    import tempfile

    import yaml
    from mkdocs.commands.serve import serve as mkdocs_serve

    from .mkdocs_plugin import LANG_ENV
    from .site.config import preview_config

    os.environ[LANG_ENV] = lang
    config_file = root / "mkdocs.yml"
    with tempfile.TemporaryDirectory(prefix="coursegen-serve-") as temporary:
        if not config_file.is_file():
            config_file = Path(temporary) / "mkdocs.yml"
            config_file.write_text(yaml.safe_dump(preview_config(root), allow_unicode=True), encoding="utf-8")
        click.echo(f"Serving {lang} alone on http://%s:%d/ (Ctrl-C stops)." % dev_addr, err=True)
        mkdocs_serve(config_file=str(config_file), dev_addr="%s:%d" % dev_addr, livereload=True)


def require_language(root: Path, lang: str) -> None:
    """Exit 2 unless `lang` is a language of the project (which must be a project: else exit 2 too)."""
    library = run_validation(root, False).library
    if library is None or library.framework is None or lang in library.languages:
        return  # a broken framework is reported by the preview itself
    click.echo(f"error: {lang!r} is not a language of this site; its languages are "
               f"{', '.join(library.languages)}.", err=True)
    click.echo("hint: pass one of them to --lang, or leave --lang out to preview every language.", err=True)
    sys.exit(2)


@main.command()
@click.option("--lang", "message_lang", default=messages.FALLBACK, show_default=True, metavar="LANG",
              help=f"The language of the titles, messages and hints ({', '.join(messages.languages())}).")
def codes(message_lang: str) -> None:
    """Print the reference of diagnostic codes (Markdown): a table, then each code's messages and hints, as in
    content/contribute/diagnostics.md (diagnostics.<lang>.md for another language)."""
    click.echo(codes_markdown(message_language(Path("."), message_lang)))


EXPORT_TARGETS = ("framework", "module", "course", "guideline")
#: The format a target gets when `--format` is left out.
DEFAULT_FORMATS = {"module": "package", "guideline": "pdf"}


@main.command("export")
@ROOT_OPTION
@click.argument("target", type=click.Choice(EXPORT_TARGETS))
@click.argument("item_id", required=False)
@click.option("--format", "format_name", help="One of: " + "; ".join(
    f"{name} ({', '.join(format_.targets)})" for name, format_ in FORMATS.items()) + ". Defaults: package for a module, pdf for the guideline.")
@click.option("--lang", help="The language of the texts (default: the framework's default language).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write (default for text formats: the standard output).")
@click.option("--trainer", is_flag=True, help="The trainer edition, with the trainer notes (packages only).")
@click.option("--delimiter", type=click.Choice([",", ";"]), default=",", show_default=True,
              help="The CSV delimiter (Moodle sites whose list separator is ';').")
def export_command(root: Path, target: str, item_id: str | None, format_name: str | None, lang: str | None,
                   output: Path | None, trainer: bool, delimiter: str) -> None:
    """Export the framework, a module, a course or the guideline for a learning platform or a registry.

    \b
    TARGET is framework, module, course or guideline; ITEM_ID names the module or course.
    """
    from .export import ExportError, ExportRequest, run_export, write_atomic

    format_name = format_name or DEFAULT_FORMATS.get(target)
    if format_name is None:
        usage_error(f"choose a format with --format: {', '.join(sorted(FORMATS))}.")
    if target in ("module", "course") and not item_id:
        usage_error(f"name the {target}: coursegen export {target} ID --format {format_name} -o FILE.")
    library = loaded_library(root, "nothing was exported")
    request = ExportRequest(target, item_id, lang, trainer, {"delimiter": delimiter})
    try:
        result = run_export(library, format_name, request)
        for notice in result.notices:
            click.echo(f"note: {notice}", err=True)
        if output is None:
            if format_name in FORMATS and FORMATS[format_name].suffix in (".csv", ".json"):
                click.echo(result.data.decode("utf-8"), nl=False)
                return
            usage_error(f"the {format_name} format writes a file: give its path with -o.")
        write_atomic(output, result.data)
    except ExportError as error:
        usage_error(str(error))
    except OSError as error:
        usage_error(f"{output} could not be written: {error.strerror}.")
    click.echo(f"Wrote {output} ({len(result.data) // 1024 or 1} KB).", err=True)


def usage_error(message: str) -> None:
    """One line on stderr and exit 2: the command was used wrongly (not a problem of the content)."""
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


@main.command("import")
@ROOT_OPTION
@click.argument("package", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--replace", is_flag=True, help="Overwrite the project's files and module with the package's.")
@click.option("--apply", "apply_changes", is_flag=True, help="Write the changes (default: only show them).")
@messages_option("the conflicts and problems")
def import_command(root: Path, package: Path, replace: bool, apply_changes: bool, message_lang: str | None) -> None:
    """Import a module package made by `coursegen export module ID` in another project.

    \b
    Without --apply, shows what would be added or changed and every conflict, and writes nothing.
    """
    from .importer import PackageRefused, apply_plan, plan_import, read_package

    lang = message_language(root, message_lang)
    validation = run_validation(root, False)
    if not validation.ok:
        errors = [d for d in validation.diagnostics if d.severity is Severity.ERROR]
        click.echo(format_text(errors, lang), err=True)
        click.echo("error: the project has errors (listed above): fix them before importing.", err=True)
        sys.exit(1)
    try:
        plan = plan_import(validation.library, read_package(package), replace=replace)
    except PackageRefused as refused:
        click.echo(format_text(refused.diagnostics, lang))
        click.echo("error: the package was refused; nothing was written.", err=True)
        sys.exit(1)
    if plan.diagnostics:
        click.echo(format_text(sorted(plan.diagnostics), lang))
    for change in plan.changes:
        click.echo(f"{'would ' if not apply_changes else ''}{change.action} {change.path} ({change.why})")
    if not plan.ok:
        click.echo("error: the package conflicts with the project (listed above); nothing was written.", err=True)
        sys.exit(1)
    if not apply_changes:
        click.echo(f"Dry run: {len(plan.changes)} file(s) would be written; run again with --apply to write them.",
                   err=True)
        return
    try:
        apply_plan(validation.library.root, plan)
    except OSError as error:
        usage_error(f"{error.filename} could not be written ({error.strerror}); nothing was changed.")
    click.echo(f"Imported: {len(plan.changes)} file(s) written. Run `coursegen validate` to check the result.",
               err=True)


# --- translators and forks: status, new language, new module or course ----------------------------


@main.command("status")
@ROOT_OPTION
@click.option("--lang", "langs", multiple=True, metavar="LANG", help="Only this language (repeatable).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--fail-under", type=click.FloatRange(0, 100), default=None, metavar="PERCENT",
              help="Exit 1 when a language has fewer than PERCENT of its items current (for CI).")
def status_command(root: Path, langs: tuple[str, ...], output_format: str, fail_under: float | None) -> None:
    """How much of each language is translated: current, stale and missing items, words to translate, and
    every stale or missing item with its file."""
    from .translation_status import as_json, as_text, below, translation_status

    library = loaded_library(root)
    unknown = [lang for lang in langs if lang not in library.languages[1:]]
    if unknown:
        usage_error(f"{unknown[0]!r} is not a translation language of this project; its languages are "
                    f"{', '.join(library.languages[1:]) or 'none but the default'}.")
    statuses = translation_status(library, list(langs) or None)
    click.echo(as_json(library, statuses) if output_format == "json" else as_text(statuses), nl=False)
    failing = below(statuses, fail_under) if fail_under is not None else []
    for status in failing:
        click.echo(f"error: {status.lang} is {status.percent_current:.1f}% current, under {fail_under:g}%.", err=True)
    sys.exit(1 if failing else 0)


@main.group("new")
def new_group() -> None:
    """Start a language, a module or a course from a template; nothing that exists is overwritten."""


@new_group.command("language")
@ROOT_OPTION
@click.argument("lang")
def new_language_command(root: Path, lang: str) -> None:
    """Add language LANG (an ISO 639-1 code such as it): register it in framework.yaml and create its
    translation files, marked `translation: pending` so the site keeps showing the original until they are
    translated. Running it again changes nothing."""
    from .scaffold_files import ScaffoldError
    from .scaffold_language import new_language

    library = loaded_library(root)
    try:
        done = new_language(library, lang)
    except ScaffoldError as error:
        usage_error(str(error))
    if done.registered:
        click.echo(f"registered {lang} in framework/framework.yaml")
    for path in done.created:
        click.echo(f"created {path}")
    direction_note = ", written right to left" if done.direction == "rtl" else ""
    click.echo(f"{lang}{direction_note}: {len(done.created)} file(s) created, none overwritten. Translate them, "
               "then delete their 'translation: pending' line; `coursegen status --lang "
               f"{lang}` shows what is left.", err=True)


def new_item(root: Path, kind: str, title: str, item_id: str | None, references: tuple[str, ...]) -> None:
    """Create a module or course and print its path (exit 2 when the request is refused)."""
    from .new_content import new_course, new_module
    from .scaffold_files import ScaffoldError

    library = loaded_library(root)
    try:
        item = (new_module if kind == "module" else new_course)(library, title, item_id, references)
    except ScaffoldError as error:
        usage_error(str(error))
    click.echo(item.path)
    click.echo(f"Created {kind} {item.id}. Fill in its texts, then run `coursegen validate`.", err=True)


@new_group.command("module")
@ROOT_OPTION
@click.argument("title")
@click.option("--id", "item_id", default=None, help="The module id (default: the next free one, such as M18).")
@click.option("--outcome", "outcomes", multiple=True, metavar="CODE",
              help="A learning outcome the module teaches (repeatable; default: the framework's first).")
def new_module_command(root: Path, title: str, item_id: str | None, outcomes: tuple[str, ...]) -> None:
    """Create a module titled TITLE from the template, with the next free id; prints its path."""
    new_item(root, "module", title, item_id, outcomes)


@new_group.command("course")
@ROOT_OPTION
@click.argument("title")
@click.option("--id", "item_id", default=None, help="The course id (default: made from the title).")
@click.option("--module", "modules", multiple=True, metavar="ID", help="A module of the course, in order (repeatable).")
def new_course_command(root: Path, title: str, item_id: str | None, modules: tuple[str, ...]) -> None:
    """Create a course titled TITLE from the template; prints its path."""
    new_item(root, "course", title, item_id, modules)


def _register_subgroups() -> None:
    """Commands and command groups that live in their own modules."""
    from .cli_shards import assemble, languages
    from .cli_translation import translation

    main.add_command(translation)
    main.add_command(assemble)
    main.add_command(languages)


_register_subgroups()

if __name__ == "__main__":  # pragma: no cover
    main()
