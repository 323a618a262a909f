"""The generated file set: for one language, every Markdown page of the site and the assets it needs.

This module knows nothing about MkDocs. It turns a validated `Library` into plain Markdown (with the
`attr_list` and `md_in_html` extensions in mind) that any Markdown site generator can render:

- content pages in the reader's language, or in the default language with a notice (fallback), and a notice
  when a translation is stale;
- references such as `[](outcome:A1.C1.LO1)` expanded to relative links with localized titles;
- generated pages: framework overview, coverage matrix, module and course indexes, glossary;
- module info cards and course pages (sequence, hours, coverage, prerequisite diagram as inline SVG);
- a learner edition (trainer notes removed) and a separate trainer edition under `trainer/`: a trainer page
  holds only its additions to its learner twin (`FileSet.trainer_twins`), and the renderer builds it from
  the learner page's HTML instead of rendering the same text a second time;
- the big generated blocks (framework entries, coverage matrix, module index, glossary) as finished HTML kept
  beside the Markdown (`FileSet.html_blocks`): a Markdown parser would spend most of a build re-reading them.

Everything is computed from the library alone, in a fixed order, so the same input gives the same text.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .i18n import direction, language_name_in
from .library import Library, Page
from .markdown_scan import REFERENCE_SCHEMES, mask_code, scan, split_trainer_notes
from .session_tables import plan_tables
from .templates import Markup, Templates, md_block, md_text
from .ui_strings import UiStrings

#: The guideline as one page (its chapters are expanded by `guideline_book.guideline_book`).
GUIDELINE_BOOK = "guideline/book.md"

#: Where the trainer edition lives; learner pages link only to its index.
TRAINER_DIR = "trainer"
TRAINER_INDEX = f"{TRAINER_DIR}/index.md"

_REFERENCE = re.compile(r"\[([^\]\n]*)\]\(\s*(" + "|".join(REFERENCE_SCHEMES) + r"):([^)\s]+)\s*\)")
_RELATIVE_LINK = re.compile(r"(!?\[(?:[^\[\]\n]|\[[^\]\n]*\])*\]\(\s*)(<[^>\n]*>|[^)\s]*)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_H1 = re.compile(r"^[ \t]{0,3}#[ \t]+.*$", re.M)

#: Where a learner page with a trainer twin gets the twin's additions (an HTML comment, invisible). The
#: first slot takes the trainer header, each further slot one block of trainer notes, in order.
TRAINER_SLOT = "<!-- coursegen:trainer-slot -->"
#: Separates the parts of a trainer page's Markdown (header, then each block of notes).
TRAINER_PART = "<!-- coursegen:trainer-part -->"

#: Where a generated page takes its N-th block of finished HTML (see `FileSet.html_blocks`).
HTML_BLOCK = "<!-- coursegen:html {} -->"
_HTML_BLOCK = re.compile(r"<!-- coursegen:html (\d+) -->")
_ID = re.compile(r'\sid="([^"]+)"')


class HtmlBlocks:
    """The finished HTML blocks of one page; the page's Markdown holds a placeholder for each."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, block: str) -> str:
        """Keep `block`; returns the Markdown that stands for it (a placeholder line between blank lines)."""
        self.items.append(block)
        return "\n" + HTML_BLOCK.format(len(self.items) - 1) + "\n"


@dataclass
class FileSet:
    """The files of one language's site: Markdown text by docs path, and assets to copy by docs path."""

    lang: str
    pages: dict[str, str] = field(default_factory=dict)
    assets: dict[str, Path] = field(default_factory=dict)
    nav: list = field(default_factory=list)
    trainer_twins: dict[str, str] = field(default_factory=dict)  # trainer docs path -> learner docs path
    html_blocks: dict[str, HtmlBlocks] = field(default_factory=dict)  # by docs path: finished HTML blocks

    def fill_html(self, rel: str, rendered: str) -> str:
        """A page's rendered HTML with its `HTML_BLOCK` placeholders replaced by their blocks."""
        blocks = self.html_blocks.get(rel)
        if not blocks or not blocks.items:
            return rendered
        return _HTML_BLOCK.sub(lambda m: blocks.items[int(m.group(1))], rendered)

    def block_anchors(self, rel: str) -> set[str]:
        """The element ids in a page's HTML blocks: anchors a renderer cannot see in the Markdown."""
        blocks = self.html_blocks.get(rel)
        return {anchor for block in blocks.items for anchor in _ID.findall(block)} if blocks else set()

    def markdown(self, rel: str) -> str:
        """A page's Markdown with its HTML blocks written in (raw HTML: any renderer shows it, slowly)."""
        return self.fill_html(rel, self.pages[rel])


# --- paths and anchors -----------------------------------------------------------------------------


def anchor(code: str) -> str:
    """The HTML anchor of a framework item or glossary term: `A1.C1.LO1` -> `a1-c1-lo1`."""
    return re.sub(r"[^a-z0-9-]+", "-", code.lower()).strip("-")


def page_url(rel: str) -> str:
    """The directory URL of a docs page: `modules/role.md` -> `modules/role/`, `index.md` -> ``."""
    stem = rel[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def relative_url(from_rel: str, to_rel: str, fragment: str = "") -> str:
    """A relative URL from page `from_rel` to page `to_rel`, for raw HTML (which MkDocs does not rewrite)."""
    target = page_url(to_rel) or "."
    base = page_url(from_rel).rstrip("/") or "."
    url = _relpath(target, base)
    url = "./" if url == "." else url + "/"
    return url + (f"#{fragment}" if fragment else "")


def relative_md(from_rel: str, to_rel: str, fragment: str = "") -> str:
    """A relative Markdown link between docs files, which MkDocs checks and turns into a URL."""
    path = _relpath(to_rel, posixpath.dirname(from_rel))
    return path + (f"#{fragment}" if fragment else "")


def _relpath(path: str, start: str) -> str:
    """`posixpath.relpath` for the normalized relative paths of docs files (no `..`), without its two
    `abspath` calls: page generation computes thousands of these."""
    to = [part for part in path.split("/") if part and part != "."]
    base = [part for part in start.split("/") if part and part != "."]
    common = 0
    while common < min(len(to), len(base)) and to[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


def trainer_rel(rel: str) -> str:
    return f"{TRAINER_DIR}/{rel}"


# --- localized text --------------------------------------------------------------------------------


class Localizer:
    """Text of the library in one language, falling back to the default language item by item."""

    def __init__(self, library: Library, lang: str) -> None:
        self.library = library
        self.lang = lang
        self.templates = Templates(library.root)
        self.strings = UiStrings(library.root)
        found = library.framework_translations.get(lang) if lang != library.default_language else None
        self.framework = found[0] if found else None
        glossary = library.glossary_translations.get(lang) if lang != library.default_language else None
        self.glossary = glossary[0] if glossary else None

    def t(self, key: str, **values: object) -> str:
        return self.strings.text(self.lang, key, **values)

    def framework_title(self) -> str:
        source = self.library.framework.title if self.library.framework else "coursegen"
        return (self.framework and self.framework.title) or source

    def framework_description(self) -> str:
        source = self.library.framework.description if self.library.framework else ""
        return (self.framework and self.framework.description) or source

    def _translated_item(self, code: str):
        if not self.framework:
            return None
        table = self.framework.areas if code in self.library.areas else self.framework.competences
        return table.get(code)

    def item_title(self, code: str) -> str:
        """Title of an area or competence, statement of an outcome."""
        if code in self.library.outcomes:
            return self.outcome_text(code)[0]
        translated = self._translated_item(code)
        return (translated and translated.title) or self.library.items[code].item.title

    def item_description(self, code: str) -> str:
        translated = self._translated_item(code)
        return (translated and translated.description) or self.library.items[code].item.description

    def outcome_text(self, code: str) -> tuple[str, tuple[str, ...]]:
        """The statement and assessment criteria of an outcome."""
        outcome = self.library.outcomes[code]
        translated = self.framework.outcomes.get(code) if self.framework else None
        statement = (translated and translated.statement) or outcome.statement
        criteria = (translated and translated.assessment_criteria) or outcome.assessment_criteria
        return statement, criteria

    def page_title(self, page: Page) -> str:
        translation = page.translations.get(self.lang)
        title = (translation and translation.meta.title) or page.meta.title
        return title or _first_heading(page.body) or page.rel

    def page_summary(self, page: Page) -> str:
        translation = page.translations.get(self.lang)
        summary = (translation and translation.meta.summary) or getattr(page.meta, "summary", "")
        return summary or ""

    def term(self, term_id: str) -> tuple[str, str]:
        source = self.library.terms[term_id]
        translated = self.glossary.terms.get(term_id) if self.glossary else None
        return (translated and translated.term) or source.term, \
            (translated and translated.definition) or source.definition

    def hours(self, value: float) -> str:
        return self.t("hours", hours=f"{value:g}")


def _first_heading(body: str) -> str | None:
    match = _H1.search(body)
    return match.group(0).lstrip(" \t#").strip() if match else None


# --- reference expansion -----------------------------------------------------------------------------


class References:
    """Expands `[](scheme:id)` links and rebases relative links for one output page."""

    def __init__(self, local: Localizer, out_rel: str, source_rel: str | None = None, tip_prefix: str = "cg-tip-"
                 ) -> None:
        self.local = local
        self.library = local.library
        self.out_rel = out_rel
        self.source_rel = source_rel or out_rel
        self.tips = 0  # per page counter: tooltip ids are stable and unique within the page
        self.tip_prefix = tip_prefix  # trainer notes use their own, so their ids never clash with the page's

    def expand(self, markdown: str) -> str:
        """The Markdown with every reference expanded (code spans and blocks are left alone)."""
        masked = mask_code(markdown)
        parts, last = [], 0
        for match in _REFERENCE.finditer(masked):
            parts.append(markdown[last:match.start()])
            text = markdown[match.start(1):match.end(1)]
            parts.append(self.reference(match.group(2), match.group(3), text) or markdown[match.start():match.end()])
            last = match.end()
        parts.append(markdown[last:])
        return "".join(parts)

    def reference(self, scheme: str, value: str, text: str) -> str | None:
        """Markdown (or inline HTML) for one reference; None when it cannot be resolved."""
        library, local = self.library, self.local
        if scheme in ("outcome", "competence", "area") and value in library.items:
            label = text or (local.item_title(value) if scheme != "outcome" else
                             f"{value} {local.outcome_text(value)[0]}")
            return f"[{md_text(label)}]({relative_md(self.out_rel, 'framework/index.md', anchor(value))})"
        if scheme == "module" and value in library.modules:
            page = library.modules[value]
            return f"[{md_text(text or local.page_title(page))}]({relative_md(self.out_rel, page.rel)})"
        if scheme == "course" and value in library.courses:
            page = library.courses[value]
            return f"[{md_text(text or local.page_title(page))}]({relative_md(self.out_rel, page.rel)})"
        if scheme == "term" and value in library.terms:
            return self.term_link(value, text)
        return None

    def term_link(self, term_id: str, text: str) -> str:
        """A link to the glossary entry with its definition as a tooltip shown on hover and keyboard focus.

        The definition is also the link's accessible description (aria-describedby), so screen readers
        announce it; it is hidden from the search index so that pages are not found by their tooltips.
        """
        term, definition = self.local.term(term_id)
        self.tips += 1
        href = relative_url(self.out_rel, "glossary/index.md", anchor(term_id))
        return self.local.templates.html("term", href=href, tip_id=f"{self.tip_prefix}{self.tips}",
                                         label=text or term, definition=definition)

    def rebase(self, markdown: str) -> str:
        """Relative links written for `source_rel`, rewritten for a page at `out_rel` (trainer edition)."""
        masked = mask_code(markdown)
        parts, last = [], 0
        for match in _RELATIVE_LINK.finditer(masked):
            target = markdown[match.start(2):match.end(2)]
            bare = target.strip("<>")
            if not bare or bare.startswith(("#", "/")) or _SCHEME.match(bare):
                continue
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(self.source_rel), bare))
            parts.append(markdown[last:match.start(2)])
            parts.append(posixpath.relpath(joined, posixpath.dirname(self.out_rel) or "."))
            last = match.end(2)
        parts.append(markdown[last:])
        return "".join(parts)


# --- page assembly -------------------------------------------------------------------------------------


#: Characters that JSON leaves as they are but YAML refuses (not printable) or reads as line breaks.
_NOT_YAML_TEXT = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def front_matter(meta: dict, body: str) -> str:
    """A Markdown file with front matter, written as JSON, which is also YAML (and 50 times faster to write
    than a YAML dump); keys sorted, so the text is stable."""
    header = json.dumps(meta, ensure_ascii=False, sort_keys=True)
    header = _NOT_YAML_TEXT.sub(lambda m: f"\\u{ord(m.group()):04x}", header)
    return "---\n" + header + "\n---\n\n" + body.strip() + "\n"


def after_h1(body: str, block: str) -> str:
    """Insert `block` after the first level-1 heading (or at the top)."""
    match = _H1.search(mask_code(body))
    if not match:
        return block + "\n" + body
    return body[:match.end()] + "\n\n" + block + "\n" + body[match.end():]


def ensure_h1(body: str, title: str) -> str:
    return body if _H1.search(mask_code(body)) else f"# {md_text(title)}\n\n{body}"


def trainer_blocks_as_slots(body: str) -> tuple[str, list[str]]:
    """The learner body with each closed `::: trainer` block replaced by a `TRAINER_SLOT`, and the blocks.

    An unclosed block is dropped without a slot, as `split_trainer_notes` drops it: it never leaks.
    """
    lines = body.split("\n")
    closed = scan(body).trainer_blocks
    notes = ["\n".join(lines[start:end - 1]).strip("\n") for start, end in closed]
    for start, end in reversed(closed):
        lines[start - 1:end] = ["", TRAINER_SLOT, ""]
    return split_trainer_notes("\n".join(lines))[0], notes


class LanguageSite:
    """Builds the file set of one language."""

    def __init__(self, library: Library, lang: str) -> None:
        self.library = library
        self.lang = lang
        self.local = Localizer(library, lang)
        self.templates = self.local.templates
        self.default = library.default_language

    # text of one page in this language
    def source_text(self, page: Page) -> tuple[str, str | None, bool]:
        """(body, language of the body if it is a fallback, stale?) for a content page."""
        if self.lang == self.default:
            return page.body, None, False
        translation = page.translations.get(self.lang)
        if translation is None:
            return page.body, self.default, False
        return translation.body, None, translation.meta.source_version != page.version

    def notice(self, kind: str, text: str) -> str:
        return self.templates.html("notice", kind=kind, text=text) + "\n\n"

    def notices(self, fallback: str | None, stale: bool) -> str:
        text = ""
        if fallback:
            text += self.notice("fallback", self.local.t(
                "fallback_notice", language=language_name_in(self.lang, self.lang),
                original=language_name_in(self.lang, fallback)))
        if stale:
            text += self.notice("stale", self.local.t("stale_notice"))
        return text

    def in_language(self, lang: str, markdown: str) -> str:
        """Wrap Markdown shown in another language than the page's, so `lang`/`dir` tell the truth."""
        return self.templates.markdown("in_language", lang=lang, dir=direction(lang), body=Markup(markdown.strip()))

    def content_page(self, page: Page, blocks: HtmlBlocks, *, slots: bool = False) -> str:
        """A content page (page, module or course) in this language, learner edition.

        A fallback page shows the default-language text inside a wrapper that carries its `lang`; the
        notice, the info card and the course sections stay in the reader's language. With `slots`, the page
        marks where its trainer twin adds its header and notes (see `trainer_page`).
        """
        body, fallback, stale = self.source_text(page)
        text_local = Localizer(self.library, fallback) if fallback else self.local
        title = text_local.page_title(page)
        body = trainer_blocks_as_slots(body)[0] if slots else split_trainer_notes(body)[0]
        body = References(text_local, page.rel).expand(ensure_h1(body, title))
        if page.kind == "module":
            body = after_h1(body, blocks.add(self.module_card(page, page.rel)))
        if fallback:
            body = self.in_language(fallback, body)
        if page.kind == "course":
            body = body.rstrip() + "\n\n" + References(self.local, page.rel).expand(self.course_sections(page, blocks))
        if slots:
            body = TRAINER_SLOT + "\n\n" + body
        return front_matter(self.page_meta(page, title, False, fallback), self.notices(fallback, stale) + body)

    def trainer_header(self, page: Page) -> str:
        """The top of a trainer page: the edition notice and a link to the learner page."""
        return self.templates.markdown(
            "trainer_header", t=self.local.t, notice=Markup(self.notice("trainer", self.local.t("trainer_edition"))),
            learner_url=relative_md(trainer_rel(page.rel), page.rel))

    def trainer_page(self, page: Page) -> str:
        """A trainer page: its additions to the learner twin, parts separated by `TRAINER_PART` that fill the
        twin's `TRAINER_SLOT`s in order: the header, then each block of notes, boxed. Links are written for
        the trainer page's own path; the rest of the page is the learner page's HTML.

        Tooltips in the notes get their own id prefix: they must not clash with the learner text's.
        """
        body, fallback, _ = self.source_text(page)
        out_rel = trainer_rel(page.rel)
        text_local = Localizer(self.library, fallback) if fallback else self.local
        label = self.local.t("trainer_notes")
        refs = References(text_local, out_rel, page.rel, tip_prefix="cg-tip-t")
        parts = [self.trainer_header(page).strip()]
        plans = plan_tables(self.templates, self.local.t, body)  # session plans show as tables, by block
        for index, note in enumerate(trainer_blocks_as_slots(body)[1]):
            box = plans.get(index) or self.templates.markdown("trainer_box", label=label, inner=Markup(note))
            parts.append(refs.expand(refs.rebase(box)))
        meta = self.page_meta(page, text_local.page_title(page), True, fallback)
        return front_matter(meta, f"\n\n{TRAINER_PART}\n\n".join(parts))

    def page_meta(self, page: Page, title: str, trainer: bool, fallback: str | None) -> dict:
        """Front matter of a generated content page: title, theme settings, edition and fallback marks."""
        meta: dict = {"title": title}
        for key in ("hide", "description"):
            value = getattr(page.meta, key, None)
            if value:
                meta[key] = list(value) if isinstance(value, tuple) else value
        if trainer:
            meta.update({"robots": "noindex", "cg_edition": "trainer"})
        if fallback:
            meta["cg_fallback"] = fallback
        return meta

    # module info card
    def module_card(self, page: Page, out_rel: str) -> str:
        """Duration, EQF level, delivery, countries, prerequisites and outcomes of a module (in this language),
        as HTML: it is built from the library alone, so it need not go through a Markdown parser."""
        meta, t, lib = page.meta, self.local.t, self.library
        outcomes = [{"href": relative_url(out_rel, "framework/index.md", anchor(code)), "code": code,
                     "statement": self.local.outcome_text(code)[0]}
                    for code in dict.fromkeys(meta.outcomes) if code in lib.outcomes]
        return self.templates.html(
            "module_card", t=t, lang=self.lang, dir=direction(self.lang),
            hours=self.local.hours(meta.duration_hours), eqf_level=meta.eqf_level,
            delivery=[t(mode) for mode in meta.delivery], countries=list(meta.countries),
            prerequisites=[self.page_link(out_rel, lib.modules[m]) for m in meta.prerequisites if m in lib.modules],
            outcomes=outcomes)

    # course sections
    def course_sections(self, page: Page, blocks: HtmlBlocks) -> str:
        """Module sequence with hours, total, outcome coverage and the prerequisite diagram (a finished HTML
        block: inline SVG is coursegen's own, and the content sanitiser allows none)."""
        local, lib = self.local, self.library
        modules = [m for m in page.meta.modules if m in lib.modules]
        rows = [{"number": number, "link": Markup(f"[](module:{module_id})"),
                 "hours": local.hours(lib.modules[module_id].meta.duration_hours),
                 "prerequisites": list(lib.modules[module_id].meta.prerequisites)}
                for number, module_id in enumerate(modules, start=1)]
        covered = sorted({c for m in modules for c in lib.modules[m].meta.outcomes if c in lib.outcomes})
        return self.templates.markdown(
            "course_sections", t=local.t, rows=rows, total=local.hours(lib.course_hours(page)),
            target=local.hours(page.meta.target_hours) if page.meta.target_hours else None,
            diagram=Markup(blocks.add(prerequisite_svg(lib, modules, local))),
            covered=local.t("covered", covered=len(covered), total=len(lib.outcomes)),
            outcome_links=[Markup(f"[](outcome:{code})") for code in covered])

    # generated pages: Markdown for headings (the table of contents and permalinks come from the renderer),
    # finished HTML blocks for the bulk, which grows with the library
    def framework_page(self, blocks: HtmlBlocks) -> str:
        """Areas -> competences -> outcomes, one anchor per item, with the modules that teach each outcome."""
        local, lib = self.local, self.library

        def item(code: str) -> dict:
            return {"code": code, "title": local.item_title(code), "anchor": Markup(anchor(code)),
                    "description": md_block(local.item_description(code))}

        areas = []
        for area in lib.children(None):
            competences = []
            for competence in lib.children(area):
                entries = self.outcome_entries(lib.children(competence), "framework/index.md")
                competences.append({**item(competence), "block": Markup(blocks.add(entries) if entries else "")})
            areas.append({**item(area), "competences": competences})
        body = self.templates.markdown("framework", title=local.framework_title(),
                                       description=md_block(local.framework_description()), areas=areas)
        return front_matter({"title": local.t("framework")}, body)

    def outcome_entries(self, codes: list[str], rel: str) -> str:
        """The outcomes `codes` as HTML: statement (with its anchor), level, criteria, units, and the modules
        that teach each."""
        lib, outcomes = self.library, []
        for code in codes:
            statement, criteria = self.local.outcome_text(code)
            outcomes.append({
                "code": code, "anchor": anchor(code), "statement": statement, "criteria": criteria,
                "eqf_level": lib.outcomes[code].eqf_level, "units": lib.unit_alignments.get(code) or [],
                "modules": [self.page_link(rel, lib.modules[m]) for m in lib.outcome_backlinks.get(code) or []],
            })
        return self.templates.html("outcome_entries", t=self.local.t, outcomes=outcomes) if outcomes else ""

    def page_link(self, from_rel: str, page: Page) -> dict[str, str]:
        """A link to a content page, with its title in this language, for the templates' `page_link`."""
        return {"href": relative_url(from_rel, page.rel), "title": self.local.page_title(page)}

    def coverage_page(self, blocks: HtmlBlocks) -> str:
        """A matrix of modules (rows) by competences (columns): how many outcomes of each it addresses."""
        lib, t, rel = self.library, self.local.t, "framework/coverage.md"
        competences = list(lib.competences)
        rows = []
        for module_id in sorted(lib.modules):
            counts = Counter(lib.items[o].parent for o in set(lib.modules[module_id].meta.outcomes) if o in lib.items)
            rows.append({"link": self.page_link(rel, lib.modules[module_id]),
                         "counts": [counts.get(c) for c in competences]})
        table = self.templates.html(
            "coverage", t=t, rows=rows,
            competences=[{"code": c, "href": relative_url(rel, "framework/index.md", anchor(c))} for c in competences])
        return front_matter({"title": t("coverage")}, f"# {md_text(t('coverage'))}\n" + blocks.add(table))

    def modules_index(self, blocks: HtmlBlocks) -> str:
        lib, local, t, rel = self.library, self.local, self.local.t, "modules/index.md"
        rows = [{"id": module_id, "link": self.page_link(rel, lib.modules[module_id]),
                 "hours": local.hours(lib.modules[module_id].meta.duration_hours),
                 "summary": _md_line(local.page_summary(lib.modules[module_id]))}
                for module_id in sorted(lib.modules)]
        table = self.templates.html("modules_index", t=t, rows=rows)
        return front_matter({"title": t("modules")}, f"# {md_text(t('modules'))}\n" + blocks.add(table))

    def courses_index(self, blocks: HtmlBlocks) -> str:
        lib, local = self.library, self.local
        courses = [{"link": Markup(f"[](course:{course_id})"), "hours": local.hours(lib.course_hours(lib.courses[course_id])),
                    "summary": local.page_summary(lib.courses[course_id])}
                   for course_id in sorted(lib.courses)]
        body = self.templates.markdown("courses_index", t=local.t, courses=courses)
        return front_matter({"title": local.t("courses")}, body)

    def glossary_page(self, blocks: HtmlBlocks) -> str:
        """Every term with its definition, sorted by the term in this language, one anchor per term."""
        t = self.local.t
        entries = []
        for term_id in sorted(self.library.terms, key=lambda i: (self.local.term(i)[0].casefold(), i)):
            term, definition = self.local.term(term_id)
            entries.append({"anchor": anchor(term_id), "term": term, "definition": definition})
        listing = self.templates.html("glossary", entries=entries)
        return front_matter({"title": t("glossary")}, f"# {md_text(t('glossary'))}\n" + blocks.add(listing))

    def guideline_book(self) -> str | None:
        """The whole guideline as one page (for print), or None without a guideline: see guideline_book.py."""
        from .guideline_book import guideline_book

        return guideline_book(self)

    def trainer_index(self, trainer_pages: list[Page]) -> str:
        t = self.local.t
        pages = [{"title": self.local.page_title(page), "url": relative_md(TRAINER_INDEX, trainer_rel(page.rel))}
                 for page in trainer_pages]
        return front_matter({"title": t("trainers"), "robots": "noindex", "cg_edition": "trainer"},
                            self.templates.markdown("trainer_index", t=t, pages=pages))

    # the whole set
    def build(self) -> FileSet:
        files = FileSet(self.lang)
        generated = {
            "framework/index.md": self.framework_page, "framework/coverage.md": self.coverage_page,
            "modules/index.md": self.modules_index, "courses/index.md": self.courses_index,
            "glossary/index.md": self.glossary_page,
        }
        for rel, make in generated.items():
            blocks = files.html_blocks[rel] = HtmlBlocks()
            files.pages[rel] = References(self.local, rel).expand(make(blocks))
        book = self.guideline_book()
        if book is not None:
            files.pages[GUIDELINE_BOOK] = book
        trainer_pages = [p for rel, p in sorted(self.library.pages.items())
                         if p.kind == "module" or p.scan.trainer_blocks]
        twins = {page.rel for page in trainer_pages}
        for rel, page in sorted(self.library.pages.items()):
            blocks = files.html_blocks[rel] = HtmlBlocks()
            files.pages[rel] = self.content_page(page, blocks, slots=rel in twins)
        for page in trainer_pages:
            files.pages[trainer_rel(page.rel)] = self.trainer_page(page)
            files.trainer_twins[trainer_rel(page.rel)] = page.rel
        files.pages[TRAINER_INDEX] = References(self.local, TRAINER_INDEX).expand(self.trainer_index(trainer_pages))
        files.assets = self.assets()
        files.nav = self.nav(files)
        return files

    def assets(self) -> dict[str, Path]:
        """The files of content/ the site publishes as they are: the decision `validate` reports on."""
        return dict(self.library.asset_review.published)

    def nav(self, files: FileSet) -> list:
        """A small navigation: the generated indexes and the ordinary pages, never the module list.

        Listing every module would put the whole library into every page's HTML; the indexes link to them.
        """
        t = self.local.t
        nav: list = []
        if "index.md" in files.pages:
            nav.append("index.md")
        nav += ["modules/index.md", "courses/index.md",
                {t("framework"): ["framework/index.md", "framework/coverage.md"]}, "glossary/index.md"]
        book = {self.local.t("guideline_book"): GUIDELINE_BOOK} if GUIDELINE_BOOK in files.pages else None
        nav += self.page_sections({posixpath.dirname(GUIDELINE_BOOK): book} if book else {})
        nav.append(TRAINER_INDEX)
        return nav

    def page_sections(self, last: dict[str, object] | None = None) -> list:
        """Ordinary pages grouped by their top folder (small sections only; big ones show their index);
        `last` adds one generated entry at the end of a folder's section (the guideline book)."""
        groups: dict[str, list[str]] = {}
        for rel, page in sorted(self.library.pages.items()):
            if page.kind != "page" or rel == "index.md":
                continue
            groups.setdefault(rel.split("/")[0] if "/" in rel else "", []).append(rel)
        sections: list = groups.pop("", [])
        for folder, rels in groups.items():
            index = f"{folder}/index.md"
            rels = sorted(rels, key=lambda r: (r != index, r))
            title = self.local.page_title(self.library.pages[index]) if index in self.library.pages else folder
            entries: list = rels if len(rels) <= 40 else rels[:1]
            if last and folder in last:
                entries = entries + [last[folder]]
            sections.append({title: entries})
        return sections


def _md_line(text: str) -> str:
    return " ".join(text.split())


# --- prerequisite diagram ------------------------------------------------------------------------------

#: Size of a module's box in the prerequisite diagram, and the gaps between columns and rows.
_BOX_W, _BOX_H, _GAP_X, _GAP_Y = 90, 36, 50, 16


def prerequisite_svg(library: Library, modules: list[str], local: Localizer) -> str:
    """An inline SVG of the course's modules in columns by prerequisite depth, arrows from prerequisites.

    Drawn at build time, so the page needs no script; the figure has a text alternative (title + list).
    """
    depth: dict[str, int] = {}
    for module_id in modules:  # courses list modules after their prerequisites
        prerequisites = [p for p in library.modules[module_id].meta.prerequisites if p in depth]
        depth[module_id] = 1 + max((depth[p] for p in prerequisites), default=-1)
    rows: dict[int, int] = {}
    position: dict[str, tuple[int, int]] = {}
    for module_id in modules:
        column = depth[module_id]
        row = rows.get(column, 0)
        rows[column] = row + 1
        position[module_id] = (column * (_BOX_W + _GAP_X) + 4, row * (_BOX_H + _GAP_Y) + 4)
    edges = [{"x1": px + _BOX_W, "y1": py + _BOX_H // 2, "x2": x, "y2": y + _BOX_H // 2}
             for module_id in modules for x, y in [position[module_id]]
             for prerequisite in library.modules[module_id].meta.prerequisites if prerequisite in position
             for px, py in [position[prerequisite]]]
    nodes = [{"title": local.page_title(library.modules[module_id]), "label": module_id, "x": x, "y": y,
              "width": _BOX_W, "height": _BOX_H, "text_x": x + _BOX_W // 2, "text_y": y + _BOX_H // 2 + 5}
             for module_id in modules for x, y in [position[module_id]]]
    return local.templates.html(
        "prerequisite_diagram", title=local.t("diagram"), edges=edges, nodes=nodes,
        width=(max(depth.values(), default=0) + 1) * (_BOX_W + _GAP_X) - _GAP_X + 8,
        height=max(rows.values(), default=1) * (_BOX_H + _GAP_Y) - _GAP_Y + 8)


# --- public entry points -----------------------------------------------------------------------------


def generate_language(library: Library, lang: str) -> FileSet:
    """The generated file set of one language."""
    return LanguageSite(library, lang).build()


def expand_references(library: Library, lang: str, rel: str, markdown: str) -> str:
    """Expand the references of one page's Markdown (for adapters that render pages themselves)."""
    return References(Localizer(library, lang), rel).expand(markdown)
