"""Which files of content/ the site publishes as they are: an allow-list of file types that cannot run script.

Everything the site publishes is served from the site's own origin, so a published `.html`, `.js` or
scripted `.svg` file would run with the site's rights (its readers' sessions, its trainer edition). Only the
types listed in `PUBLISHED_TYPES` are published, and an SVG image only when `svg_problems` finds nothing:
it is parsed by a real XML parser (defusedxml: no DTD, no entities, nothing loaded from elsewhere) and
every element and attribute must be on an allow-list.

`review_assets` is the one decision: `validate` reports its diagnostics and the site build publishes its
files (through `Library.asset_review`), so the two never disagree.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax import InputSource, SAXException, SAXParseException
from xml.sax.handler import ContentHandler, feature_namespaces

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from .diagnostics import Diagnostic, make
from .messages import Phrase, phrase

#: File types (lower-case suffixes) that a browser shows or downloads but never runs as a page of the site.
#: Documented in content/contribute/formats.md ("Images, media and documents").
PUBLISHED_TYPES = frozenset({
    # images (SVG only after `svg_problems`)
    "png", "jpg", "jpeg", "gif", "webp", "avif", "svg",
    # audio and video, and subtitles for them
    "mp3", "ogg", "oga", "m4a", "mp4", "webm", "vtt",
    # documents for download: PDF, plain text and tables, office documents without macros
    "pdf", "txt", "csv", "odt", "ods", "odp", "docx", "xlsx", "pptx",
})

#: Files of content/ that are not assets: pages and their translations, the glossary and its translations
#: (read by the loader, never published as files).
_GLOSSARY = re.compile(r"(^|/)glossary(\.[a-z]{2}(?:[-_][A-Z]{2})?)?\.ya?ml$")

#: SVG files are read whole to be checked; larger ones are refused.
MAX_SVG_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class AssetReview:
    """The files of content/ that the site publishes (by content-relative path) and why others are not."""

    published: dict[str, Path] = field(default_factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()


def review_assets(content_dir: Path, content_files: frozenset[str]) -> AssetReview:
    """Decide, for every asset of content/ (every file that is not a page or glossary), whether it is published.

    `content_files` must be files that are safe to read (see `walk`): SVG files among them are read.
    """
    published: dict[str, Path] = {}
    diagnostics: list[Diagnostic] = []
    for rel in sorted(content_files):
        if not is_asset(rel):
            continue
        problems = asset_problems(content_dir / rel, f"content/{rel}")
        if problems:
            diagnostics += problems
        else:
            published[rel] = content_dir / rel
    return AssetReview(published, tuple(diagnostics))


def is_asset(rel: str) -> bool:
    """Whether a file of content/ is an asset (published as it is, if allowed), not a page or a glossary."""
    # the suffix first: a regex search tries every position of the path, and most files are pages
    return not rel.endswith(".md") and not ("glossary" in rel and _GLOSSARY.search(rel))


def file_type(name: str) -> str:
    """The lower-case suffix of a file name without its dot (`Photo.JPG` -> `jpg`), or '' if it has none."""
    stem, dot, suffix = name.rpartition("/")[2].rpartition(".")
    return suffix.lower() if dot and stem else ""


def asset_problems(path: Path, rel: str) -> list[Diagnostic]:
    """Why the file at `path` (project path `rel`) cannot be published; empty when it can."""
    kind = file_type(rel)
    if kind == "md":  # `.MD` or `.Md`: not read as a page, which only `.md` is
        return [make("CG604.page_capitals", rel, 1, 1)]
    if kind not in PUBLISHED_TYPES:
        allowed = ", ".join(sorted(PUBLISHED_TYPES))
        if not kind:
            return [make("CG604.no_type", rel, 1, 1, allowed=allowed)]
        return [make("CG604.type", rel, 1, 1, type=kind, allowed=allowed)]
    if kind == "svg":
        return svg_problems(path, rel)
    return []


# --- SVG --------------------------------------------------------------------------------------------

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
#: Namespaces of drawing programs and of licence metadata: browsers ignore their elements and attributes.
INERT_NS = frozenset({
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://creativecommons.org/ns#",
    "http://web.resource.org/cc/",
    "http://purl.org/dc/elements/1.1/",
    "http://purl.org/dc/terms/",
})

#: SVG elements that draw, group, describe or animate, and nothing that runs script or embeds a document
#: (no script, foreignObject, iframe, handler, cursor, font-face sources).
SVG_ELEMENTS = frozenset("""
    svg g defs symbol use image switch view a title desc metadata style
    path rect circle ellipse line polyline polygon text tspan textPath
    linearGradient radialGradient stop pattern clipPath mask marker
    filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting
    feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur
    feImage feMerge feMergeNode feMorphology feOffset fePointLight feSpecularLighting feSpotLight feTile
    feTurbulence
    animate animateMotion animateTransform mpath set
""".split())

#: Attributes (without a namespace) of the elements above: geometry, painting, text, filters, animation
#: timing, accessibility. `href`, `style` and `attributeName` are checked on their own.
SVG_ATTRIBUTES = frozenset("""
    id class lang tabindex role focusable version baseProfile width height x y viewBox preserveAspectRatio
    transform d pathLength points x1 y1 x2 y2 cx cy r rx ry fx fy fr dx dy rotate textLength lengthAdjust
    startOffset method spacing side
    fill fill-opacity fill-rule stroke stroke-width stroke-linecap stroke-linejoin stroke-miterlimit
    stroke-dasharray stroke-dashoffset stroke-opacity opacity color display visibility overflow clip
    clip-path clip-rule mask filter marker-start marker-mid marker-end paint-order vector-effect
    mix-blend-mode isolation color-interpolation color-interpolation-filters color-rendering
    shape-rendering text-rendering image-rendering enable-background
    font-family font-size font-weight font-style font-variant font-stretch font-size-adjust letter-spacing
    word-spacing text-anchor text-decoration dominant-baseline alignment-baseline baseline-shift
    writing-mode direction unicode-bidi white-space
    gradientUnits gradientTransform spreadMethod offset stop-color stop-opacity patternUnits
    patternContentUnits patternTransform clipPathUnits maskUnits maskContentUnits markerUnits markerWidth
    markerHeight refX refY orient filterUnits primitiveUnits
    in in2 result stdDeviation mode operator k1 k2 k3 k4 values type tableValues slope intercept amplitude
    exponent kernelMatrix order divisor bias targetX targetY edgeMode preserveAlpha surfaceScale
    diffuseConstant specularConstant specularExponent kernelUnitLength scale xChannelSelector
    yChannelSelector flood-color flood-opacity lighting-color radius baseFrequency numOctaves seed
    stitchTiles azimuth elevation z pointsAtX pointsAtY pointsAtZ limitingConeAngle
    attributeType begin dur end min max restart repeatCount repeatDur calcMode keyTimes keySplines from to by
    additive accumulate path keyPoints
    requiredFeatures requiredExtensions systemLanguage
""".split())

#: Attributes that hold text for people, not values a browser interprets: not checked as CSS.
TEXT_ATTRIBUTES = frozenset({"lang", "systemLanguage", "requiredFeatures", "requiredExtensions"})

#: CSS functions allowed in style sheets, `style` attributes and presentation attributes: colours, maths,
#: transforms, filters and selectors. Not image-set(), image(), element(), paint() or expression(),
#: which load or run something; url() only to an element of the same image (`url(#id)`).
CSS_FUNCTIONS = frozenset("""
    url rgb rgba hsl hsla hwb lab lch oklab oklch color color-mix calc min max clamp var env
    matrix matrix3d translate translatex translatey translatez translate3d scale scalex scaley scalez scale3d
    rotate rotatex rotatey rotatez rotate3d skew skewx skewy perspective cubic-bezier steps
    blur brightness contrast drop-shadow grayscale hue-rotate invert opacity saturate sepia
    not is where has nth-child nth-last-child nth-of-type nth-last-of-type lang dir
""".split())

_LOCAL_REF = re.compile(r"\s*#[A-Za-z_][\w.:-]*\s*")
_RASTER_DATA = re.compile(r"\s*data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*")
_URL = re.compile(r"url\s*\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
_CSS_FUNCTION = re.compile(r"(-?[A-Za-z_][\w-]*)\(")
_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.I)
_RASTER_ELEMENTS = frozenset({"image", "feImage"})
_ANIMATIONS = frozenset({"animate", "animateMotion", "animateTransform", "set"})


def svg_problems(path: Path, rel: str) -> list[Diagnostic]:
    """CG605 for every construct of the SVG file at `path` that could run code or load a file from elsewhere."""
    try:
        data = path.read_bytes() if path.stat().st_size <= MAX_SVG_BYTES else None
    except OSError as exc:
        return [make("CG110.file", rel, 1, 1, reason=exc.strerror)]
    if data is None:
        return [make("CG107.svg", rel, 1, 1, limit_mb=MAX_SVG_BYTES // (1024 * 1024))]
    check = _SvgCheck(rel)
    try:
        _parse(data, check)
    except DefusedXmlException:
        declaration = _DECLARATION.search(data)
        line = data.count(b"\n", 0, declaration.start()) + 1 if declaration else 1
        check.refuse(line, phrase("svg.declaration"))
    except (SAXException, LookupError, ValueError) as exc:  # LookupError: an encoding Python does not know
        line = exc.getLineNumber() if isinstance(exc, SAXParseException) else 1
        reason = exc.getMessage() if isinstance(exc, SAXException) else str(exc)
        return [make("CG605.not_xml", rel, line or 1, 1, reason=reason)]
    return check.diagnostics


def _parse(data: bytes, handler: ContentHandler) -> None:
    """Parse with namespaces, refusing any DTD, entity declaration or reference to another file."""
    parser = DefusedExpatParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(handler)
    source = InputSource()
    source.setByteStream(io.BytesIO(data))
    parser.parse(source)


class _SvgCheck(ContentHandler):
    """A SAX handler that records every element and attribute outside the allow-lists, with its line."""

    def __init__(self, rel: str) -> None:
        super().__init__()
        self.rel = rel
        self.diagnostics: list[Diagnostic] = []
        self.locator = None
        self.open: list[tuple[str | None, str]] = []
        self.style_text: list[str] = []
        self.style_line = 1

    def line(self) -> int:
        return self.locator.getLineNumber() if self.locator else 1

    def refuse(self, line: int, what: Phrase) -> None:
        self.diagnostics.append(make("CG605", self.rel, line, 1, what=what))

    def setDocumentLocator(self, locator) -> None:  # noqa: N802 - SAX's name
        self.locator = locator

    def processingInstruction(self, target: str, data: str) -> None:  # noqa: N802
        self.refuse(self.line(), phrase("svg.instruction", target=target))

    def startElementNS(self, name, qname, attrs) -> None:  # noqa: N802
        uri, local = name
        problem = _element_problem(uri, local, not self.open)
        if problem:
            self.refuse(self.line(), problem)
        for (attr_uri, attr_local), value in attrs.items():
            problem = _attribute_problem(uri, local, attr_uri, attr_local, value)
            if problem:
                self.refuse(self.line(), problem)
        self.open.append((uri, local))
        self.style_text, self.style_line = [], self.line()

    def characters(self, content: str) -> None:
        if self.open and self.open[-1] == (SVG_NS, "style"):
            self.style_text.append(content)

    def endElementNS(self, name, qname) -> None:  # noqa: N802
        if name == (SVG_NS, "style"):
            problem = css_problem("".join(self.style_text))
            if problem:
                self.refuse(self.style_line, phrase("svg.style_sheet", problem=problem))
        self.open.pop()


def _element_problem(uri: str | None, local: str, is_root: bool) -> Phrase | None:
    if is_root and (uri, local) != (SVG_NS, "svg"):
        return phrase("svg.not_svg", element=local, namespace=SVG_NS)
    if uri == SVG_NS:
        return None if local in SVG_ELEMENTS else phrase("svg.element", element=local)
    if uri in INERT_NS:
        return None
    if not uri:
        return phrase("svg.element_without_namespace", element=local)
    return phrase("svg.foreign_element", element=local, namespace=uri)


def _attribute_problem(uri: str | None, element: str, attr_uri: str | None, attr: str, value: str
                       ) -> Phrase | None:
    if attr.lower().startswith("on"):
        return phrase("svg.handler", attribute=attr, element=element)
    if attr == "href" and attr_uri in (None, "", XLINK_NS):
        return _href_problem(element, value)
    if uri != SVG_NS or attr_uri in INERT_NS:
        return None  # attributes of elements a browser ignores, or of a drawing program: inert
    if attr_uri == XLINK_NS:
        return None if attr == "title" else phrase("svg.xlink_attribute", attribute=attr, element=element)
    if attr_uri == XML_NS:
        return None if attr in ("space", "lang") else phrase("svg.xml_attribute", attribute=attr, element=element)
    if attr_uri:
        return phrase("svg.foreign_attribute", attribute=attr, namespace=attr_uri, element=element)
    if attr == "attributeName" and element in _ANIMATIONS:
        return _animated_problem(element, value)
    if attr != "style" and attr not in SVG_ATTRIBUTES and not attr.startswith(("aria-", "data-")):
        return phrase("svg.attribute", attribute=attr, element=element)
    if attr in TEXT_ATTRIBUTES or attr.startswith(("aria-", "data-")):
        return None
    problem = css_problem(value)
    return phrase("svg.css_in_attribute", problem=problem, attribute=attr, element=element) if problem else None


def _href_problem(element: str, value: str) -> Phrase | None:
    """Links may point only inside the image (`#id`); <image> may also hold a PNG, JPEG, GIF or WebP."""
    if _LOCAL_REF.fullmatch(value):
        return None
    if element in _RASTER_ELEMENTS and _RASTER_DATA.fullmatch(value):
        return None
    shown = value if len(value) <= 60 else value[:57] + "..."
    return phrase("svg.outside_link", target=shown, element=element)


def _animated_problem(element: str, value: str) -> Phrase | None:
    """An animation may change only ordinary drawing attributes, never a link, a style or an event handler."""
    name = value.strip()
    if name in SVG_ATTRIBUTES:
        return None
    return phrase("svg.animation", element=element, name=name)


def css_problem(css: str) -> Phrase | None:
    """What in a piece of CSS (a style sheet, a style attribute or a presentation value) could load a file
    from elsewhere or run something; None when nothing can."""
    if "\\" in css:
        return phrase("css.backslash")
    if "@" in css:
        return phrase("css.at_rule")
    for match in _URL.finditer(css):
        if not _LOCAL_REF.fullmatch(match.group(2)):
            return phrase("css.outside_address", address=match.group(2)[:60])
    for match in _CSS_FUNCTION.finditer(_URL.sub("", css)):
        if match.group(1).lower() not in CSS_FUNCTIONS:
            return phrase("css.function", name=match.group(1))
    return None
