"""Diagnostics: every problem in the content, as data.

A diagnostic names a stable code, a severity, the file, line and column, a message written for content
authors (trainers, translators) and a hint on how to fix it. The registry below is the single list of
codes; `docs/diagnostics.md` is generated from it by `coursegen codes`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class CodeInfo:
    severity: Severity
    title: str


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

#: Every diagnostic code, its default severity and a one-line title. Codes are stable: never renumber.
CODES: dict[str, CodeInfo] = {
    # CG1xx: files and syntax
    "CG101": CodeInfo(_E, "file is not UTF-8 text"),
    "CG102": CodeInfo(_E, "YAML syntax error"),
    "CG103": CodeInfo(_E, "the same key appears twice"),
    "CG104": CodeInfo(_E, "front matter is missing"),
    "CG105": CodeInfo(_E, "front matter is not closed"),
    "CG106": CodeInfo(_E, "settings are not a list of `name: value` pairs"),
    "CG107": CodeInfo(_E, "file is too large"),
    "CG108": CodeInfo(_E, "YAML aliases expand too far or nest too deep"),
    "CG109": CodeInfo(_W, "unknown file in framework/"),
    "CG110": CodeInfo(_E, "file could not be read"),
    "CG111": CodeInfo(_E, "two files whose names differ only in capitals or accents"),
    "CG112": CodeInfo(_E, "page takes the place of a page coursegen makes"),
    "CG113": CodeInfo(_E, "theme template has an error"),
    "CG114": CodeInfo(_E, "two pages would be published at the same address"),
    "CG121": CodeInfo(_E, "a required setting is missing"),
    "CG122": CodeInfo(_E, "unknown setting"),
    "CG123": CodeInfo(_E, "a setting has a value of the wrong kind"),
    # CG2xx: framework
    "CG201": CodeInfo(_E, "code has the wrong form"),
    "CG202": CodeInfo(_E, "code is used twice"),
    "CG203": CodeInfo(_E, "code does not start with its parent's code"),
    "CG204": CodeInfo(_E, "EQF level outside 1 to 8"),
    "CG205": CodeInfo(_E, "not a valid ESCO or EQF address"),
    "CG206": CodeInfo(_E, "alignment to a national unit that no standard declares"),
    "CG207": CodeInfo(_E, "text in the default language is empty"),
    "CG208": CodeInfo(_E, "a national standard maps to an unknown outcome"),
    "CG209": CodeInfo(_E, "a national unit is declared twice"),
    "CG210": CodeInfo(_E, "language settings of the framework are inconsistent"),
    "CG211": CodeInfo(_W, "EQF level not among the framework's target levels"),
    # CG3xx: modules, courses, glossary
    "CG301": CodeInfo(_E, "module id is used twice"),
    "CG302": CodeInfo(_E, "module names an unknown learning outcome"),
    "CG303": CodeInfo(_E, "unknown prerequisite module"),
    "CG304": CodeInfo(_E, "prerequisites form a cycle"),
    "CG305": CodeInfo(_E, "module addresses no learning outcome"),
    "CG306": CodeInfo(_E, "course names an unknown module"),
    "CG307": CodeInfo(_E, "course puts a module before its prerequisite"),
    "CG308": CodeInfo(_E, "course hours do not match the target"),
    "CG309": CodeInfo(_W, "learning outcome taught by no module"),
    "CG310": CodeInfo(_E, "course id is used twice"),
    "CG311": CodeInfo(_E, "trainer notes block is not closed"),
    "CG312": CodeInfo(_W, "course leaves out a prerequisite module"),
    "CG313": CodeInfo(_E, "glossary term id is used twice"),
    "CG314": CodeInfo(_E, "id has the wrong form"),
    "CG316": CodeInfo(_E, "course names a module twice"),
    "CG317": CodeInfo(_E, "unknown kind of ::: block"),
    "CG318": CodeInfo(_E, "session plan line cannot be read"),
    "CG319": CodeInfo(_W, "session plan does not add up to the module's hours"),
    # CG4xx: links and references
    "CG401": CodeInfo(_E, "link to an unknown learning outcome"),
    "CG402": CodeInfo(_E, "link to an unknown module"),
    "CG403": CodeInfo(_E, "link to an unknown glossary term"),
    "CG404": CodeInfo(_E, "link to an unknown item"),
    "CG405": CodeInfo(_E, "link to a page that does not exist"),
    "CG406": CodeInfo(_E, "image that does not exist"),
    "CG407": CodeInfo(_E, "link or image outside the content folder"),
    "CG408": CodeInfo(_E, "link to a heading that does not exist"),
    # CG5xx: translations
    "CG501": CodeInfo(_E, "translation without a source"),
    "CG502": CodeInfo(_E, "translation changes a setting that belongs to the source"),
    "CG503": CodeInfo(_E, "unknown language"),
    "CG504": CodeInfo(_I, "translation missing"),
    "CG505": CodeInfo(_W, "translation is out of date"),
    "CG506": CodeInfo(_E, "translation of an item that does not exist"),
    "CG507": CodeInfo(_W, "the site's own words are missing in a language"),
    "CG508": CodeInfo(_W, "translation's session plan has other durations than the original's"),
    # CG6xx: safety
    "CG601": CodeInfo(_E, "HTML or address that can run code"),
    "CG602": CodeInfo(_W, "HTML that the site removes"),
    "CG603": CodeInfo(_E, "loads a file from another site"),
    "CG604": CodeInfo(_E, "file type that cannot be published"),
    "CG605": CodeInfo(_E, "SVG image that can run code or load from elsewhere"),
    "CG606": CodeInfo(_E, "file that lies outside the project"),
    # CG7xx: module packages (coursegen import)
    "CG701": CodeInfo(_E, "package cannot be read"),
    "CG702": CodeInfo(_E, "package entry in a place it may not write"),
    "CG703": CodeInfo(_E, "package too large or packed like a zip bomb"),
    "CG704": CodeInfo(_E, "package file does not match its manifest"),
    "CG705": CodeInfo(_E, "module id already in the project"),
    "CG706": CodeInfo(_E, "file already exists with other content"),
    "CG707": CodeInfo(_E, "learning outcome that cannot be added to the project"),
    "CG708": CodeInfo(_W, "learning outcome says something else in the project"),
    "CG709": CodeInfo(_E, "glossary term has another definition in the project"),
    "CG710": CodeInfo(_W, "prerequisite module missing in the project"),
    "CG711": CodeInfo(_W, "link kept as text: the project does not have its target"),
    "CG712": CodeInfo(_W, "translation in a language the project does not have"),
    "CG713": CodeInfo(_E, "package written in another default language"),
    "CG714": CodeInfo(_E, "project file that cannot be extended automatically"),
    "CG715": CodeInfo(_W, "alignment to a national unit the project does not declare"),
    # CG9xx: coursegen itself
    "CG901": CodeInfo(_E, "internal error"),
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem, at one place. Ordered by place so output is stable."""

    path: str
    line: int
    column: int
    code: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR


def make(code: str, path: str, line: int, column: int, message: str, hint: str = "") -> Diagnostic:
    """Build a diagnostic with the code's registered severity."""
    return Diagnostic(path, max(line, 1), max(column, 1), code, message, hint, CODES[code].severity)


def strict(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Under --strict, warnings count as errors; infos stay infos."""
    return [
        Diagnostic(d.path, d.line, d.column, d.code, d.message, d.hint, Severity.ERROR)
        if d.severity is Severity.WARNING
        else d
        for d in diagnostics
    ]


def count(diagnostics: Iterable[Diagnostic]) -> dict[str, int]:
    diagnostics = list(diagnostics)
    return {
        "errors": sum(d.severity is Severity.ERROR for d in diagnostics),
        "warnings": sum(d.severity is Severity.WARNING for d in diagnostics),
        "infos": sum(d.severity is Severity.INFO for d in diagnostics),
    }


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    """`PATH:LINE:COL: SEVERITY CODE message`, then an indented hint line where there is one."""
    lines = []
    for d in diagnostics:
        lines.append(f"{d.path}:{d.line}:{d.column}: {d.severity.value} {d.code} {d.message}")
        if d.hint:
            lines.append(f"    hint: {d.hint}")
    return "\n".join(lines)


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    diagnostics = list(diagnostics)
    records = []
    for d in diagnostics:
        record = asdict(d)
        record["severity"] = d.severity.value
        records.append({key: record[key] for key in ("path", "line", "column", "severity", "code", "message", "hint")})
    totals = count(diagnostics)
    summary = {"errors": totals["errors"], "warnings": totals["warnings"]}
    return json.dumps({"diagnostics": records, "summary": summary}, ensure_ascii=False, indent=2)


def _escape_annotation(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(diagnostics: Iterable[Diagnostic]) -> str:
    """GitHub Actions workflow commands, so problems show on the changed lines of a pull request."""
    kinds = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for d in diagnostics:
        props = (
            f"file={_escape_annotation(d.path, property_value=True)},line={d.line},col={d.column},"
            f"title={_escape_annotation(d.code, property_value=True)}"
        )
        body = d.message + (f"\n{d.hint}" if d.hint else "")
        lines.append(f"::{kinds[d.severity]} {props}::{_escape_annotation(body)}")
    return "\n".join(lines)


def codes_markdown() -> str:
    """The reference table of codes, for the Contribute section."""
    rows = ["| code | severity | meaning |", "|---|---|---|"]
    rows += [f"| {code} | {info.severity.value} | {info.title} |" for code, info in CODES.items()]
    return "\n".join(rows)
