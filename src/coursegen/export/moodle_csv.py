"""The framework as a CSV file for Moodle's competency framework importer (admin tool `tool_lpimportcsv`).

Moodle reads the 14 columns by position. The file has one framework row (with the scale and the taxonomy
domain, competency, outcome for the depths area, competence, outcome), then every area with its subtree,
parents before children. Id numbers are the framework's codes; short names are titles and statements cut
to Moodle's 100 characters at a word; descriptions are plain text (format 2), which Moodle escapes itself.

National standard units: Moodle resolves cross references only against rows of the same file and drops the
others silently. So every national standard is written as a top-level row of its own, with its units as
children, and each outcome lists the units it contributes to in the cross-reference column: Moodle then
links outcome and unit as related competencies.
"""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING

from ..library import Library
from .base import Export, ExportError, ExportRequest
from .framework_texts import FrameworkTexts, Node, framework_texts, standard_notes

if TYPE_CHECKING:
    from ..pages import Localizer

HEADER = ("Parent id number", "Id number", "Shortname", "Description", "Description format", "Scale values",
          "Scale configuration", "Rule type (optional)", "Rule outcome (optional)", "Rule config (optional)",
          "Cross referenced competency id numbers", "Exported id (optional)", "Is framework", "Taxonomy")
TAXONOMY = "domain,competency,outcome"  # Moodle's terms for depths 1-3: area, competence, outcome
SCALE_VALUES = "Not yet competent,Competent"
#: Moodle's own example: the second value ("Competent") is the default and proficient one.
SCALE_CONFIGURATION = '[{"scaleid":"2"},{"id":2,"scaledefault":1,"proficient":1}]'
PLAIN_TEXT = "2"
LIMIT = 100  # Moodle cuts id numbers and short names at 100 characters
DELIMITERS = (",", ";", ":", "\t")  # those Moodle's upload form offers

# Moodle reads CSV with PHP's fgetcsv, whose escape character is the backslash: a backslash before a quote
# would end a field in the wrong place. No text needs one, so it is written as the look-alike U+29F5.
_BACKSLASH = "\u29f5"
_NEWLINES = re.compile(r"\r\n?")


def export(library: Library, request: ExportRequest) -> Export:
    """The framework in the request's language as Moodle's competency framework CSV."""
    delimiter = request.options.get("delimiter", ",")
    if delimiter not in DELIMITERS:
        raise ExportError(f"Moodle reads CSV separated by {', '.join(map(repr, DELIMITERS))}, not {delimiter!r}.")
    texts = framework_texts(library, request)
    rows = [framework_row(texts), *tree_rows(texts, texts.local), *standard_rows(texts)]
    check_id_numbers(rows)
    return Export(write_csv(rows, delimiter), list(texts.notices))


def write_csv(rows: list[list[str]], delimiter: str) -> bytes:
    """UTF-8 without BOM, LF line ends; the header as Moodle's documentation writes it."""
    buffer = io.StringIO()
    buffer.write(delimiter.join(f'"{name}"' if " " in name else name for name in HEADER) + "\n")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows([_clean(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def _clean(value: str) -> str:
    return _NEWLINES.sub("\n", value).replace("\\", _BACKSLASH)


def framework_row(texts: FrameworkTexts) -> list[str]:
    # The framework's id number is unique across a Moodle site: version and language let several coexist.
    id_number = f"{texts.framework_id}-{texts.version}-{texts.lang}"
    if len(id_number) > LIMIT:
        raise ExportError(f"The framework id number {id_number} is longer than Moodle's {LIMIT} characters.")
    return ["", id_number, shorten(texts.title), texts.description, PLAIN_TEXT, SCALE_VALUES,
            SCALE_CONFIGURATION, "", "", "", "", "", "1", TAXONOMY]


def competency_row(parent: str, id_number: str, shortname: str, description: str,
                   cross_references: tuple[str, ...] = ()) -> list[str]:
    related = ",".join(code.replace(",", "%2C") for code in cross_references)
    return [parent, id_number, shortname, description, PLAIN_TEXT, "", "", "", "0", "null", related, "", "", ""]


def tree_rows(texts: FrameworkTexts, local: Localizer) -> list[list[str]]:
    """Areas, competences and outcomes, each followed by its children."""
    units = {unit.code for _, standard_units in texts.standards for unit in standard_units}
    rows: list[list[str]] = []

    def walk(node: Node, parent: str) -> None:
        if node.kind == "outcome":
            related = tuple(code for code in node.units if code in units)
            rows.append(competency_row(parent, node.code, shorten(node.title), outcome_description(node, local),
                                       related))
        else:
            rows.append(competency_row(parent, node.code, shorten(node.title),
                                       _with_full_title(node.title, node.description)))
        for child in node.children:
            walk(child, node.code)

    for area in texts.areas:
        walk(area, "")
    return rows


def outcome_description(node: Node, local: Localizer) -> str:
    """The statement, the EQF level and the assessment criteria, as plain text."""
    parts = [node.title, f"{local.t('eqf_level')}: {node.eqf_levels[0]}"]
    if node.criteria:
        parts.append(f"{local.t('assessment_criteria')}:\n" + "\n".join(f"- {item}" for item in node.criteria))
    return "\n\n".join(parts)


def standard_rows(texts: FrameworkTexts) -> list[list[str]]:
    """Each national standard as a top-level row, its units below it: the targets of the cross references."""
    rows = []
    for standard, units in texts.standards:
        rows.append(competency_row("", standard.id, shorten(standard.title),
                                   _with_full_title(standard.title, standard_notes(standard))))
        rows.extend(competency_row(standard.id, unit.code, shorten(unit.title), unit.title) for unit in units)
    return rows


def _with_full_title(title: str, description: str) -> str:
    """A title too long for a short name opens the description, so that nothing is lost."""
    if shorten(title) == title:
        return description
    return f"{title}\n\n{description}" if description else title


def shorten(text: str, limit: int = LIMIT) -> str:
    """One line of at most `limit` characters, cut at a word and marked with an ellipsis."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[:limit - 1]
    if " " in cut:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


def check_id_numbers(rows: list[list[str]]) -> None:
    """Moodle overwrites duplicate id numbers silently and cuts long ones, which breaks the tree: refuse."""
    seen: set[str] = set()
    for row in rows[1:]:
        id_number = row[1]
        if not id_number or len(id_number) > LIMIT:
            raise ExportError(f"The code '{id_number[:40]}' cannot be a Moodle id number (1 to {LIMIT} "
                              "characters): shorten it in the framework.")
        if id_number in seen:
            raise ExportError(f"The code {id_number} is used twice (an item, a national standard or a unit): "
                              "Moodle needs every id number once.")
        seen.add(id_number)
