"""Fingerprints of source text: what a translation was made from, unit by unit, so that staleness needs
nobody to remember to bump a version, and works in a fork without git history.

A translation records `source_fingerprint`: one short token per unit of the source it translates, in the
source's order (see `translation_units`). A token is the first 8 hex digits of the SHA-256 of the unit's
text with its white space collapsed (re-wrapping a paragraph changes nothing), prefixed by the field name for
front matter texts (`title:1a2b3c4d`). Units of YAML sources hash their place with their text, so a token
stands for itself and the order does not matter. A translation is current while its tokens are the source's
tokens; the tokens that differ say which units changed.
"""

from __future__ import annotations

import hashlib
from difflib import SequenceMatcher
from functools import lru_cache

from .translation_units import Unit


@lru_cache(maxsize=8192)
def unit_token(unit: Unit) -> str:
    """The token of one unit (see the module docstring). Kept per process: a site's pages ask whether each
    translation is current (its notice, the status page, the trainer index) once per language, and every
    question hashes each unit of the source again."""
    text = " ".join(unit.text.split())
    if unit.path:
        return hashlib.sha256(f"{unit.field}\0{text}".encode()).hexdigest()[:8]
    digest = hashlib.sha256(text.encode()).hexdigest()[:8]
    return f"{unit.field}:{digest}" if unit.field else digest


def fingerprint(units: list[Unit]) -> str:
    """The fingerprint of a source: its units' tokens, separated by spaces."""
    return " ".join(unit_token(unit) for unit in units)


def tokens(recorded: str) -> list[str]:
    return recorded.split()


def alignment(old: list[str], new: list[str]) -> dict[int, int]:
    """Index in `new` -> index in `old` for items that correspond: equal runs, and replaced runs of equal
    length (an edited paragraph stays where it was). Used for fingerprints and for block kinds alike."""
    pairs: dict[int, int] = {}
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and old_end - old_start == new_end - new_start):
            for offset in range(new_end - new_start):
                pairs[new_start + offset] = old_start + offset
    return pairs


def changed_units(recorded: str, units: list[Unit]) -> list[int]:
    """Indexes of the source units that are new or changed since the translation recorded `recorded`."""
    old = tokens(recorded)
    current = [unit_token(unit) for unit in units]
    if any(unit.path for unit in units):
        known = set(old)
        return [index for index, token in enumerate(current) if token not in known]
    pairs = alignment(old, current)
    return [index for index, token in enumerate(current) if index not in pairs or old[pairs[index]] != token]


def differs(recorded: str, units: list[Unit]) -> bool:
    """Whether the source is no longer what the translation was made from (a unit changed, came or went)."""
    current = [unit_token(unit) for unit in units]
    old = tokens(recorded)
    if any(unit.path for unit in units):
        return set(old) != set(current)
    return old != current


def earlier_tokens(recorded: str, units: list[Unit]) -> dict[int, str]:
    """Index of a Markdown source unit -> the recorded token of the text it replaced (front matter texts by
    name, body blocks by alignment). YAML units' names are stable, so they need no such map: empty."""
    if any(unit.path for unit in units):
        return {}
    old = tokens(recorded)
    keyed = {token.split(":", 1)[0]: token for token in old if ":" in token}
    old_body = [token for token in old if ":" not in token]
    body = [(index, unit) for index, unit in enumerate(units) if unit.field is None]
    found = {index: keyed[unit.field] for index, unit in enumerate(units) if unit.field in keyed}
    pairs = alignment(old_body, [unit_token(unit) for _, unit in body])
    found.update({body[new][0]: old_body[old_index] for new, old_index in pairs.items()})
    return found
