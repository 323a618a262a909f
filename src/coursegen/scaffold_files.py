"""Writing the files `coursegen new ...` makes: never over an existing file, YAML values always quoted safely.

Both the language scaffold and the new module or course write through `create`, which opens a file only if
it does not exist yet (an exclusive create, so not even a race replaces anyone's work).
"""

from __future__ import annotations

from pathlib import Path

import yaml


class ScaffoldError(Exception):
    """A request `coursegen new` refuses (an unknown language, an id already used): the words say why."""


def yaml_value(value: object) -> str:
    """`value` as one YAML flow value (a quoted string where needed), whatever characters it holds."""
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**9)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def yaml_block(data: dict) -> str:
    """A mapping as block YAML, in the order given, keeping every language's characters readable."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def create(root: Path, rel: str, text: str) -> bool:
    """Write `text` to `root/rel` unless a file is there already; True when it was written."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        return False
    return True
