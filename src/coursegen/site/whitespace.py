"""Collapse the blank lines and indentation the theme's templates leave between a page's tags.

Material's templates are indented for reading, so a rendered page carries runs of newlines and spaces
between its tags: about 5 % of a module page's gzip weight, paid again on every page a reader opens.
A browser renders any run of white space in text as one space (CSS `white-space: normal`), so a run that
holds a line break can become a single line break without changing what a reader sees, or the words search
indexes. Only text between tags is touched: a tag (its attribute values included), a comment and the content of
`<pre>`, `<textarea>`, `<script>` and `<style>` are kept byte for byte (there white space is the content, or
code whose hash the Content-Security-Policy lists). Runs without a line break are left alone.
"""

from __future__ import annotations

import re

#: What is kept as written: comments, raw-text and preformatted elements, and tags (attribute values may hold
#: `>` when quoted, and any white space); else a white-space run that holds a line break (group 2).
_TOKEN = re.compile(
    r"<!--.*?-->"
    r"|<(pre|textarea|script|style)\b[^>]*>.*?</\1\s*>"
    r"""|</?[A-Za-z][^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>"""
    r"|([ \t\r\f]*\n[ \t\n\r\f]*)",  # HTML's white space: not `\s`, which has the no-break space
    re.DOTALL | re.IGNORECASE,
)


def collapse_whitespace(html: str) -> str:
    """The page with every white-space run that holds a line break, in text between tags, made one `\\n`."""
    return _TOKEN.sub(_collapsed, html)


def _collapsed(token: re.Match) -> str:
    return "\n" if token.group(2) is not None else token.group()
