"""The list of export formats: which targets each serves, its file suffix, and the module that makes it."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from ..library import Library
from .base import Export, ExportError, ExportRequest, Memo


@dataclass(frozen=True)
class Format:
    name: str
    targets: tuple[str, ...]  # framework | module | course | guideline
    suffix: str  # of the file it writes
    module: str  # coursegen.export.<module> has export(library, request) -> Export
    description: str
    extra: str | None = None  # the pip extra the format needs, if any
    memo: bool = False  # its export(library, request, memo) keeps its slow step in a `base.Memo`


#: Every format, by the name given to `--format`.
FORMATS: dict[str, Format] = {format_.name: format_ for format_ in (
    Format("moodle-csv", ("framework",), ".csv", "moodle_csv",
           "The framework for Moodle's competency framework import (Site administration > Competencies)."),
    Format("case-json", ("framework",), ".json", "case_json",
           "The framework as a 1EdTech CASE 1.0 package (CFPackage JSON) for competence registries."),
    Format("package", ("module",), ".zip", "package",
           "coursegen's module package: the module in every language with its files, terms and outcomes"),
    Format("scorm12", ("module", "course"), ".zip", "scorm12",
           "A module or course as a SCORM 1.2 package of static pages (Moodle's and ILIAS's SCORM activity)."),
    Format("imscc", ("course",), ".imscc", "imscc",
           "A course as an IMS Common Cartridge 1.1 (Moodle restores it as a course, Canvas imports modules)."),
    Format("pdf", ("guideline",), ".pdf", "guideline_pdf",
           "The implementation guideline as one printable PDF (needs pip install \"coursegen[pdf]\").", extra="pdf",
           memo=True),
)}


def run_export(library: Library, format_name: str, request: ExportRequest, memo: Memo | None = None) -> Export:
    """Check the request against the library and the format, then export (a format that can keep its slow
    step gets `memo`, see `base.Memo`)."""
    format_ = FORMATS.get(format_name)
    if format_ is None:
        raise ExportError(f"Unknown format '{format_name}'; known: {', '.join(sorted(FORMATS)) or 'none'}.")
    if request.target not in format_.targets:
        raise ExportError(f"The format {format_name} exports {' or '.join(format_.targets)}, not {request.target}.")
    check_request(library, request)
    module = importlib.import_module(f"{__package__}.{format_.module}")
    if memo is not None and format_.memo:
        return module.export(library, request, memo)
    return module.export(library, request)


def check_request(library: Library, request: ExportRequest) -> None:
    """Unknown module or course ids and unknown languages are the user's mistakes: one clear line."""
    known = {"module": library.modules, "course": library.courses}.get(request.target)
    if known is not None and request.item_id not in known:
        kind = request.target
        raise ExportError(f"There is no {kind} with the id '{request.item_id}'; known: {', '.join(sorted(known))}.")
    if request.lang is not None and request.lang not in library.languages:
        raise ExportError(f"'{request.lang}' is not a language of this library ({', '.join(library.languages)}).")
