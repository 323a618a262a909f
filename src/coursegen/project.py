"""The core's front door: load a project, run every check, and never let a traceback reach an author."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .checks import CHECKS
from .diagnostics import Diagnostic, has_errors, strict
from .library import Library
from .loader import NotAProject, guarded, load

__all__ = ["NotAProject", "Validation", "validate_project"]


@dataclass(frozen=True)
class Validation:
    library: Library | None
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return self.library is not None and not has_errors(self.diagnostics)


def validate_project(root: Path, *, strict_mode: bool = False) -> Validation:
    """Load and check the project at `root`. Raises NotAProject; a crash in coursegen becomes CG901."""
    library, diagnostics = load(root)  # each file is read under its own guard
    for check in CHECKS:
        diagnostics += guarded("framework/framework.yaml", _listed, check, library)
    diagnostics = sorted(set(diagnostics))
    if strict_mode:
        diagnostics = strict(diagnostics)
    return Validation(library, diagnostics)


def _listed(check: Callable[[Library], Iterable[Diagnostic]], library: Library) -> list[Diagnostic]:
    return list(check(library))
