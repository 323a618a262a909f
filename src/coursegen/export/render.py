"""A module's page as one self-contained HTML document, and the package of pages that the SCORM 1.2 and the
Common Cartridge exports both wrap in their own manifest.

A package holds, under `pages/`: one HTML document per module, the stylesheet (`export.css`), the framework
items and glossary terms the pages refer to (`outcomes.html`, `glossary.html`) and the images the pages show
(`media/`, by their path in content/). Nothing in a page loads from outside the package, and every link is
decided here, after the allow-list sanitiser, in one place (`PageRenderer.local_href`):

- a link to a module of the package points to its page; a link to any other page of the site (another
  module, a course, the guideline) becomes its plain text: the package cannot know where that page will be,
  and a dead link is worse than none;
- outcome, competence and area references point to their entry in the package's `outcomes.html` (statement,
  level, assessment criteria), term references to `glossary.html`; the definition is also in a tooltip that
  CSS alone shows on hover and keyboard focus, since Moodle strips scripts;
- links to other sites (http, https, mailto, tel) stay: they are followed only on a click, never loaded;
- images of content/ that the site publishes are copied into the package; any other image is replaced by
  its text alternative (`srcset` is dropped: one image per picture is enough in a package).

Learner edition by default: trainer notes are removed; the trainer edition shows them in a visible box
where they stood (both from one conversion, see `PageRenderer.module_body`). Texts come in the request's
language, each page falling back to the default language with a notice on the page and one for the user.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import threading
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

import markdown
from lxml import etree
from lxml import html as lxml_html
from markupsafe import escape

from ..html_policy import LINK_SCHEMES, is_offsite, sanitise, url_scheme
from ..i18n import direction, language_marks, language_name_in, page_staleness
from ..library import Library, Page
from ..markdown_anchors import TOC_SLUG
from ..page_paths import reference_definitions
from ..pages import References, after_h1, anchor, ensure_h1, localizer, relative_md, trainer_blocks_as_slots
from ..pages.localizer import Localizer
from ..pages.module_card import statement_language
from ..pages.quiz_blocks import open_answers, static_quizzes
from ..pages.trainer import distinct_ids, fill_slots, without_slots
from ..session_tables import plan_tables
from ..site.config import markdown_extensions
from ..templates import Markup, Templates, template_folders
from .base import ExportError, ExportRequest, export_moment, xml_safe

PAGES = "pages"  # the folder of every file but the manifest
STYLESHEET = "export.css"
OUTCOMES_PAGE = "outcomes.html"
GLOSSARY_PAGE = "glossary.html"
MEDIA = "media"
#: Elements that load their `src`: localised, or replaced by their text alternative (`srcset` is dropped).
_MEDIA_TAGS = ("img", "video", "audio", "source", "track")
_NOT_NCNAME = re.compile(r"[^A-Za-z0-9._-]")
#: Dates derived from the content fall in 2000-2019 (zip dates start in 1980).


@dataclass(frozen=True)
class PackagePage:
    module_id: str
    href: str  # its path in the zip
    title: str
    title_lang: str | None = None  # the title's language when it is not the package's (a fallback title)


@dataclass
class Package:
    """The pages of a module or course in one language, ready for a manifest."""

    identifier: str  # an XML NCName, stable across exports
    title: str
    lang: str
    version: str
    pages: list[PackagePage]
    files: dict[str, bytes]  # every file but the manifest, by its path in the zip
    notices: list[str] = field(default_factory=list)

    @property
    def shared(self) -> list[str]:
        """The files every page may use: stylesheet, outcomes and glossary pages, images."""
        own = {page.href for page in self.pages}
        return sorted(path for path in self.files if path not in own)


def xml_id(*parts: str) -> str:
    """An XML NCName (what manifests' identifiers must be) from ids of letters, digits, '-' and '_'."""
    return "_".join(_NOT_NCNAME.sub("-", part) for part in parts if part)


def xml_element(parent: etree._Element, namespace: str, name: str, text: str | None,
                attributes: dict[str, str]) -> etree._Element:
    """A manifest element: its text and attribute values without what XML cannot hold (see `xml_safe`)."""
    element = etree.SubElement(parent, f"{{{namespace}}}{name}",
                               {key: xml_safe(value) for key, value in attributes.items()})
    element.text = xml_safe(text)
    return element


def package_modules(library: Library, request: ExportRequest) -> tuple[Page, list[Page]]:
    """The module or course the request names, and its modules in order."""
    if request.target == "module":
        page = library.modules[request.item_id]
        return page, [page]
    course = library.courses[request.item_id]
    modules = [library.modules[m] for m in library.course_modules(course) if m in library.modules]
    if not modules:
        raise ExportError(f"The course {request.item_id} lists no module: there is nothing to package.")
    return course, modules


def build_package(library: Library, request: ExportRequest) -> Package:
    """Render every page of the request's module or course, then the pages they refer to."""
    lang = request.lang or library.default_language
    subject, modules = package_modules(library, request)
    renderer = PageRenderer(library, lang, request.trainer, modules)
    local = renderer.local
    pages = [PackagePage(m.meta.id, renderer.hrefs[m.rel], local.page_title(m), local.page_title_language(m))
             for m in modules]
    title = local.page_title(subject)
    bodies = {page.href: renderer.module_body(module) for page, module in zip(pages, modules)}
    extra = renderer.reference_pages()
    listed = pages + [PackagePage("", href, page_title) for href, (page_title, _) in extra.items()]
    files: dict[str, bytes] = {f"{PAGES}/{STYLESHEET}": stylesheet(library.root)}
    for page in pages:
        files[page.href] = renderer.document(page.title, title, bodies[page.href], listed, page.href)
    for href, (page_title, body) in extra.items():
        files[href] = renderer.document(page_title, title, body, listed, href, heading=True)
    files.update(renderer.media)
    edition = "trainer" if request.trainer else ""
    identifier = xml_id("coursegen", library.framework.id if library.framework else "", request.target,
                        request.item_id or "", lang, edition)
    return Package(identifier, title, lang, str(subject.meta.version), pages, files, renderer.notices)


def stylesheet(root: Path) -> bytes:
    """The project's own `site_overrides/coursegen/export.css` if it has one, else coursegen's."""
    for folder in template_folders(root):
        path = Path(folder) / STYLESHEET
        if path.is_file():
            return path.read_bytes()
    raise ExportError(f"The package stylesheet {STYLESHEET} is missing from coursegen's templates.")


@lru_cache(maxsize=256)
def rendered_markdown(body: str, permalink_title: str) -> str:
    """A page body's Markdown as sanitised HTML, its headings' permalinks titled `permalink_title` (the
    page's language's words). Pure, so kept: a course package renders the same module bodies as the
    module's own package (and SCORM and Common Cartridge the same course), and a build that makes every
    download would otherwise convert each module four to six times per language."""
    return sanitise(_converter(permalink_title).reset().convert(body))


#: Each thread's Python-Markdown (one per permalink title), reset between documents as its documentation
#: says (making a new one for each document took about 6 % of the time a language's downloads took).
_CONVERTERS = threading.local()


def _converter(permalink_title: str) -> markdown.Markdown:
    converters = getattr(_CONVERTERS, "markdown", None)
    if converters is None:
        converters = _CONVERTERS.markdown = {}
    if permalink_title not in converters:
        converters[permalink_title] = _markdown(permalink_title)
    return converters[permalink_title]


def _markdown(permalink_title: str) -> markdown.Markdown:
    """Python-Markdown with the site's extensions (written MkDocs' way: a name, or {name: settings}) and
    the site's heading ids (see `markdown_anchors.heading_slug`: a heading in Arabic gets its words, as on
    the site and as `validate` checks the links to it, not `_1`)."""
    names, settings = [], {}
    for extension in markdown_extensions(permalink_title):
        if isinstance(extension, dict):
            (name, config), = extension.items()
            names.append(name)
            settings[name] = config
        else:
            names.append(extension)
    settings["toc"] = {**settings.get("toc", {}), **TOC_SLUG}
    return markdown.Markdown(extensions=names, extension_configs=settings)


class PackageReferences(References):
    """References as the site expands them, except terms: their link is a Markdown-style relative path like
    every other reference (the site writes a directory URL), so that one resolver maps them all."""

    def term_href(self, term_id: str) -> str:
        return relative_md(self.out_rel, "glossary/index.md", anchor(term_id))


@dataclass(frozen=True)
class ModuleText:
    """A module's text in one language as both editions' pages start from it: `body`, its source (quizzes
    written out), `learner`, the Markdown both convert (a slot for each of the trainer blocks, `notes`), the
    language it falls back to, whether its translation is stale, and the localizer of its text."""

    body: str
    learner: str
    notes: tuple[str, ...]
    fallback: str | None
    stale: bool
    local: Localizer


class PageRenderer:
    """Renders the pages of one package in one language; collects what they refer to."""

    def __init__(self, library: Library, lang: str, trainer: bool, modules: list[Page]) -> None:
        self.library = library
        self.lang = lang
        self.trainer = trainer
        self.local = localizer(library, lang)
        self.templates: Templates = self.local.templates
        self.hrefs = {module.rel: f"{PAGES}/{module.meta.id}.html" for module in modules}
        self.item_anchors = library.item_anchors
        self.term_anchors = library.term_anchors
        self.items: set[str] = set()
        self.terms: set[str] = set()
        self.media: dict[str, bytes] = {}
        self.notices: list[str] = []

    # --- one module page -----------------------------------------------------------------------------

    def source_text(self, page: Page) -> tuple[str, str | None, bool]:
        """(body, the language it falls back to or None, stale?) as the site decides them."""
        default = self.library.default_language
        if self.lang == default:
            return page.body, None, False
        translation = page.translations.get(self.lang)
        if translation is None:
            return page.body, default, False
        return translation.body, None, page_staleness(self.library, page, self.lang) is not None

    def module_body(self, page: Page) -> str:
        """The module's content as sanitised HTML whose links and images all stay inside the package.

        Both editions convert the same Markdown, the learner text with a slot where each trainer block
        stood (converted once per process: `rendered_markdown` keeps it), as the site builds its trainer
        pages (see `site.editions`): the learner edition takes the slots out, the trainer edition opens the
        quizzes' answers and puts each block, boxed and converted on its own, into its slot.
        """
        text = self.module_text(page)
        notices = self.page_notices(page, text.fallback, text.stale)
        html = rendered_markdown(text.learner, self.local.t("permalink"))
        if self.trainer:
            boxes = self.trainer_boxes(text.body, text.notes, text.local, page.rel, html)
            html = open_answers(fill_slots(html, boxes))
        else:
            html = without_slots(html, "\n")  # a block between two paragraphs leaves them apart
        return notices + self.localise(html, page.rel)

    def module_text(self, page: Page) -> ModuleText:
        """What both editions of every package of `page` in this language start from, made once per library
        (in `Library.shared`): it does not depend on the edition."""
        key = ("export-module-text", page.rel, self.lang)
        made = self.library.shared.get(key)
        if made is None:
            body, fallback, stale = self.source_text(page)
            text_local = localizer(self.library, fallback) if fallback else self.local
            body = static_quizzes(self.templates, self.local.t, body)
            learner, notes = trainer_blocks_as_slots(body)
            learner = PackageReferences(text_local, page.rel).expand(ensure_h1(learner, text_local.page_title(page)))
            learner = after_h1(learner, "\n" + self.module_card(page) + "\n")
            if fallback:
                learner = self.templates.markdown("in_language", lang=fallback, dir=direction(fallback),
                                                  body=Markup(learner.strip()))
            made = self.library.shared[key] = ModuleText(body, learner, notes, fallback, stale, text_local)
        return made

    def trainer_boxes(self, body: str, notes: tuple[str, ...], text_local: Localizer, rel: str,
                      page: str) -> list[str]:
        """Each trainer block of `body` as the HTML of its visible, labelled box (a session plan as its
        table); their tooltips have ids of their own, apart from the learner text's. Each box is converted
        with the module's reference-style link definitions after it: its `[text][id]` may use one that
        stands in the learner text (as the site's trainer page does, see `pages.trainer.trainer_page`).
        Converted one by one, the boxes get ids distinct from those of `page` (the learner text's HTML) and
        from each other's (see `pages.trainer.distinct_ids`)."""
        label = self.local.t("trainer_notes")
        plans = plan_tables(self.templates, self.local.t, body)  # session plans show as tables, by block
        references = PackageReferences(text_local, rel, tip_prefix="cg-tip-t")
        definitions = reference_definitions(body) if notes else ""
        after = "\n\n" + definitions if definitions else ""
        permalink = self.local.t("permalink")
        boxes = [plans.get(index) or self.templates.markdown("trainer_box", label=label, inner=Markup(note))
                 for index, note in enumerate(notes)]
        boxes = [rendered_markdown(references.expand(box) + after, permalink) for box in boxes]
        placed: set[str] = set()
        return [distinct_ids(box, page, placed)[0] for box in boxes]

    def page_notices(self, page: Page, fallback: str | None, stale: bool) -> str:
        """The notices on top of a page (in the reader's language), and one for the user per fallback."""
        notices = []
        if self.trainer:
            notices.append(("trainer", self.local.t("trainer_edition")))
        if fallback:
            notices.append(("fallback", self.local.t(
                "fallback_notice", language=language_name_in(self.lang, self.lang),
                original=language_name_in(self.lang, fallback))))
            self.notices.append(f"The module {page.meta.id} has no {language_name_in('en', self.lang)} translation: "
                                f"its page is in {language_name_in('en', fallback)}.")
        if stale:
            notices.append(("stale", self.local.t("stale_notice")))
            self.notices.append(f"The {language_name_in('en', self.lang)} translation of {page.meta.id} is older "
                                "than its original.")
        return "".join(self.templates.html("notice", kind=kind, text=text) + "\n" for kind, text in notices)

    def module_card(self, page: Page) -> str:
        """The site's module info card, with Markdown-style links (resolved by `localise` like the rest)."""
        meta, t, lib = page.meta, self.local.t, self.library
        outcomes = [{"href": relative_md(page.rel, lib.item_page(code), anchor(code)), "code": code,
                     "statement": self.local.outcome_text(code)[0], **statement_language(self.local, code)}
                    for code in dict.fromkeys(meta.outcomes) if code in lib.outcomes]
        prerequisites = []
        for module in (lib.modules[m] for m in meta.prerequisites if m in lib.modules):
            title_lang = self.local.page_title_language(module)  # marked when it is a fallback title
            prerequisites.append({"href": relative_md(page.rel, module.rel), "title": self.local.page_title(module),
                                  "lang": title_lang, "dir": title_lang and direction(title_lang)})
        return self.templates.html(
            "module_card", t=t, lang=self.lang, dir=direction(self.lang),
            hours=self.local.hours(meta.duration_hours), eqf_level=meta.eqf_level,
            delivery=[t(mode) for mode in meta.delivery], countries=list(meta.countries),
            prerequisites=prerequisites, outcomes=outcomes)

    # --- links and images ------------------------------------------------------------------------------

    def localise(self, rendered: str, source_rel: str) -> str:
        """Every link and image of a page's sanitised HTML made to point inside the package, or made text."""
        root = lxml_html.fragment_fromstring(rendered, create_parent="div")
        for link in list(root.iter("a")):
            href = link.get("href")
            if href is None:
                continue
            local = self.local_href(source_rel, href)
            if local is None:
                link.drop_tag()
            else:
                link.set("href", xml_safe(local))
        for element in list(root.iter(*_MEDIA_TAGS)):
            self.localise_media(element, source_rel)
        for element in root.iter():
            for attribute in ("srcset", "poster"):
                element.attrib.pop(attribute, None)
        return str(escape(root.text or "")) + "".join(lxml_html.tostring(child, encoding="unicode") for child in root)

    def local_href(self, source_rel: str, href: str) -> str | None:
        """Where a link of the page at `source_rel` points in the package; None: it becomes its text."""
        if href.startswith("#"):
            return href
        if url_scheme(href) in LINK_SCHEMES:
            return href  # another site, followed only on a click
        if is_offsite(href):
            return "https:" + href if href.startswith("//") else None
        path, _, fragment = href.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source_rel), unquote(path.split("?")[0])))
        if target in self.hrefs:
            return _relative(self.hrefs[target], fragment)
        item = self.item_anchors.get(fragment)
        if item is not None and target == self.library.item_page(item):
            self.items.add(item)
            return _relative(f"{PAGES}/{OUTCOMES_PAGE}", fragment)
        if target == "glossary/index.md" and fragment in self.term_anchors:
            self.terms.add(self.term_anchors[fragment])
            return _relative(f"{PAGES}/{GLOSSARY_PAGE}", fragment)
        return None

    def localise_media(self, element, source_rel: str) -> None:
        """An image (or video, audio...) of content/ the site publishes goes into the package; any other is
        replaced by its text alternative."""
        src = element.get("src")
        if src is None:
            return
        path = posixpath.normpath(posixpath.join(posixpath.dirname(source_rel), unquote(src.split("#")[0])))
        published = self.library.asset_review.published
        if not is_offsite(src) and path in published:
            zip_path = f"{PAGES}/{MEDIA}/{path}"
            self.media[zip_path] = Path(published[path]).read_bytes()
            element.set("src", xml_safe(posixpath.relpath(zip_path, PAGES)))
            return
        alt = element.get("alt") or ""
        tail = element.tail
        element.clear()
        element.tag, element.text, element.tail = "span", xml_safe(alt), xml_safe(tail)

    # --- the pages the module pages refer to ---------------------------------------------------------------

    def reference_pages(self) -> dict[str, tuple[str, str]]:
        """{path: (title, body)} of the outcomes and glossary pages, for what the module pages refer to."""
        pages = {}
        if self.items:
            pages[f"{PAGES}/{OUTCOMES_PAGE}"] = (self.local.t("outcomes"), self.outcomes_body())
        if self.terms:
            pages[f"{PAGES}/{GLOSSARY_PAGE}"] = (self.local.t("glossary"), self.glossary_body())
        return pages

    def outcomes_body(self) -> str:
        local, lib, items = self.local, self.library, []
        for code in (code for code in lib.items if code in self.items):  # in the framework's order
            outcome = lib.outcomes.get(code)
            title, criteria = local.outcome_text(code) if outcome else (local.item_title(code), ())
            title_lang, criteria_lang = (local.outcome_languages(code) if outcome
                                         else (local.item_title_language(code), None))
            items.append({"code": code, "anchor": anchor(code), "title": title, "criteria": criteria,
                          "eqf_level": outcome.eqf_level if outcome else None,
                          **language_marks("title", title_lang), **language_marks("criteria", criteria_lang)})
        return self.templates.html("export_outcomes", t=local.t, items=items)

    def glossary_body(self) -> str:
        return self.templates.html("glossary", entries=self.local.glossary_entries(self.terms))

    # --- the document ----------------------------------------------------------------------------------------

    def document(self, title: str, package_title: str, body: str, pages: list[PackagePage], current: str,
                 heading: bool = False) -> bytes:
        """A whole HTML document around a sanitised body (`heading`: which lacks its level-1 heading, the
        title), with the list of the package's pages."""
        listed = [{"title": page.title, "href": posixpath.relpath(page.href, posixpath.dirname(current)),
                   "current": page.href == current, "lang": page.title_lang,
                   "dir": page.title_lang and direction(page.title_lang)} for page in pages]
        return self.templates.html(
            "export_page", lang=self.lang, dir=direction(self.lang), title=title, heading=heading,
            package_title=package_title,
            stylesheet=posixpath.relpath(f"{PAGES}/{STYLESHEET}", posixpath.dirname(current)),
            body=Markup(body), pages=listed).encode("utf-8")


def _relative(zip_path: str, fragment: str) -> str:
    """A link from a page in `pages/` to another file there."""
    return posixpath.relpath(zip_path, PAGES) + (f"#{fragment}" if fragment else "")


# --- the zip ---------------------------------------------------------------------------------------------------


def package_date(files: dict[str, bytes]) -> tuple[int, int, int, int, int, int]:
    """The date of every zip entry: SOURCE_DATE_EPOCH when set, else a date in 2000-2019 from a hash of the
    files, so that it changes with the content and never with the clock."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(files[name]).digest())
    moment = export_moment(digest.digest(), earliest=315532800)  # zip dates start in 1980
    if moment.year > 2107:
        raise ExportError("SOURCE_DATE_EPOCH is after 2107, the last year a zip file can record.")
    return moment.timetuple()[:6]


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A zip of `files`, in sorted order, every entry with the same fixed date and permissions: the same
    files give the same bytes."""
    moment = package_date(files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=moment)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever the platform that writes it
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()
