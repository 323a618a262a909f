"""Writing translation files: top-level settings changed in place, everything else kept byte for byte, and
all files of one command written together or not at all.

A setting (`source_version`, `source_fingerprint`, `title`...) is edited as text: its line and the lines
that continue it (indented or blank) are replaced, or it is added at the end of the front matter (or of a
YAML file). Comments, order and quoting of every other line stay as they are.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import yaml

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$", re.S | re.M)
#: Width of the folded lines of a fingerprint.
_WIDTH = 100


def setting_lines(key: str, value: str) -> list[str]:
    """`key: value` as YAML lines; a fingerprint folded over several lines, a version always quoted."""
    if key == "source_fingerprint":
        lines, line = [], ""
        for token in value.split():
            if line and len(line) + len(token) + 3 > _WIDTH:
                lines.append(f"  {line}\n")
                line = ""
            line = f"{line} {token}" if line else token
        return [f"{key}: >-\n", *lines, f"  {line}\n"]
    if key == "source_version":
        return [f"{key}: {yaml.safe_dump(str(value), default_style=chr(34)).splitlines()[0]}\n"]
    dumped = yaml.safe_dump({key: value}, allow_unicode=True, width=10**9, sort_keys=False)
    return [line + "\n" for line in dumped.splitlines() if line != "..."]


def set_settings(yaml_text: str, values: dict[str, str]) -> str:
    """YAML text (a whole file, or front matter) with the top-level `values` set; the rest unchanged."""
    lines = yaml_text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    for key, value in values.items():
        new = setting_lines(key, value)
        span = _setting_span(lines, key)
        if span is None:
            lines += new
        else:
            lines[span[0]:span[1]] = new
    return "".join(lines)


def _setting_span(lines: list[str], key: str) -> tuple[int, int] | None:
    """(first, end) line indexes of top-level `key` and its continuation lines."""
    for first, line in enumerate(lines):
        match = _TOP_KEY.match(line)
        if match and match.group(1) == key:
            end = first + 1
            while end < len(lines) and (lines[end][:1] in (" ", "\t") or not lines[end].strip()):
                end += 1
            while end > first + 1 and not lines[end - 1].strip():  # blank lines before the next key stay
                end -= 1
            return first, end
    return None


def set_front_matter(markdown: str, values: dict[str, str]) -> str:
    """A Markdown file with settings of its front matter set (a front matter added when it has none)."""
    match = _FRONT_MATTER.match(markdown)
    if match is None:
        return "---\n" + set_settings("", values) + "---\n\n" + markdown
    inner = set_settings(match.group(1), values)
    return markdown[:match.start(1)] + inner + markdown[match.end(1):]


def write_all(root: Path, files: dict[str, str]) -> None:
    """Write every project-relative file of `files`: each first to a temporary file beside it, then all
    moved into place, so that a failure before the moves leaves every file as it was."""
    staged: list[tuple[str, Path]] = []
    try:
        for rel, text in sorted(files.items()):
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
            staged.append((rel, Path(temporary)))
        for rel, temporary in staged:
            os.replace(temporary, root / rel)
    finally:
        for _, temporary in staged:
            temporary.unlink(missing_ok=True)
