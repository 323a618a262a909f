"""The downloads a site offers its trainers: every export of the framework, the guideline, each module and
each course, in the site's language, with the file name the site publishes it under.

This module plans and makes them; the site adapter publishes the bytes beside the trainer pages and the
trainer index lists them. Every language's site holds its own copy of each file (the module packages,
which hold every language, too): a language site stays whole when served, mirrored or zipped alone. The
guideline PDF is offered only where its extra (WeasyPrint and Pango) is installed; a build never fails for
want of it.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache

from ..library import Library
from ..page_paths import TRAINER_DIR
from .base import ExportError, ExportRequest, Memo
from .formats import run_export

#: The folder of a language's site (under its root) that holds the downloads.
DOWNLOADS_DIR = posixpath.join(TRAINER_DIR, "downloads")


@dataclass(frozen=True)
class Download:
    """One file to offer: `label` is the UI-string key naming it, `group` and `item_id` say what it is of."""

    group: str  # framework | guideline | module | course
    item_id: str | None
    label: str
    format: str
    request: ExportRequest
    name: str  # the file name in DOWNLOADS_DIR

    @property
    def rel(self) -> str:
        """The path under the root of the language site that publishes it."""
        return posixpath.join(DOWNLOADS_DIR, self.name)


@dataclass(frozen=True)
class Made:
    """A download and its bytes (None when it could not be made: the reason is in `problem`)."""

    download: Download
    data: bytes | None
    problem: str = ""


def planned_downloads(library: Library, lang: str) -> list[Download]:
    """Every download of the language's trainer index, in the order the index lists them."""
    plan = _framework_downloads(lang) + _guideline_downloads(library, lang)
    for module_id, page in sorted(library.modules.items()):
        plan += _module_downloads(library, module_id, _stem(page.rel), lang)
    for course_id, page in sorted(library.courses.items()):
        stem = _stem(page.rel)
        plan += [
            Download("course", course_id, "download_scorm", "scorm12", ExportRequest("course", course_id, lang),
                     f"{stem}.course.scorm12.zip"),  # `.course`: a module may have the same file name
            Download("course", course_id, "download_imscc", "imscc", ExportRequest("course", course_id, lang),
                     f"{stem}.imscc"),
        ]
    return plan


def _framework_downloads(lang: str) -> list[Download]:
    return [
        Download("framework", None, "download_moodle_csv", "moodle-csv", ExportRequest("framework", None, lang),
                 "framework.moodle.csv"),
        Download("framework", None, "download_case_json", "case-json", ExportRequest("framework", None, lang),
                 "framework.case.json"),
    ]


def _guideline_downloads(library: Library, lang: str) -> list[Download]:
    if not pdf_available() or not any(rel.startswith("guideline/") for rel in library.pages):
        return []
    return [Download("guideline", None, "download_pdf", "pdf", ExportRequest("guideline", None, lang),
                     "guideline.pdf")]


def _module_downloads(library: Library, module_id: str, stem: str, lang: str) -> list[Download]:
    return [
        Download("module", module_id, "download_scorm", "scorm12", ExportRequest("module", module_id, lang),
                 f"{stem}.scorm12.zip"),
        Download("module", module_id, "download_scorm_trainer", "scorm12",
                 ExportRequest("module", module_id, lang, trainer=True), f"{stem}.trainer.scorm12.zip"),
        Download("module", module_id, "download_package", "package", ExportRequest("module", module_id),
                 f"{stem}.coursegen.zip"),
    ]


def _stem(rel: str) -> str:
    return posixpath.splitext(posixpath.basename(rel))[0]


@lru_cache(maxsize=1)
def pdf_available() -> bool:
    """Whether WeasyPrint (and the system libraries it loads) can be imported here."""
    from .guideline_pdf import import_weasyprint

    try:
        import_weasyprint()
    except ExportError:
        return False
    return True


def make_downloads(library: Library, lang: str, memo: Memo | None = None) -> list[Made]:
    """The language's downloads with their bytes. A download that fails is kept with its reason, so that
    the build can say it (the trainer index leaves it out). An export's slow step (the PDF's lay-out) may be
    kept in `memo` (see `base.Memo`)."""
    made = []
    for download in planned_downloads(library, lang):
        try:
            made.append(Made(download, run_export(library, download.format, download.request, memo).data))
        except ExportError as error:
            made.append(Made(download, None, str(error)))
        except Exception as error:  # noqa: BLE001 - a bug in one export must not cost the whole site
            made.append(Made(download, None, f"coursegen failed ({type(error).__name__}: {error}); please report it"))
    return made
