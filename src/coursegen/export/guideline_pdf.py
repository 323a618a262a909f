"""The implementation guideline as one PDF per language, made from the site's guideline book.

The book's Markdown (`guideline_book.book_markdown`, the same text as the site's `guideline/book/`) is
rendered with Python-Markdown and the site's extensions, cut to the content allow-list by the site's own
sanitiser, and laid out by WeasyPrint (the optional extra `pdf`) with a print stylesheet, `lang` and `dir` on
`<html>`: Arabic comes out right to left, in a font with Arabic glyphs.

Nothing is fetched: images of the guideline that the site publishes go in as `data:` URLs, and WeasyPrint's
fetcher refuses every address but those and files of coursegen's own folder. Links to other pages of the
site cannot be followed on paper and become plain text. The PDF's dates come from SOURCE_DATE_EPOCH, else from
a hash of the book: WeasyPrint writes the same bytes for the same input and the same WeasyPrint and fonts.
"""

from __future__ import annotations

import base64
import hashlib
import json
import mimetypes
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown

from ..guideline_book import GUIDELINE_BOOK, book_markdown
from ..html_policy import sanitise
from ..i18n import direction
from ..library import Library
from ..site.config import MARKDOWN_EXTENSIONS
from ..templates import Markup, Templates, template_folders
from .base import Export, ExportError, ExportRequest, Memo, export_moment, no_memo

#: What the user installs when WeasyPrint is missing.
MISSING_EXTRA = 'the PDF export needs WeasyPrint: install it with pip install "coursegen[pdf]".'
#: The print stylesheet of the PDF, among coursegen's templates (a project may override it).
STYLESHEET = "guideline_pdf.css"
#: The only folder WeasyPrint may read files from: coursegen's own package.
PACKAGE_FOLDER = Path(__file__).resolve().parents[1]

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
#: A link to another page of the site (no scheme, not a fragment): text only in the PDF.
_SITE_LINK = re.compile(r'(<a\b[^>]*?)\s+href="(?!#)(?![a-zA-Z][a-zA-Z0-9+.-]*:)[^"]*"')
_IMAGE_SRC = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]*)(")')


def export(library: Library, request: ExportRequest, memo: Memo = no_memo) -> Export:
    """The PDF. Its lay-out, most of the time it takes, goes through `memo` keyed on exactly what WeasyPrint
    reads: the document, the stylesheet and the base address (anything else it may read is refused by
    `safe_fetcher` or lies in coursegen's own folder)."""
    weasyprint = import_weasyprint()
    lang = request.lang or library.default_language
    book = book_markdown(library, lang)
    if book is None:
        raise ExportError("This project has no guideline: add its chapters to content/guideline/ first.")
    match = _FRONT_MATTER.match(book)
    title = json.loads(match.group(1))["title"] if match else ""
    body = book_html(library, book[match.end():] if match else book)
    document = Templates(library.root).html(
        "guideline_pdf", lang=lang, dir=direction(lang), title=title, date=pdf_date(book), body=Markup(body))
    stylesheet, base_url = read_stylesheet(library.root), PACKAGE_FOLDER.as_uri() + "/"
    parts = ("guideline_pdf", base_url, document, stylesheet)
    return Export(memo(parts, lambda: lay_out(weasyprint, document, stylesheet, base_url)))


def lay_out(weasyprint, document: str, stylesheet: str, base_url: str) -> bytes:
    """The PDF of an HTML document and its print stylesheet, laid out by WeasyPrint."""
    fetcher = safe_fetcher(weasyprint)
    html = weasyprint.HTML(string=document, base_url=base_url, url_fetcher=fetcher)
    return html.write_pdf(stylesheets=[weasyprint.CSS(string=stylesheet, url_fetcher=fetcher)])


def import_weasyprint():
    """WeasyPrint, or the one line that says which extra to install."""
    try:
        import weasyprint
    except (ImportError, OSError):  # OSError: WeasyPrint is there but a system library (Pango) is not
        raise ExportError(MISSING_EXTRA) from None
    return weasyprint


def book_html(library: Library, text: str) -> str:
    """The book's Markdown as sanitised HTML, with links to the site made text and images made data URLs."""
    names = [e if isinstance(e, str) else next(iter(e)) for e in MARKDOWN_EXTENSIONS]
    configs = {name: options for e in MARKDOWN_EXTENSIONS if isinstance(e, dict) for name, options in e.items()}
    rendered = markdown.Markdown(extensions=names, extension_configs=configs).convert(text)
    clean = _SITE_LINK.sub(r"\1", sanitise(rendered))
    return _IMAGE_SRC.sub(lambda m: m.group(1) + image_url(library, m.group(2)) + m.group(3), clean)


def image_url(library: Library, src: str) -> str:
    """A published image of the guideline as a data URL; any other address is left for the fetcher to refuse."""
    parts = urlsplit(src.replace("&amp;", "&"))
    if parts.scheme or parts.netloc or not parts.path:
        return src
    rel = posixpath.normpath(posixpath.join(posixpath.dirname(GUIDELINE_BOOK), unquote(parts.path)))
    path = library.asset_review.published.get(rel)
    kind = mimetypes.guess_type(rel)[0]
    if path is None or kind is None or not kind.startswith("image/"):
        return src
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def safe_fetcher(weasyprint):
    """A fetcher that refuses every address but `data:` URLs and files inside coursegen's own folder."""

    def allowed(url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return True
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        path = Path(unquote(parts.path)).resolve()
        return path.is_file() and path.is_relative_to(PACKAGE_FOLDER)

    base = getattr(getattr(weasyprint, "urls", None), "URLFetcher", None)
    if base is not None:  # WeasyPrint 68 and later: a fetcher class
        class Fetcher(base):
            def fetch(self, url, headers=None):
                if not allowed(url):
                    raise ValueError(f"coursegen fetches nothing for a PDF: {url[:80]}")
                return super().fetch(url, headers)

        return Fetcher(allowed_protocols=("data", "file"))

    def fetch(url, timeout=10, ssl_context=None):  # earlier WeasyPrint: a function
        if not allowed(url):
            raise ValueError(f"coursegen fetches nothing for a PDF: {url[:80]}")
        return weasyprint.default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)

    return fetch


def read_stylesheet(root: Path) -> str:
    """The PDF's stylesheet: the project's own copy, else coursegen's."""
    for folder in template_folders(root):
        path = Path(folder) / STYLESHEET
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise ExportError(f"The stylesheet {STYLESHEET} is missing from coursegen's templates.")


def pdf_date(book: str) -> str:
    """The PDF's creation and change date (see `export_moment`)."""
    moment = export_moment(hashlib.sha256(book.encode("utf-8")).digest())
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
