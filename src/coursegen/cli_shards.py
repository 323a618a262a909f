"""`coursegen assemble` and `coursegen languages`: a site built one language per machine (a CI matrix), whose
shards (`coursegen build --only-lang LANG --shard-out DIR`) are merged into the site. A thin adapter over
`site.shards`, registered on the `coursegen` group by `cli`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .site.publish import PublishError
from .site.shards import ShardError, assemble_site

ROOT_OPTION = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
    help="The project folder (the one that holds framework/ and content/).",
)


@click.command()
@ROOT_OPTION
@click.argument("shards", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site (default: site/ under the root).")
def assemble(root: Path, shards: tuple[Path, ...], site_dir: Path | None) -> None:
    """Merge the shards SHARDS (one folder per language, made by `coursegen build --only-lang LANG
    --shard-out DIR`) into the site, and swap it in at once.

    The shards must come from the same content and settings, and hold every language of the project exactly
    once. The site folder follows the rules of `coursegen build`: empty, new, or a site coursegen made."""
    from .cli import usage_error

    target = site_dir or root / "site"
    try:
        languages = assemble_site(list(shards), target, root)
    except (ShardError, PublishError) as error:
        usage_error(str(error))
    click.echo(f"Assembled {len(languages)} language(s) ({', '.join(languages)}) into {target}.", err=True)


@click.command()
@ROOT_OPTION
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def languages(root: Path, output_format: str) -> None:
    """Print the project's languages, the default one first: one per line, or a JSON list (for a CI matrix).
    The project is checked first: with errors, they are listed and the command exits 1."""
    from .cli import loaded_library

    found = list(loaded_library(root, "the languages are not listed").languages)
    click.echo(json.dumps(found) if output_format == "json" else "\n".join(found))
