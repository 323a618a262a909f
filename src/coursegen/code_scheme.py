"""The form of the framework's codes: the one owner of what an area, competence or outcome code looks like.

`framework.yaml` may declare it under `codes:`. By default an area is `A1`, a competence `A1.C2` and an
outcome `A1.C2.LO3`: each level's code is its parent's code, a dot, a prefix and a number. A fork declares
its own prefixes (`codes: {area: K}` gives `K1`, `K1.C1`, `K1.C1.LO1`) or free codes (`codes: {free: true}`:
any letters, digits, `-` and `_` after the parent's code and a dot). Every rule that needs the form asks here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import CodeScheme

#: The three levels of the framework, from the top; also the settings of `codes:`.
LEVELS = ("area", "competence", "outcome")
#: A declared prefix: ASCII letters only, so that codes stay usable in addresses, anchors and file names.
PREFIX = re.compile(r"^[A-Za-z]{0,12}$")
#: One part of a free code (between dots).
_FREE_PART = r"[A-Za-z0-9][A-Za-z0-9_-]*"
#: What an example code says at each level of a free scheme.
_FREE_EXAMPLE = ("Area1", "Comp-2", "Out_3")


def scheme_problems(scheme: CodeScheme) -> list[tuple[str, str]]:
    """(setting, situation) of each part of a declaration that cannot be used: a prefix that is not letters
    (`prefix`), or prefixes declared beside `free: true` (`free_and_prefix`)."""
    problems = [(level, "prefix") for level in LEVELS if not PREFIX.match(getattr(scheme, level))]
    if scheme.free:
        problems += [(level, "free_and_prefix") for level in LEVELS if level in scheme.model_fields_set]
    return problems


def _part(scheme: CodeScheme, depth: int) -> str:
    if scheme.free:
        return _FREE_PART
    return re.escape(getattr(scheme, LEVELS[depth])) + r"\d+"


def code_pattern(scheme: CodeScheme, level: str) -> re.Pattern[str]:
    """The whole code of an item of `level`, parents' parts included (`K1.C1.LO1` for an outcome)."""
    depth = LEVELS.index(level)
    return re.compile("^" + r"\.".join(_part(scheme, d) for d in range(depth + 1)) + "$")


def example_code(scheme: CodeScheme, level: str) -> str:
    """A code of `level` in this scheme, for messages: `A1.C2.LO3`, `K1.C2.LO3`, `Area1.Comp-2.Out_3`."""
    depth = LEVELS.index(level)
    if scheme.free:
        return ".".join(_FREE_EXAMPLE[: depth + 1])
    return ".".join(f"{getattr(scheme, LEVELS[d])}{d + 1}" for d in range(depth + 1))
