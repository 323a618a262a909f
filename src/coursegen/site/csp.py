"""The Content-Security-Policy of every page: a `<meta>` early in `<head>`, with the hashes of the inline
scripts the theme wrote on that page (never of one inside the page's content).

Plain text work on the rendered page, without MkDocs: the language plugin and the preview import it.
"""

from __future__ import annotations

import base64
import hashlib
import re

from markupsafe import Markup

#: The Content-Security-Policy of every page: nothing from another origin, no plugins, no <base>, no forms.
#: Scripts: the site's own files, and the theme's inline scripts by hash (`{hashes}`); 'wasm-unsafe-eval'
#: lets Pagefind compile its WebAssembly in the page when its web worker cannot start (a site opened from
#: disk; the worker itself is not under the page's policy). Styles: the site's own files only: Material and
#: Pagefind need no inline style, and tables align with the `align` attribute. img-src allows data: for the
#: theme's icons, which its CSS holds as data: URLs.
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; "
       "img-src 'self' data:; font-src 'self'; connect-src 'self'; media-src 'self'; worker-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'none'")
_INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_SCRIPT_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]*)""", re.I)
_JS_TYPES = ("", "text/javascript", "module", "application/javascript")
_CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)
_META = Markup('<meta http-equiv="Content-Security-Policy" content="{}">')


def _content_span(output: str, content: str | None) -> tuple[int, int]:
    """Where the page's content sits in the output; the whole <article> if the content is not found as is."""
    start = output.find(content) if content else -1
    if start != -1:
        return start, start + len(content)
    first, last = output.find("<article"), output.rfind("</article>")
    return (first, last) if first != -1 and last != -1 else (0, 0)


def inline_script_hashes(output: str, content: str | None) -> list[str]:
    """CSP sources for the inline scripts the theme put on the page, never for one inside the content."""
    start, end = _content_span(output, content)
    hashes = []
    for match in _INLINE_SCRIPT.finditer(output):
        kind = _SCRIPT_TYPE.search(match.group(1))
        if " src" in match.group(1).lower() or (kind and kind.group(1).lower() not in _JS_TYPES):
            continue
        if start <= match.start() < end or start < match.end() <= end:
            continue
        digest = hashlib.sha256(match.group(2).encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return list(dict.fromkeys(hashes))


def with_csp(output: str, content: str | None = None) -> str:
    """The page with its Content-Security-Policy as the first thing after <meta charset> in <head>, so it
    governs every script and style that follows."""
    hashes = "".join(" " + source for source in inline_script_hashes(output, content))
    meta = str(_META.format(CSP.format(hashes=hashes)))  # Markup.format escapes the policy for its attribute
    charset = _CHARSET.search(output, 0, 2048)
    head = output.find("<head>")
    at = charset.end() if charset else (head + len("<head>") if head != -1 else -1)
    return output if at == -1 else output[:at] + meta + output[at:]


_POLICY = re.compile(rb'<meta http-equiv="Content-Security-Policy"[^>]*>')


def without_csp(page: bytes) -> bytes:
    """A served page without its policy: for the live preview only, whose server writes an inline script
    (live reload) into every page and whose error banner is styled inline."""
    return _POLICY.sub(b"", page, count=1)
