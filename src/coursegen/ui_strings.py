"""Words the site itself says (notices, labels, headings of generated pages), per language, as data.

The strings are YAML files, one per language, in `site_overrides/coursegen/strings/<lang>.yaml`: coursegen's
own, then the project's own folder of the same name, whose strings add languages or override single
strings without touching the package. A string missing in a language falls back to English, so adding a
site language never breaks a build; `missing_strings` tells `validate` which ones a site language lacks.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from .file_state import State, files_state
from .sources import SAFE_LOADER
from .templates import BUILTIN_OVERRIDES, TEMPLATE_FOLDER

#: The folder of the strings files inside an overrides folder.
STRINGS_FOLDER = f"{TEMPLATE_FOLDER}/strings"
BUILTIN_STRINGS = BUILTIN_OVERRIDES / STRINGS_FOLDER
FALLBACK = "en"


def strings_folders(root: Path | None) -> tuple[Path, ...]:
    """Where strings are read, later folders winning: coursegen's own, then the project's."""
    folders = [BUILTIN_STRINGS]
    own = Path(root) / "site_overrides" / STRINGS_FOLDER if root is not None else None
    if own is not None and own.is_dir() and own.resolve() != BUILTIN_STRINGS.resolve():
        folders.append(own)
    return tuple(folders)


def read_strings_file(path: Path) -> dict[str, str]:
    """The strings of one file; an unreadable or malformed file gives none (validate reports it)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(key): value for key, value in data.items() if isinstance(value, str)}


class _Catalogue:
    """Every language's strings, merged over the folders in order. A language's files are read on its first
    use: a project uses a few of the languages coursegen has strings for."""

    def __init__(self, folders: tuple[Path, ...]) -> None:
        self._files: dict[str, list[Path]] = {}
        for folder in folders:
            for path in sorted(folder.glob("*.yaml")):
                self._files.setdefault(path.stem, []).append(path)
        self._read: dict[str, dict[str, str]] = {}

    def get(self, lang: str, default: dict[str, str]) -> dict[str, str]:
        """The strings of `lang`, or `default` when no folder has a file for it."""
        if lang not in self._files:
            return default
        strings = self._read.get(lang)
        if strings is None:  # two threads may both read it: the same strings, either one kept
            strings = {}
            for path in self._files[lang]:
                strings.update(read_strings_file(path))
            self._read[lang] = strings
        return strings


@lru_cache(maxsize=16)
def _catalogue(folders: tuple[Path, ...], state: State) -> _Catalogue:
    """The strings of the folders. `state`, the strings files' (see `file_state`): a file edited, added or
    removed gives a new catalogue (a running `coursegen serve` shows it at the next build)."""
    return _Catalogue(folders)


class UiStrings:
    """The site's words for one project."""

    def __init__(self, root: Path | None = None) -> None:
        folders = strings_folders(root)
        self.state = (folders, files_state(folders, ".yaml"))  # what the catalogue was read from, as a value
        self.catalogue = _catalogue(*self.state)
        self.fallback = self.catalogue.get(FALLBACK, {})

    def text(self, lang: str, key: str, **values: object) -> str:
        """The string `key` in `lang` (English when missing), with its `{placeholders}` filled."""
        template = self.catalogue.get(lang, {}).get(key) or self.fallback[key]
        try:
            return template.format(**values) if values else template
        except (KeyError, IndexError, ValueError):  # a translation broke a placeholder: say it in English
            return self.fallback[key].format(**values)

    def own(self, lang: str, key: str) -> str | None:
        """The string `key` as `lang` itself has it (no English fallback), or None."""
        return self.catalogue.get(lang, {}).get(key)

    def missing(self, lang: str) -> list[str]:
        """The keys English has and `lang` lacks (all of them when the language has no strings at all)."""
        own = self.catalogue.get(lang, {})
        return [key for key in self.fallback if key not in own]

