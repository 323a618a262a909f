"""Message catalogues: the words of every diagnostic, per language, kept apart from the checks (as pegboard
keeps its messages apart from its validators).

A catalogue is `messages/<lang>.yaml` in the package. Under `codes`, each code has a `title` (the one-line
meaning of the code) and either its own `message` and `hint` or, when the code covers several situations,
`variants`: one `message` and `hint` per situation, whose template key is `CODE.situation` (`CG123.list`).
An entry may also have a `suggestion`: the hint shown instead of `hint` when coursegen found a close match
to suggest (the diagnostic's `suggestion` argument is not empty). `phrases` are pieces that messages name
(`the attribute {attribute}=`), translated like the messages. Templates name their arguments in braces,
`{code}`, optionally with a Python format spec, `{total:g}`; any other brace is text (`{% if %}`).

English is complete (a test holds it to the registry of codes); any other language falls back to English
template by template, so a partial catalogue never breaks `validate`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Union

import yaml

from .user_cache import user_cache_folder, write_whole

FALLBACK = "en"
#: `{name}` or `{name:spec}`; `{% if %}` or `{{ x }}` are not placeholders.
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)(?::([^{}]*))?\}")
#: The parts of an entry that are templates, in the order they are shown.
TEMPLATE_FIELDS = ("message", "hint", "suggestion")

Value = Union[str, int, float, "Phrase"]
Args = tuple[tuple[str, Value], ...]


@dataclass(frozen=True)
class Phrase:
    """A translated piece of a message (`phrases` in the catalogue) with its arguments, itself an argument
    of a diagnostic: what a finding names is said in the reader's language too."""

    key: str
    args: Args = ()

    def render(self, lang: str = FALLBACK) -> str:
        try:
            return fill(phrase_template(self.key, lang), self.args, lang)
        except (KeyError, ValueError) if lang != FALLBACK else ():  # a translation broke a placeholder
            return fill(phrase_template(self.key, FALLBACK), self.args, FALLBACK)


def phrase(key: str, **args: object) -> Phrase:
    """The phrase `key` of the catalogue with its arguments."""
    return Phrase(key, freeze(args))


def freeze(args: dict[str, object]) -> Args:
    """Arguments as a hashable, ordered tuple; anything but text, numbers and phrases becomes text."""
    return tuple((name, value if isinstance(value, (str, int, float, Phrase)) else str(value))
                 for name, value in sorted(args.items()))


def fill(template: str, args: Args, lang: str) -> str:
    """`template` with each `{name}` replaced by its argument (a phrase in `lang`). Raises KeyError for an
    argument the template names and the diagnostic lacks: a coursegen bug, which the tests look for."""
    values = dict(args)

    def replace(match: re.Match[str]) -> str:
        value = values[match.group(1)]
        if isinstance(value, Phrase):
            return value.render(lang)
        return format(value, match.group(2) or "")

    return PLACEHOLDER.sub(replace, template)


def placeholders(template: str) -> frozenset[str]:
    """The argument names a template uses."""
    return frozenset(match.group(1) for match in PLACEHOLDER.finditer(template))


# --- the catalogues -------------------------------------------------------------------------------------

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _folder():
    """The package's folder of catalogues (inside the wheel, or src/coursegen/messages in a checkout)."""
    return resources.files("coursegen") / "messages"


@lru_cache(maxsize=1)
def languages() -> tuple[str, ...]:
    """The languages coursegen has messages in (English first)."""
    found = sorted(entry.name[:-5] for entry in _folder().iterdir() if entry.name.endswith(".yaml"))
    return (FALLBACK, *[lang for lang in found if lang != FALLBACK])


@dataclass(frozen=True)
class Catalogue:
    """One language's catalogue, flattened: template key -> its templates; code -> title; phrase key -> text."""

    entries: dict[str, dict[str, str]]
    titles: dict[str, str]
    phrases: dict[str, str]
    words: dict[str, str]


@lru_cache(maxsize=8)
def catalogue(lang: str) -> Catalogue:
    """The catalogue of `lang` (empty when coursegen has none: everything then falls back to English)."""
    if lang not in languages():  # only the package's own files are read, whatever `lang` says
        return Catalogue({}, {}, {}, {})
    data = _catalogue_data((_folder() / f"{lang}.yaml").read_text(encoding="utf-8"), lang)
    entries, titles = {}, {}
    for code, entry in (data.get("codes") or {}).items():
        if "title" in entry:
            titles[code] = entry["title"]
        for key, templates in _entries_of(code, entry):
            entries[key] = templates
    return Catalogue(entries, titles, dict(data.get("phrases") or {}), dict(data.get("words") or {}))


def _catalogue_data(text: str, lang: str) -> dict:
    """A catalogue file's data, kept as JSON in coursegen's private cache folder (see `user_cache`) by the
    file's checksum: JSON is read thirty times as fast as this YAML (measured: 0.1 ms against 3.6 ms), and the
    first diagnostic of every `coursegen validate` waited for the English file. Without the folder, or with
    an entry that cannot be used, the YAML is parsed as before; an entry of an older file is replaced."""
    folder = user_cache_folder("messages")
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
    kept = folder / f"{lang}.{digest}.json" if folder is not None else None
    if kept is not None:
        try:
            found = json.loads(kept.read_text(encoding="utf-8"))
            if isinstance(found, dict):
                return found
        except (OSError, ValueError):
            pass
    data = yaml.load(text, Loader=_LOADER) or {}
    if kept is not None and json.loads(json.dumps(data)) == data:  # only what JSON keeps as it is
        _keep(kept, json.dumps(data, ensure_ascii=False))  # in the file's order: the page of codes follows it
    return data


def _keep(path: Path, text: str) -> None:
    """Write a cache entry (see `user_cache.write_whole`) and drop the entries of the language's older files."""
    lang = path.name.split(".", 1)[0]
    if write_whole(path, text):
        for older in path.parent.glob(f"{lang}.*.json"):
            if older != path:
                with suppress(OSError):
                    older.unlink()


def _entries_of(code: str, entry: dict) -> Iterator[tuple[str, dict[str, str]]]:
    """(template key, templates) of one code: its own message and hint, then one per situation."""
    own = {name: entry[name] for name in TEMPLATE_FIELDS if name in entry}
    if own:
        yield code, own
    for situation, templates in (entry.get("variants") or {}).items():
        yield f"{code}.{situation}", {name: templates[name] for name in TEMPLATE_FIELDS if name in templates}


def template(key: str, name: str, lang: str) -> str:
    """The template `name` (message, hint, suggestion) of `key` in `lang`, else in English, else ''."""
    own = catalogue(lang).entries.get(key, {}).get(name)
    return own if own is not None else catalogue(FALLBACK).entries.get(key, {}).get(name, "")


def phrase_template(key: str, lang: str) -> str:
    """The phrase `key` in `lang`, else in English."""
    own = catalogue(lang).phrases.get(key)
    return own if own is not None else catalogue(FALLBACK).phrases[key]


def title(code: str, lang: str) -> str:
    """The one-line meaning of `code` in `lang`, else in English."""
    return catalogue(lang).titles.get(code) or catalogue(FALLBACK).titles[code]


def word(name: str, lang: str) -> str:
    """A word of the generated documentation (table headings), in `lang`, else in English."""
    return catalogue(lang).words.get(name) or catalogue(FALLBACK).words[name]


@lru_cache(maxsize=None)
def expected_arguments(key: str) -> frozenset[str]:
    """Every argument the English templates of `key` name: exactly what a diagnostic of `key` carries."""
    entry = catalogue(FALLBACK).entries[key]
    return frozenset().union(*(placeholders(entry.get(name, "")) for name in TEMPLATE_FIELDS))


def render(key: str, args: Args, lang: str = FALLBACK) -> tuple[str, str]:
    """The message and the hint of a diagnostic of `key` with `args`, in `lang`; in English when a
    translation broke a placeholder (the catalogue tests catch that, but a reader still gets a message)."""
    try:
        return _render(key, args, lang)
    except (KeyError, ValueError) if lang != FALLBACK else ():
        return _render(key, args, FALLBACK)


def _render(key: str, args: Args, lang: str) -> tuple[str, str]:
    message = fill(template(key, "message", lang), args, lang)
    suggested = dict(args).get("suggestion")
    hint_name = "suggestion" if suggested and template(key, "suggestion", lang) else "hint"
    return message, fill(template(key, hint_name, lang), args, lang)


def keys_of(code: str) -> list[str]:
    """The template keys of `code` in the English catalogue, in its order: the code, then its situations."""
    return [key for key in catalogue(FALLBACK).entries if key == code or key.startswith(code + ".")]
