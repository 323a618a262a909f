"""The `coursegen` command: a thin adapter over the core.

Exit codes: 0 no errors, 1 errors in the content, 2 usage error or not a coursegen project.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .diagnostics import Severity, codes_markdown, count, format_github, format_json, format_text
from .project import NotAProject, Validation, validate_project
from .site import BuildEvent, build_site

ROOT_OPTION = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
    help="The project folder (the one that holds framework/ and content/).",
)


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


def report(validation: Validation, output_format: str, verbose: bool) -> None:
    diagnostics = validation.diagnostics
    if output_format == "json":
        click.echo(format_json(diagnostics))
        return
    shown = diagnostics if verbose else [d for d in diagnostics if d.severity is not Severity.INFO]
    if shown:
        click.echo(format_text(shown))
    totals = count(diagnostics)
    summary = f"{totals['errors']} error(s), {totals['warnings']} warning(s), {totals['infos']} info(s)"
    if totals["infos"] and not verbose:
        summary += " (--verbose lists the infos)"
    click.echo(summary, err=True)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        click.echo(format_github(d for d in diagnostics if d.severity is not Severity.INFO))


@main.command()
@ROOT_OPTION
@click.option("--strict", "strict_mode", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-v", "--verbose", is_flag=True, help="Also list information messages (missing translations).")
def validate(root: Path, strict_mode: bool, output_format: str, verbose: bool) -> None:
    """Check the framework and the content; report every problem with its file and line."""
    validation = run_validation(root, strict_mode)
    report(validation, output_format, verbose)
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


@main.command()
@ROOT_OPTION
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site (default: site/ under the root).")
@click.option("--strict", "strict_mode", is_flag=True, help="Treat warnings as errors.")
def build(root: Path, site_dir: Path | None, strict_mode: bool) -> None:
    """Validate, then build the multilingual site. On errors the previous site stays as it was."""
    try:
        result = build_site(root, site_dir, strict=strict_mode, progress=BuildProgress())
    except NotAProject:
        run_validation(root, strict_mode)  # prints the not-a-project message and exits 2
        return
    shown = [d for d in result.diagnostics if d.severity is not Severity.INFO]
    if shown:
        click.echo(format_text(shown))
    for message in result.errors:
        click.echo(f"error: {message}", err=True)
    if not result.ok:
        click.echo("The site was not built; the previous site, if any, is unchanged.", err=True)
        sys.exit(1)
    target = (site_dir or root / "site")
    click.echo(f"Built {sum(result.pages.values())} pages in {len(result.pages)} language(s) into {target}.", err=True)


@main.command()
@ROOT_OPTION
@click.option("--lang", default=None, help="The language to preview (default: the framework's default language).")
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(root: Path, lang: str | None, dev_addr: str) -> None:
    """Live preview of one language: rebuilds on changes to content, framework and theme overrides.

    Content errors are printed here and shown in the browser; the server keeps running.
    """
    import tempfile

    import yaml
    from mkdocs.commands.serve import serve as mkdocs_serve

    from .mkdocs_plugin import LANG_ENV
    from .site.config import preview_config

    root = root.resolve()
    if not (root / "framework" / "framework.yaml").is_file():
        run_validation(root, False)  # prints the not-a-project message and exits 2
    if lang:
        os.environ[LANG_ENV] = lang
    config_file = root / "mkdocs.yml"
    with tempfile.TemporaryDirectory(prefix="coursegen-serve-") as temporary:
        if not config_file.is_file():
            config_file = Path(temporary) / "mkdocs.yml"
            config_file.write_text(yaml.safe_dump(preview_config(root), allow_unicode=True), encoding="utf-8")
        mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)


@main.command()
def codes() -> None:
    """Print the table of diagnostic codes (Markdown)."""
    click.echo(codes_markdown())


if __name__ == "__main__":  # pragma: no cover
    main()
