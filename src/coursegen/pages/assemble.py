"""The whole file set of one language, in a fixed order: generated pages, the guideline book, every
content page (learner edition), every trainer page and the trainer index, the assets, the navigation."""

from __future__ import annotations

from ..export.downloads import Made, make_downloads
from ..library import Library
from ..page_paths import GUIDELINE_BOOK, TRAINER_INDEX, trainer_rel
from .file_set import FileSet, HtmlBlocks
from .coverage_pages import coverage_neighbours
from .self_assessment import self_assessment_neighbours
from .framework_pages import area_neighbours
from .generated import module_list_neighbours, page_generators
from .language import LanguageSite
from .learner import content_page
from .nav import nav, nav_areas
from .reading_order import module_neighbours
from .references import References
from .trainer import download_groups, has_trainer_twin, trainer_index, trainer_page


def file_set(site: LanguageSite, *, downloads: bool = False, made: list[Made] | None = None) -> FileSet:
    """Every page of one language's site, its assets and its navigation; with `downloads`, also every
    export of the library for trainers (see export/downloads.py), listed on the trainer index: `made`, when
    the caller has them (a site build takes them from its cache), else made here."""
    library = site.library
    files = FileSet(site.lang)
    for rel, generate in page_generators(library).items():
        blocks = files.html_blocks[rel] = HtmlBlocks()
        files.pages[rel] = References(site.local, rel).expand(generate(site, blocks))
    book = guideline_book(site)
    if book is not None:
        files.pages[GUIDELINE_BOOK] = book
    trainer_pages = [page for _, page in sorted(library.pages.items()) if has_trainer_twin(page)]
    twins = {page.rel for page in trainer_pages}
    for rel, page in sorted(library.pages.items()):
        blocks = files.html_blocks[rel] = HtmlBlocks()
        files.pages[rel] = content_page(site, page, blocks, slots=rel in twins)
    if not downloads:
        made = []
    elif made is None:
        made = make_downloads(library, site.lang)
    files.downloads = {m.download.rel: m.data for m in made if m.data is not None}
    files.download_problems = [f"{m.download.name}: {m.problem}" for m in made if m.problem]
    index_downloads, module_downloads = download_groups(site, made)
    module_ids = {page.rel: module_id for module_id, page in library.modules.items()}
    for page in trainer_pages:
        own = module_downloads.get(module_ids.get(page.rel, ""), [])
        files.pages[trainer_rel(page.rel)] = trainer_page(site, page, own)
        files.trainer_twins[trainer_rel(page.rel)] = page.rel
    files.pages[TRAINER_INDEX] = trainer_index(site, trainer_pages, index_downloads)
    files.assets = published_assets(library)
    files.nav = nav(site, files)
    files.neighbours = {**module_neighbours(library), **coverage_neighbours(library), **module_list_neighbours(library),
                        **({} if nav_areas(library) else area_neighbours(library)), **self_assessment_neighbours(library)}
    return files


def guideline_book(site: LanguageSite) -> str | None:
    """The whole guideline as one page (for print), or None without a guideline: see guideline_book.py."""
    from ..guideline_book import guideline_book as book  # here: guideline_book imports this package

    return book(site)


def published_assets(library: Library) -> dict:
    """The files of content/ the site publishes as they are: the decision `validate` reports on."""
    return dict(library.asset_review.published)
