"""Diagnostics: every problem in the content, as data.

A diagnostic names a stable code (and, where a code covers several situations, which one), a severity, the
file, line and column, and the arguments of its message: the values it names (an outcome code, a file).
The words live apart, in the message catalogues (`messages.py`, `messages/<lang>.yaml`): a message written
for content authors (trainers, translators) and a hint on how to fix it, rendered in the reader's language
by the formatters. The registry below is the single list of codes; the reference page
`content/contribute/diagnostics.md` (and its translations) is generated from it and the catalogues by
`coursegen codes [--lang xx]`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum
from functools import cached_property, total_ordering

from .messages import FALLBACK, Args, expected_arguments, freeze, keys_of, render, template, title, word


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class CodeInfo:
    """A code's default severity; its title, message and hint are in the catalogues (`messages/en.yaml`)."""

    severity: Severity


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

#: Every diagnostic code and its default severity. Codes are stable: never renumber. Each needs its title,
#: message and hint in messages/en.yaml (a test checks that).
CODES: dict[str, CodeInfo] = {
    # CG1xx: files and syntax
    "CG101": CodeInfo(_E),
    "CG102": CodeInfo(_E),
    "CG103": CodeInfo(_E),
    "CG104": CodeInfo(_E),
    "CG105": CodeInfo(_E),
    "CG106": CodeInfo(_E),
    "CG107": CodeInfo(_E),
    "CG108": CodeInfo(_E),
    "CG109": CodeInfo(_W),
    "CG110": CodeInfo(_E),
    "CG111": CodeInfo(_E),
    "CG112": CodeInfo(_E),
    "CG113": CodeInfo(_E),
    "CG114": CodeInfo(_E),
    "CG121": CodeInfo(_E),
    "CG122": CodeInfo(_E),
    "CG123": CodeInfo(_E),
    # CG2xx: framework
    "CG201": CodeInfo(_E),
    "CG202": CodeInfo(_E),
    "CG203": CodeInfo(_E),
    "CG204": CodeInfo(_E),
    "CG205": CodeInfo(_E),
    "CG206": CodeInfo(_E),
    "CG207": CodeInfo(_E),
    "CG208": CodeInfo(_E),
    "CG209": CodeInfo(_E),
    "CG210": CodeInfo(_E),
    "CG211": CodeInfo(_W),
    "CG212": CodeInfo(_E),
    "CG213": CodeInfo(_E),
    # CG3xx: modules, courses, glossary
    "CG301": CodeInfo(_E),
    "CG302": CodeInfo(_E),
    "CG303": CodeInfo(_E),
    "CG304": CodeInfo(_E),
    "CG305": CodeInfo(_E),
    "CG306": CodeInfo(_E),
    "CG307": CodeInfo(_E),
    "CG308": CodeInfo(_E),
    "CG309": CodeInfo(_W),
    "CG310": CodeInfo(_E),
    "CG311": CodeInfo(_E),
    "CG312": CodeInfo(_W),
    "CG313": CodeInfo(_E),
    "CG314": CodeInfo(_E),
    "CG316": CodeInfo(_E),
    "CG317": CodeInfo(_E),
    "CG318": CodeInfo(_E),
    "CG319": CodeInfo(_W),
    "CG320": CodeInfo(_E),
    "CG321": CodeInfo(_W),
    # self-check quizzes (`::: quiz`: see quiz.py)
    "CG330": CodeInfo(_E),
    "CG331": CodeInfo(_E),
    "CG332": CodeInfo(_E),
    "CG333": CodeInfo(_E),
    "CG334": CodeInfo(_E),
    "CG335": CodeInfo(_E),
    "CG336": CodeInfo(_E),
    "CG337": CodeInfo(_E),
    "CG338": CodeInfo(_E),
    "CG339": CodeInfo(_W),
    # CG4xx: links and references
    "CG401": CodeInfo(_E),
    "CG402": CodeInfo(_E),
    "CG403": CodeInfo(_E),
    "CG404": CodeInfo(_E),
    "CG405": CodeInfo(_E),
    "CG406": CodeInfo(_E),
    "CG407": CodeInfo(_E),
    "CG408": CodeInfo(_E),
    # CG5xx: translations
    "CG501": CodeInfo(_E),
    "CG502": CodeInfo(_E),
    "CG503": CodeInfo(_E),
    "CG504": CodeInfo(_I),
    "CG505": CodeInfo(_W),
    "CG506": CodeInfo(_E),
    "CG507": CodeInfo(_W),
    "CG508": CodeInfo(_W),
    # CG6xx: safety
    "CG601": CodeInfo(_E),
    "CG602": CodeInfo(_W),
    "CG603": CodeInfo(_E),
    "CG604": CodeInfo(_E),
    "CG605": CodeInfo(_E),
    "CG606": CodeInfo(_E),
    # CG7xx: module packages (coursegen import)
    "CG701": CodeInfo(_E),
    "CG702": CodeInfo(_E),
    "CG703": CodeInfo(_E),
    "CG704": CodeInfo(_E),
    "CG705": CodeInfo(_E),
    "CG706": CodeInfo(_E),
    "CG707": CodeInfo(_E),
    "CG708": CodeInfo(_W),
    "CG709": CodeInfo(_E),
    "CG710": CodeInfo(_W),
    "CG711": CodeInfo(_W),
    "CG712": CodeInfo(_W),
    "CG713": CodeInfo(_E),
    "CG714": CodeInfo(_E),
    "CG715": CodeInfo(_W),
    # CG8xx: PO files (coursegen translation import)
    "CG801": CodeInfo(_E),
    "CG802": CodeInfo(_W),
    "CG803": CodeInfo(_E),
    "CG804": CodeInfo(_E),
    # CG9xx: coursegen itself
    "CG901": CodeInfo(_E),
}


@total_ordering
@dataclass(frozen=True)
class Diagnostic:
    """One problem, at one place, with the arguments its message names.

    Ordered by place, then code, then the English message and hint (as before messages became data), so
    that output order is the same in every language and from one run to the next.
    """

    path: str
    line: int
    column: int
    code: str
    variant: str = ""  # the situation, for a code that covers several (CG123.list): see the catalogues
    args: Args = ()
    severity: Severity = Severity.ERROR

    @property
    def key(self) -> str:
        """The catalogue key of this diagnostic's templates: the code, or `CODE.situation`."""
        return f"{self.code}.{self.variant}" if self.variant else self.code

    def text(self, lang: str = FALLBACK) -> tuple[str, str]:
        """(message, hint) in `lang`, falling back to English template by template."""
        return render(self.key, self.args, lang)

    @property
    def message(self) -> str:
        """The message in English."""
        return self._english[0]

    @property
    def hint(self) -> str:
        """The hint in English."""
        return self._english[1]

    @cached_property
    def _english(self) -> tuple[str, str]:
        return self.text(FALLBACK)

    def _order(self) -> tuple:
        return (self.path, self.line, self.column, self.code, *self._english, self.severity.value, self.key,
                repr(self.args))

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Diagnostic):
            return NotImplemented
        return self._order() < other._order()


def make(key: str, path: str, line: int, column: int, /, **args: object) -> Diagnostic:
    """A diagnostic of `key` (a code, or `CODE.situation`) with the code's registered severity.

    `args` are exactly the values its templates name: a missing or extra one is a coursegen bug, raised
    here (and reported as CG901 by the guard around each check) rather than printed as a broken message.
    """
    code, _, variant = key.partition(".")
    frozen = freeze(args)
    expected = expected_arguments(key)
    if {name for name, _ in frozen} != expected:
        raise ValueError(f"{key} takes the arguments {sorted(expected)}, not {sorted(args)}")
    return Diagnostic(path, max(line, 1), max(column, 1), code, variant, frozen, CODES[code].severity)


def strict(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Under --strict, warnings count as errors; infos stay infos."""
    return [replace(d, severity=Severity.ERROR) if d.severity is Severity.WARNING else d for d in diagnostics]


def count(diagnostics: Iterable[Diagnostic]) -> dict[str, int]:
    diagnostics = list(diagnostics)
    return {
        "errors": sum(d.severity is Severity.ERROR for d in diagnostics),
        "warnings": sum(d.severity is Severity.WARNING for d in diagnostics),
        "infos": sum(d.severity is Severity.INFO for d in diagnostics),
    }


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def format_text(diagnostics: Iterable[Diagnostic], lang: str = FALLBACK) -> str:
    """`PATH:LINE:COL: SEVERITY CODE message`, then an indented hint line where there is one. The message
    and hint are in `lang`; `SEVERITY` and `hint:` stay as they are, for the tools that read this output."""
    lines = []
    for d in diagnostics:
        message, hint = d.text(lang)
        lines.append(f"{d.path}:{d.line}:{d.column}: {d.severity.value} {d.code} {message}")
        if hint:
            lines.append(f"    hint: {hint}")
    return "\n".join(lines)


def format_json(diagnostics: Iterable[Diagnostic], lang: str = FALLBACK) -> str:
    diagnostics = list(diagnostics)
    records = []
    for d in diagnostics:
        message, hint = d.text(lang)
        records.append({"path": d.path, "line": d.line, "column": d.column, "severity": d.severity.value,
                        "code": d.code, "message": message, "hint": hint})
    totals = count(diagnostics)
    summary = {"errors": totals["errors"], "warnings": totals["warnings"]}
    return json.dumps({"diagnostics": records, "summary": summary}, ensure_ascii=False, indent=2)


def _escape_annotation(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(diagnostics: Iterable[Diagnostic], lang: str = FALLBACK) -> str:
    """GitHub Actions workflow commands, so problems show on the changed lines of a pull request."""
    kinds = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for d in diagnostics:
        message, hint = d.text(lang)
        props = (
            f"file={_escape_annotation(d.path, property_value=True)},line={d.line},col={d.column},"
            f"title={_escape_annotation(d.code, property_value=True)}"
        )
        body = message + (f"\n{hint}" if hint else "")
        lines.append(f"::{kinds[d.severity]} {props}::{_escape_annotation(body)}")
    return "\n".join(lines)


def codes_markdown(lang: str = FALLBACK) -> str:
    """The reference of every code for the Contribute section, in `lang`: a table of the codes, then each
    code's messages and hints as the catalogue has them (`{placeholders}` shown as they are)."""
    head = f"| {word('code', lang)} | {word('severity', lang)} | {word('meaning', lang)} |"
    rows = [head, "|---|---|---|"]
    rows += [f"| {code} | {info.severity.value} | {title(code, lang)} |" for code, info in CODES.items()]
    for code in CODES:
        rows += ["", f"### {code}: {title(code, lang)}", ""]
        for key in keys_of(code):
            rows += _templates_markdown(key, lang)
    return "\n".join(rows)


def _templates_markdown(key: str, lang: str) -> list[str]:
    """One bullet per situation: the message, with its hint (and the hint with a suggestion) below it."""
    lines = [f"- {_code_span(template(key, 'message', lang))}"]
    for name in ("hint", "suggestion"):
        text = template(key, name, lang)
        if text:
            lines.append(f"    - {word(name, lang)}: {_code_span(text)}")
    return lines


def _code_span(text: str) -> str:
    """`text` as a Markdown code span: shown exactly as written, braces, `<` and backticks included."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"
