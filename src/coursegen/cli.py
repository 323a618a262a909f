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


@main.command()
def codes() -> None:
    """Print the table of diagnostic codes (Markdown)."""
    click.echo(codes_markdown())


if __name__ == "__main__":  # pragma: no cover
    main()
