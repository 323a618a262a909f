"""Exports of the library for the tools trainers and countries already use: one module per format.

Each format module offers `export(library, request) -> Export` over the validated library and knows nothing
about MkDocs or the site. `formats.FORMATS` lists them; the CLI (`coursegen export`) and the site build
call them through `run_export`.
"""

from __future__ import annotations

from .base import Export, ExportError, ExportRequest, write_atomic
from .formats import FORMATS, Format, run_export

__all__ = ["FORMATS", "Export", "ExportError", "ExportRequest", "Format", "run_export", "write_atomic"]
