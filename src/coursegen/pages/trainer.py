"""The trainer edition under `trainer/`: a trainer page holds only its additions to its learner twin (a
header, then each block of trainer notes), and the renderer builds it from the learner page's HTML (see
`site.editions`) instead of rendering the same text a second time; and the edition's index page."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..i18n import heading_marks
from ..markdown_scan import block_scan, split_trainer_notes
from ..page_paths import INDEX_ROWS, TRAINER_INDEX, TRAINER_MODULES, anchor, page_count, part_page, \
    reference_definitions, relative_md, relative_url, trainer_rel
from ..session_tables import plan_tables
from ..templates import Markup, md_text
from .page_text import front_matter
from .paging import part_links, part_rows, part_title
from .references import References, marked_text

if TYPE_CHECKING:
    from ..export.downloads import Made
    from ..library import Page
    from .file_set import HtmlBlocks
    from .language import LanguageSite

#: Where a learner page with a trainer twin gets the twin's additions (an HTML comment, invisible). The
#: first slot takes the trainer header, each further slot one block of trainer notes, in order.
TRAINER_SLOT = "<!-- coursegen:trainer-slot -->"
#: Separates the parts of a trainer page's Markdown (header, then each block of notes).
TRAINER_PART = "<!-- coursegen:trainer-part -->"


_SLOT_LINE = re.compile(r"\n?" + re.escape(TRAINER_SLOT) + r"\n?")


def without_slots(html: str, instead: str = "") -> str:
    """A converted learner page (its trainer blocks as slots) without the slots, each replaced by `instead`:
    the learner edition."""
    return _SLOT_LINE.sub(instead, html)


def fill_slots(html: str, parts: list[str]) -> str:
    """Put the parts into the slots in order; parts left over (there should be none) go at the end."""
    remaining = iter(part.strip() for part in parts)
    filled = re.sub(re.escape(TRAINER_SLOT), lambda _: next(remaining, ""), html)
    rest = "\n".join(remaining)
    return filled + ("\n" + rest if rest else "")


#: A start tag of sanitised HTML, whose attribute values are quoted with every `"` in them a character
#: reference: a `>` inside a value does not end it, and text never holds one of its own.
_START_TAG = re.compile(r"""<[a-zA-Z][^\s/>]*(?:\s+[^\s"'>/=]+(?:="[^"]*")?)*\s*/?>""")
_ID = re.compile(r'(\sid=")([^"]*)(")')
#: The attributes that name elements of the same page: a link to one, and the lists of ids of ARIA and
#: labels (a tooltip's, a quiz's).
_ID_REFERENCE = re.compile(r'(\s(?:href="#|(?:for|aria-labelledby|aria-describedby|aria-controls)="))([^"]*)(")')


def element_ids(html: str) -> set[str]:
    """The `id`s of the elements of sanitised HTML, as written in it."""
    return {found[2] for tag in _START_TAG.finditer(html) for found in _ID.finditer(tag[0])}


def distinct_ids(html: str, page: str, placed: set[str] | None = None) -> tuple[str, dict[str, str]]:
    """`html`, converted on its own, to be placed in the sanitised HTML `page` (beside earlier additions
    whose ids are `placed`, which grows by the ids of `html`): each of its ids that the page or an earlier
    addition has is renamed `<id>_<n>` (the first n free; Python-Markdown numbers repeated headings so),
    and so are the links and labels in `html` that name it, which meant its own element where it was
    converted. The renamed ids, old -> new.

    A trainer note's heading would otherwise repeat a learner heading's id, and the table of contents'
    link to the learner heading would lead to the note (the first of the two) instead. The page is only
    searched for the few ids of `html` (an `id` attribute is written ` id="..."`; the same words in its
    text would only rename an id that did not need it)."""
    own = element_ids(html)
    placed = set() if placed is None else placed

    def taken(name: str) -> bool:
        return name in placed or f' id="{name}"' in page

    renamed: dict[str, str] = {}
    for old in sorted(name for name in own if taken(name)):
        number = 1
        while taken(f"{old}_{number}") or f"{old}_{number}" in own or f"{old}_{number}" in renamed.values():
            number += 1
        renamed[old] = f"{old}_{number}"
    placed |= {renamed.get(name, name) for name in own}
    if not renamed:
        return html, renamed

    def names(found: re.Match) -> str:
        if found[1].endswith("#"):  # a link to one element
            value = renamed.get(found[2], found[2])
        else:  # a list of ids
            value = " ".join(renamed.get(name, name) for name in found[2].split(" "))
        return found[1] + value + found[3]

    def tag(found: re.Match) -> str:
        return _ID_REFERENCE.sub(names, _ID.sub(lambda i: i[1] + renamed.get(i[2], i[2]) + i[3], found[0]))

    return _START_TAG.sub(tag, html), renamed


def has_trainer_twin(page: Page) -> bool:
    """Whether a content page gets a trainer page: every module, and any page with trainer notes."""
    return page.kind == "module" or bool(page.scan.trainer_blocks)


def trainer_blocks_as_slots(body: str) -> tuple[str, tuple[str, ...]]:
    """The learner body with each closed `::: trainer` block replaced by a `TRAINER_SLOT`, and the blocks.

    An unclosed block is dropped without a slot, as `split_trainer_notes` drops it: it never leaks. A
    module's learner page and its trainer page both ask for it: kept per process for bodies up to
    `_KEPT_CHARS` (the memory kept stays bounded whatever the content).
    """
    return _kept_slots(body) if len(body) <= _KEPT_CHARS else _as_slots(body)


_KEPT_CHARS = 128_000


@lru_cache(maxsize=256)
def _kept_slots(body: str) -> tuple[str, tuple[str, ...]]:
    return _as_slots(body)


def _as_slots(body: str) -> tuple[str, tuple[str, ...]]:
    lines = body.split("\n")
    closed = block_scan(body).trainer_blocks
    notes = tuple("\n".join(lines[start:end - 1]).strip("\n") for start, end in closed)
    for start, end in reversed(closed):
        lines[start - 1:end] = ["", TRAINER_SLOT, ""]
    return split_trainer_notes("\n".join(lines))[0], notes


def trainer_header(site: LanguageSite, page: Page, downloads: list[dict] = ()) -> str:
    """The top of a trainer page: the edition notice, a link to the learner page and the downloads made of
    it (a module's: `download_groups`), which sit here rather than on the index that would list them all."""
    out_rel = trainer_rel(page.rel)
    files = [{**file, "url": relative_md(out_rel, file["rel"])}
             for group in downloads for file in group["files"]]
    return site.templates.markdown(
        "trainer_header", t=site.local.t, notice=Markup(site.notice("trainer", site.local.t("trainer_edition"))),
        learner_url=relative_md(out_rel, page.rel), downloads=files)


def trainer_page(site: LanguageSite, page: Page, downloads: list[dict] = ()) -> str:
    """A trainer page: its additions to the learner twin, parts separated by `TRAINER_PART` that fill the
    twin's `TRAINER_SLOT`s in order: the header, then each block of notes, boxed. Links are written for
    the trainer page's own path; the rest of the page is the learner page's HTML.

    Tooltips in the notes get their own id prefix: they must not clash with the learner text's. The
    module's reference-style link definitions follow the notes: a note's `[text][id]` may use one that
    stands in the learner text, as it would in the module read as one document.
    """
    body, fallback, _ = site.source_text(page)
    out_rel = trainer_rel(page.rel)
    text_local = site.text_localizer(fallback)
    label = site.local.t("trainer_notes")
    refs = References(text_local, out_rel, page.rel, tip_prefix="cg-tip-t")
    parts = [trainer_header(site, page, downloads).strip()]
    plans = plan_tables(site.templates, site.local.t, body)  # session plans show as tables, by block
    for index, note in enumerate(trainer_blocks_as_slots(body)[1]):
        box = plans.get(index) or site.templates.markdown("trainer_box", label=label, inner=Markup(note))
        parts.append(refs.expand(refs.rebase(box)))
    text = f"\n\n{TRAINER_PART}\n\n".join(parts)
    definitions = reference_definitions(body) if len(parts) > 1 else ""
    if definitions:  # they write nothing: the last part stays as it is
        text += "\n\n" + refs.rebase(definitions)
    meta = site.page_meta(page, text_local.page_title(page), True, fallback)
    return front_matter(meta, text)


def trainer_index(site: LanguageSite, trainer_pages: list[Page], downloads: list[dict] = ()) -> str:
    """The trainer edition's index, bounded whatever the size of the library: a link to every trainer page
    that is not a module's (references expanded), to the list of modules (`trainer_modules`), then the
    downloads that are not a module's (`download_groups`: framework, guideline, each course)."""
    t, refs = site.local.t, References(site.local, TRAINER_INDEX)
    # the link text as Markdown: the title, marked with its language when it is the default language's
    pages = [{"title": Markup(refs.page_label(page)), "url": relative_md(TRAINER_INDEX, trainer_rel(page.rel))}
             for page in trainer_pages if page.kind != "module"]
    groups = [{**group, "files": [{**file, "url": relative_md(TRAINER_INDEX, file["rel"])} for file in group["files"]]}
              for group in downloads]
    marks = heading_marks({str(group["anchor"]): group["lang"] for group in downloads})  # for the contents
    text = front_matter({"title": t("trainers"), "robots": "noindex", "cg_edition": "trainer", **marks},
                        site.templates.markdown("trainer_index", t=t, pages=pages, downloads=groups,
                                                modules_url=relative_md(TRAINER_INDEX, TRAINER_MODULES),
                                                modules=len(site.library.modules)))
    return refs.expand(text)


def trainer_modules(site: LanguageSite, blocks: HtmlBlocks, *, part: int = 1) -> str:
    """Page `part` of the trainer edition's list of modules: a link to the trainer page of `INDEX_ROWS`
    modules at most, by id, and to the list's other pages."""
    lib, t, rel = site.library, site.local.t, part_page(TRAINER_MODULES, part)
    ids = sorted(lib.modules)
    rows = [{**site.page_link(rel, lib.modules[module_id]), "href": relative_url(rel, trainer_rel(lib.modules[module_id].rel))}
            for module_id in part_rows(ids, part, INDEX_ROWS)]
    parts = page_count(len(ids), INDEX_ROWS)
    listing = site.templates.html("trainer_modules", t=t, rows=rows, parts=part_links(rel, TRAINER_MODULES, parts, part))
    title = part_title(t, t("trainer_modules"), part, parts)
    meta = {"title": title, "robots": "noindex", "cg_edition": "trainer"}
    return front_matter(meta, f"# {md_text(title)}\n" + blocks.add(listing))


def download_groups(site: LanguageSite, downloads: list[Made]) -> tuple[list[dict], dict[str, list[dict]]]:
    """The made downloads as the trainer pages list them, one group per subject in the order they were
    planned: those of the index (framework, guideline, each course), and each module's (by module id), whose
    files are listed on the module's trainer page. A file's `rel` is its path under the language site."""
    t, library = site.local.t, site.library
    titles = {"framework": t("framework"), "guideline": t("guideline_book")}
    groups: dict[tuple[str, str | None], dict] = {}
    for made in downloads:
        if made.data is None:
            continue
        download = made.download
        key = (download.group, download.item_id)
        if key not in groups:
            pages = library.modules if download.group == "module" else library.courses
            page = None if download.group in titles else pages[download.item_id]
            title = titles.get(download.group) or site.local.page_title(page)
            # `label`: the title as Markdown, marked with its language when it is the default language's
            lang = page and site.local.page_title_language(page)
            # its heading's anchor is the same in every language (the group and the item's id, not the title)
            heading = anchor(f"downloads-{download.group}" + (f"-{download.item_id}" if page else ""))
            groups[key] = {"title": title, "label": marked_text(site.local, title, lang), "lang": lang,
                           "anchor": Markup(heading), "files": []}
        groups[key]["files"].append({"label": t(download.label), "rel": download.rel,
                                     "size": t("size_kb", size=max(len(made.data) // 1024, 1))})
    modules = {item: [group] for (kind, item), group in groups.items() if kind == "module"}
    return [group for (kind, _), group in groups.items() if kind != "module"], modules
