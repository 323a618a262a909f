"""The text of a generated Markdown file: front matter, the level-1 heading and what goes after it."""

from __future__ import annotations

import json
import re

from ..markdown_scan import mask_code
from ..templates import md_text

H1 = re.compile(r"^[ \t]{0,3}#[ \t]+.*$", re.M)
#: Characters that JSON leaves as they are but YAML refuses (not printable) or reads as line breaks.
_NOT_YAML_TEXT = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def front_matter(meta: dict, body: str) -> str:
    """A Markdown file with front matter, written as JSON, which is also YAML (and 50 times faster to write
    than a YAML dump); keys sorted, so the text is stable."""
    header = json.dumps(meta, ensure_ascii=False, sort_keys=True)
    header = _NOT_YAML_TEXT.sub(lambda m: f"\\u{ord(m.group()):04x}", header)
    return "---\n" + header + "\n---\n\n" + body.strip() + "\n"


def first_heading(body: str) -> str | None:
    """The text of the first level-1 heading, if any."""
    match = H1.search(body)
    return match.group(0).lstrip(" \t#").strip() if match else None


def after_h1(body: str, block: str) -> str:
    """Insert `block` after the first level-1 heading (or at the top)."""
    match = H1.search(mask_code(body))
    if not match:
        return block + "\n" + body
    return body[:match.end()] + "\n\n" + block + "\n" + body[match.end():]


def ensure_h1(body: str, title: str) -> str:
    """The body with `title` as its level-1 heading when it has none."""
    return body if H1.search(mask_code(body)) else f"# {md_text(title)}\n\n{body}"


def md_line(text: str) -> str:
    """Text on one line (a table cell)."""
    return " ".join(text.split())
