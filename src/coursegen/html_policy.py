"""What HTML a content page may hold: one allow-list, used by the sanitiser and by `validate`.

The build passes the rendered HTML of every content page through `sanitise` (nh3, the Ammonia binding), so
whatever an author writes, the published page holds only the tags, attributes and addresses listed here.
`validate` reads the same lists (`find_disallowed`) to tell the author, with file and line, what the
sanitiser would remove, without rendering Markdown: raw HTML is read with a real HTML tokenizer
(`html.parser`), attribute lists `{: ... }` with the attr_list extension's own parser.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3
from markdown.extensions.attr_list import get_attrs_and_remainder

from .messages import Phrase, phrase

# --- the allow-list, as data ---------------------------------------------------------------------------

#: Attributes any allowed tag may carry. `markdown` is read (and removed) by md_in_html before the sanitiser.
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "lang", "dir", "title", "role"})
#: Attribute prefixes allowed on any tag: ARIA, which coursegen's own tooltips use (`aria-describedby`).
GLOBAL_PREFIXES = frozenset({"aria-"})

#: Tags and the attributes each may carry besides the global ones.
TAGS: dict[str, frozenset[str]] = {
    tag: frozenset(attributes) for tag, attributes in {
        "a": {"href", "hreflang"},
        "abbr": set(), "b": set(), "bdi": set(), "bdo": set(), "br": set(), "caption": set(), "cite": set(),
        "code": set(), "dd": set(), "dfn": set(), "div": set(), "dl": set(), "dt": set(), "em": set(),
        "figcaption": set(), "figure": set(), "hr": set(), "i": set(), "kbd": set(), "mark": set(),
        "p": set(), "pre": set(), "rp": set(), "rt": set(), "ruby": set(), "s": set(), "samp": set(),
        "small": set(), "strong": set(), "sub": set(), "summary": set(), "sup": set(), "u": set(),
        "var": set(), "wbr": set(), "ul": set(), "picture": set(), "tbody": set(), "thead": set(),
        "tfoot": set(), "tr": set(), "table": set(),
        "h1": set(), "h2": set(), "h3": set(), "h4": set(), "h5": set(), "h6": set(),
        "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
        "time": {"datetime"}, "details": {"open"}, "ol": {"start", "reversed", "type"}, "li": {"value"},
        "col": {"span"}, "colgroup": {"span"},
        "th": {"colspan", "rowspan", "scope", "align", "style"}, "td": {"colspan", "rowspan", "align", "style"},
        # coursegen's glossary tooltips are kept out of the search index
        "span": {"data-pagefind-ignore"},
        "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading"},
        "source": {"src", "srcset", "sizes", "type", "media"},
        "video": {"src", "poster", "controls", "width", "height", "preload", "loop", "muted", "playsinline"},
        "audio": {"src", "controls", "preload", "loop", "muted"},
        "track": {"src", "kind", "srclang", "label", "default"},
    }.items()
}

#: Link schemes a reader may follow; addresses without a scheme (relative ones) are always allowed.
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: Web schemes of Markdown links that the site does not keep (browsers no longer open FTP); other unknown
#: schemes are reported by the link check as unknown kinds of reference.
UNKEPT_LINK_SCHEMES = frozenset({"ftp"})
#: Attributes holding an address the browser follows when the reader clicks: scheme-checked.
LINK_ATTRIBUTES = frozenset({"href", "cite"})
#: Attributes holding an address the browser loads by itself: only relative addresses (files of the site).
LOAD_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data"})
#: The only style values kept: the column alignment Python-Markdown's tables write on `th`/`td`.
TABLE_ALIGN = re.compile(r"^text-align: (left|right|center);?$")
#: Tags removed with their content, since their text is code, not prose.
DROPPED_WITH_CONTENT = frozenset({"script", "style"})

# --- what validate calls code, off-site loads, or merely removed ---------------------------------------

#: Tags that run code, embed another page, or change where the page's links and forms go.
CODE_TAGS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta",
                       "form", "portal", "set", "animate", "animatemotion", "animatetransform", "handler",
                       "foreignobject", "noscript"})
#: Schemes that run code when followed or loaded.
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "data"})
#: Any attribute that may hold an address: checked for script schemes on every tag, allowed or not.
URL_ATTRIBUTES = LINK_ATTRIBUTES | LOAD_ATTRIBUTES | frozenset({
    "action", "formaction", "xlink:href", "background", "to", "from", "values", "by", "ping", "longdesc",
    "manifest", "codebase", "lowsrc", "dynsrc", "icon", "archive", "classid"})
#: Attributes that make the browser fetch from the address they hold, on the tags where they do.
OFFSITE_LOADS = LOAD_ATTRIBUTES | frozenset({"action", "formaction", "background", "href:link", "href:use",
                                             "xlink:href:use", "href:image", "xlink:href:image"})
#: Attributes nobody writes by hand: the `markdown` switch of md_in_html is consumed before publishing.
CONSUMED_ATTRIBUTES = frozenset({"markdown"})

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]*)\1\s*\)|@import\s+(['\"])([^'\"]*)\3", re.I)
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")


def browser_url(value: str) -> str:
    """The address a browser reads from an attribute value: entities decoded, C0 controls and spaces cut
    from both ends, tabs and newlines removed inside (WHATWG URL parsing), backslashes read as slashes."""
    url = html.unescape(value).strip(_C0_OR_SPACE)
    if "\t" in url or "\n" in url or "\r" in url:  # rare: the regex costs more than the three looks
        url = _TAB_OR_NEWLINE.sub("", url)
    return url.replace("\\", "/")


def url_scheme(value: str) -> str:
    """The scheme of an address as a browser reads it, in lower case; '' for a relative address."""
    plain = _PLAIN_SCHEME.match(value)
    if plain:  # most addresses with a scheme (`outcome:A1...`): read as they are written
        return plain[1]
    match = _SCHEME.match(value if _PLAIN_START.match(value) else browser_url(value))
    return match.group(1).lower() if match else ""


#: An address a browser reads the scheme of as it is written: it starts with a letter (nothing to cut from
#: its start) and has no entity, tab or newline before its first colon. Most addresses (`outcome:A1...`).
_PLAIN_START = re.compile(r"[a-zA-Z][^&\t\n\r:]*(?::|$)")
#: A scheme written in lower case at the very start, its colon right after it: a browser reads it as it is.
_PLAIN_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")


def is_offsite(value: str) -> bool:
    """Whether the address points to another site: it has a scheme, or starts with `//`."""
    url = browser_url(value)
    return bool(_SCHEME.match(url)) or url.startswith("//")


def srcset_urls(value: str) -> list[str]:
    """The addresses of a `srcset` list (each candidate is an address, then an optional size)."""
    return [candidate.split()[0] for candidate in html.unescape(value).split(",") if candidate.split()]


def css_urls(style: str) -> list[str]:
    """The addresses a piece of CSS loads: `url(...)` and `@import`."""
    return [m.group(2) if m.group(2) is not None else m.group(4) for m in _CSS_URL.finditer(html.unescape(style))]


# --- the sanitiser -------------------------------------------------------------------------------------

#: coursegen's own markers in rendered HTML (trainer slots, HTML block placeholders) are comments, and the
#: sanitiser drops comments: they cross it as text in private-use characters and are put back after.
_MARKER = re.compile(r"<!-- (coursegen:[a-z-]+(?: \d+)?) -->")
_PROTECTED = re.compile("\ue000(coursegen:[a-z-]+(?: \\d+)?)\ue001")
#: Python-Markdown's table alignment, as a class the stylesheets align by: a style attribute would need CSP
#: 'unsafe-inline', and the `align` attribute is obsolete HTML (an error for the Nu HTML checker).
_TABLE_STYLE = re.compile(r'<(t[hd]) style="text-align: (left|right|center);">')


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """nh3's last word on each allowed attribute: addresses and the few attribute values with rules."""
    if attribute in LINK_ATTRIBUTES:  # followed only on a click: another site is fine, in a known scheme
        return value if url_scheme(value) in LINK_SCHEMES | {""} else None
    if attribute == "srcset":
        return None if any(is_offsite(url) for url in srcset_urls(value)) else value
    if attribute in LOAD_ATTRIBUTES:
        return None if is_offsite(value) else value
    if attribute == "style":
        return value if TABLE_ALIGN.match(value.strip()) else None
    if attribute == "align":
        return value if value in ("left", "right", "center") else None
    if attribute == "id" and value.startswith("__"):  # the theme's own ids (`__config`, `__drawer`...)
        return None
    return value


def sanitise(rendered: str) -> str:
    """The rendered HTML of a content page with everything outside the allow-list removed."""
    protected = _MARKER.sub("\ue000\\1\ue001", rendered)
    protected = _TABLE_STYLE.sub(r'<\1 class="cg-align-\2">', protected)
    clean = nh3.clean(
        protected,
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={"*": set(GLOBAL_ATTRIBUTES), **{tag: set(attrs) for tag, attrs in TAGS.items()}},
        generic_attribute_prefixes=set(GLOBAL_PREFIXES),
        attribute_filter=_keep_attribute,
        url_schemes=set(LINK_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
    return _PROTECTED.sub(r"<!-- \1 -->", clean)


# --- the finder that validate uses ---------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One construct the sanitiser would remove: `code` CG601 (runs code), CG602 (removed), CG603 (loads
    from another site); `subject` names it in plain words (a phrase of the message catalogues, so in the
    reader's language); `image` marks a Markdown or HTML image."""

    code: str
    subject: Phrase
    line: int
    column: int
    image: bool = False

    @property
    def what(self) -> str:
        """The construct, in English."""
        return self.subject.render()


def allowed_attribute(tag: str, attribute: str) -> bool:
    """Whether the allow-list keeps `attribute` on `tag` (its value may still be checked)."""
    return (attribute in GLOBAL_ATTRIBUTES or attribute in TAGS.get(tag, ()) or attribute in CONSUMED_ATTRIBUTES
            or attribute.startswith(tuple(GLOBAL_PREFIXES)))


def _attribute_findings(tag: str | None, attribute: str, value: str | None) -> Iterator[tuple[str, Phrase, bool]]:
    """(code, what, image) for one attribute; `tag` None for an attribute list, whose element is unknown."""
    value = value or ""
    image = tag in ("img", "picture", "source") or (tag is None and attribute in ("src", "srcset"))
    # an attribute list (`{: onclick=x }`) is named as such: the author wrote no HTML attribute
    named = "html.list_attribute" if tag is None else "html.attribute"
    if attribute.startswith("on"):
        yield "CG601", phrase(named, attribute=attribute), False
        return
    urls = srcset_urls(value) if attribute == "srcset" else [value]
    if attribute in URL_ATTRIBUTES:
        for url in urls:
            scheme = url_scheme(url)
            if scheme in SCRIPT_SCHEMES:
                yield "CG601", phrase("html.address_in_attribute", scheme=scheme, attribute=attribute), False
                return
    if attribute == "style":
        yield from _style_findings(tag, value)
        return
    offsite = [url for url in urls if is_offsite(url)]
    if {attribute, f"{attribute}:{tag}"} & OFFSITE_LOADS and offsite:
        yield "CG603", phrase("html.offsite_in_attribute", address=offsite[0].strip()[:80], attribute=attribute), image
        return
    if attribute in LINK_ATTRIBUTES and url_scheme(value) not in LINK_SCHEMES | {""}:
        yield "CG602", phrase("html.address_in_attribute", scheme=url_scheme(value), attribute=attribute), False
    elif attribute == "id" and value.startswith("__"):
        yield "CG602", phrase("html.reserved_id", id=value), False
    elif not (allowed_attribute(tag, attribute) if tag else _allowed_anywhere(attribute)):
        yield "CG602", phrase(named, attribute=attribute), False


def _allowed_anywhere(attribute: str) -> bool:
    return allowed_attribute("", attribute) or any(attribute in attrs for attrs in TAGS.values())


def _style_findings(tag: str | None, style: str, element: bool = False) -> Iterator[tuple[str, Phrase, bool]]:
    """Findings of a style attribute, or of a <style> element's text when `element`."""
    where = "style_element" if element else "style"
    for url in css_urls(style):
        scheme = url_scheme(url)
        if scheme in SCRIPT_SCHEMES:
            yield "CG601", phrase(f"html.address_in_{where}", scheme=scheme), False
            return
        if is_offsite(url):
            yield "CG603", phrase(f"html.offsite_in_{where}", address=url.strip()[:80]), False
            return
    if element:
        yield "CG602", phrase("html.style_element"), False
    elif not (tag in ("th", "td") and TABLE_ALIGN.match(style.strip())):
        yield "CG602", phrase("html.list_attribute" if tag is None else "html.attribute", attribute="style"), False


class _TagReader(HTMLParser):
    """Collects findings for the tags of raw HTML: offsets are (line, column) in the text fed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, Phrase, int, int, bool]] = []
        self._style_at: tuple[int, int] | None = None

    def _add(self, code: str, what: Phrase, image: bool = False, at: tuple[int, int] | None = None) -> None:
        line, offset = at or self.getpos()
        self.found.append((code, what, line, offset, image))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = [f for attribute, value in attrs for f in _attribute_findings(tag, attribute, value)]
        if tag in TAGS:
            kept = found
        elif tag in CODE_TAGS:  # removed with all it holds; an off-site address is worth naming as well
            kept = [("CG601", phrase("html.element", tag=tag), False)] + [f for f in found if f[0] == "CG603"]
        else:
            kept = [f for f in found if f[0] != "CG602"] or [("CG602", phrase("html.element", tag=tag), False)]
        if tag == "style":
            self._style_at = self.getpos()
            return
        for code, what, image in kept:
            self._add(code, what, image)

    def handle_data(self, data: str) -> None:
        if self._style_at is not None:
            code, what, _ = next(_style_findings("style", data, element=True))
            self._add(code, what, at=self._style_at)
            self._style_at = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self._style_at is not None:  # an empty <style></style>
            self._add("CG602", phrase("html.style_element"), at=self._style_at)
            self._style_at = None


#: An attribute list as attr_list reads it: `{: ... }` or `{ ... }` (quoted values may hold a brace).
_ATTR_LIST = re.compile(r"\{:?[ ]*((?:\"[^\"\n]*\"|'[^'\n]*'|[^}\"'\n ])(?:\"[^\"\n]*\"|'[^'\n]*'|[^}\"'\n])*)\}")
#: attr_list applies a list at the end of a heading or table row, alone on a block's last line, or right
#: after an inline element (link, image, emphasis, code, raw HTML tag).
_INLINE_END = ")]*_`>~"


def _is_attr_list(masked: str, match: re.Match[str]) -> bool:
    line_start = masked.rfind("\n", 0, match.start()) + 1
    line_end = masked.find("\n", match.end())
    before = masked[line_start:match.start()]
    after = masked[match.end():len(masked) if line_end == -1 else line_end]
    if before[-1:] and before[-1] in _INLINE_END:
        return True
    if after.strip(" "):
        return False
    stripped = before.lstrip(" ")
    return not stripped.strip(" ") or stripped.startswith("#") or "|" in stripped


def _attr_list_findings(masked: str) -> Iterator[tuple[str, Phrase, int, bool]]:
    """(code, what, offset, image) for each attribute of each attribute list in the masked body."""
    for match in _ATTR_LIST.finditer(masked):
        if not _is_attr_list(masked, match):
            continue
        attributes, _ = get_attrs_and_remainder(match.group(1))
        for key, value in attributes:
            if key in (".", "id") and not (key == "id" and (value or "").startswith("__")):
                continue
            for code, what, image in _attribute_findings(None, key, value):
                yield code, what, match.start(), image


def find_disallowed(masked: str, links: Iterable, first_line: int = 1) -> list[Finding]:
    """Everything in a Markdown body (code already blanked out: `BodyScan.masked`) that the sanitiser would
    remove or that would load from another site, with its line and column in the file.

    `links` are the body's Markdown links and images (`markdown_scan.Link`), checked for their address.
    """
    findings: list[Finding] = []
    if "<" in masked:
        reader = _TagReader()
        # `<![...` (CDATA, conditional comments) is no HTML of a page; Python 3.11's parser stops on it
        reader.feed(masked.replace("<![", " !["))
        reader.close()
        for code, what, line, offset, image in reader.found:
            findings.append(Finding(code, what, first_line + line - 1, offset + 1, image))
    if "{" in masked:
        for code, what, offset, image in _attr_list_findings(masked):
            line_start = masked.rfind("\n", 0, offset) + 1
            line = first_line + masked.count("\n", 0, line_start)
            findings.append(Finding(code, what, line, offset - line_start + 1, image))
    findings.extend(_link_findings(links))
    return sorted(set(findings), key=lambda f: (f.line, f.column, f.code))


#: A link target that is plainly relative: no scheme, no entity, no `//` or backslash (most links).
_PLAINLY_RELATIVE = re.compile(r"^[^:&/\\\x00-\x20]*(?:/(?!/)[^:&\\]*)?$")


def _link_findings(links: Iterable) -> Iterator[Finding]:
    for link in links:
        if _PLAINLY_RELATIVE.match(link.target):
            continue
        scheme = url_scheme(link.target)
        if scheme in SCRIPT_SCHEMES:
            yield Finding("CG601", phrase("html.address", scheme=scheme), link.line, link.column)
        elif link.image and scheme in ("", "http", "https") and is_offsite(link.target):
            yield Finding("CG603", phrase("html.offsite_image", address=link.target.strip()[:80]), link.line,
                          link.column, True)
        elif scheme in UNKEPT_LINK_SCHEMES:
            yield Finding("CG602", phrase("html.link_address", scheme=scheme), link.line, link.column)
