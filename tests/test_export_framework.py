"""The framework exports: Moodle's competency framework CSV and the 1EdTech CASE 1.0 package.

The Moodle CSV is judged by a reader that applies the importer's own rules (admin/tool/lpimportcsv
`framework_importer.php`, as summarised in the shared standards README); the reader is first proven on
the importer's own fixture. The CASE package is validated against the schema OpenSALT uses.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursegen.cli import main
from coursegen.export import ExportError, ExportRequest, run_export
from coursegen.export.moodle_csv import HEADER, shorten
from coursegen.project import validate_project

from .conftest import make_site

PROJECT = Path(__file__).resolve().parents[1]
STANDARDS = Path(__file__).resolve().parents[2] / "shared" / "standards"
needs_standards = pytest.mark.skipif(not STANDARDS.is_dir(),
                                     reason=f"the shared standards folder {STANDARDS} is absent")


@pytest.fixture(scope="module")
def library():
    result = validate_project(PROJECT)
    assert result.ok
    return result.library


def export(library, format_name: str, lang: str | None = None, delimiter: str = ","):
    return run_export(library, format_name, ExportRequest("framework", lang=lang, options={"delimiter": delimiter}))


# --- a reader with the rules of Moodle's importer ------------------------------------------------------------


@dataclass
class Competency:
    parent: str
    id_number: str
    shortname: str
    description: str
    description_format: str
    related: str
    children: list[Competency] = field(default_factory=list)
    created: bool = False


@dataclass
class MoodleImport:
    framework: list[str]
    roots: list[Competency]
    related: dict[str, set[str]]  # id number -> related id numbers that resolved
    problems: list[str]

    def count(self) -> int:
        def size(nodes):
            return sum(1 + size(node.children) for node in nodes)
        return size(self.roots)


def _cut(value: str, problems: list[str]) -> str:
    if len(value) > 100:
        problems.append(f"cut at 100 characters: {value}")
        return value[:100]
    return value


def read_moodle_csv(data: bytes, delimiter: str = ",") -> MoodleImport:
    """Parse as tool_lpimportcsv does: columns by position, one framework row, rows without id number or
    short name skipped with their subtree, children under known parents only, duplicates overwriting,
    cross references resolved against the rows of the file."""
    text = data.decode("utf-8").removeprefix("\ufeff")
    text = re.sub(r"\r\n?", "\n", text)
    rows = [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if row]
    problems: list[str] = []
    frameworks, flat = [], {}
    for row in rows[1:]:  # the first row is the header
        row = row + [""] * (14 - len(row))
        if row[12] not in ("", "0"):
            frameworks.append(row)
            continue
        if row[0] and row[0] not in flat:
            problems.append(f"{row[1]} comes before its parent {row[0]}")  # Moodle copes; people reading do not
        competency = Competency(row[0], _cut(row[1], problems), _cut(row[2], problems), row[3], row[4], row[10])
        if row[1] in flat:
            problems.append(f"duplicate id number {row[1]}")
        flat[row[1]] = competency
    if len(frameworks) != 1:
        raise AssertionError(f"{len(frameworks)} framework rows: Moodle refuses the file")

    def attach(parent_id: str, seen: frozenset[str]) -> list[Competency]:
        children = [c for c in flat.values() if c.parent == parent_id and c.id_number not in seen]
        for child in children:
            child.children = attach(child.id_number, seen | {child.id_number})
        return children

    def create(nodes: list[Competency]) -> list[Competency]:
        kept = [node for node in nodes if node.id_number and node.shortname]
        for node in kept:
            node.created = True
            node.children = create(node.children)
        return kept

    roots = create(attach("", frozenset()))
    attached = {id(node) for node in _walk(roots)}
    problems += [f"not in the tree: {c.id_number}" for c in flat.values() if id(c) not in attached]
    related = {}
    for node in _walk(roots):
        targets = [raw.replace("%2C", ",") for raw in node.related.split(",")] if node.related else []
        related[node.id_number] = {t for t in targets if t in flat and flat[t].created}
    return MoodleImport(frameworks[0], roots, related, problems)


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


@needs_standards
def test_reader_reads_moodles_own_fixture_as_moodle_does() -> None:
    imported = read_moodle_csv((STANDARDS / "moodle-lpimportcsv-example.csv").read_bytes())
    assert imported.count() == 64  # what Moodle's own test expects
    assert imported.framework[1] == "OECD-CORE"
    assert imported.related["level-1"] >= {"S-DT-1", "I-OK-3"}


# --- Moodle CSV --------------------------------------------------------------------------------------------


def expected_tree(library, texts) -> list[tuple]:
    """(code, shortname, description head, children) of the framework, from the library's own files."""
    def node(code):
        if code in library.outcomes:
            statement = texts.outcome(code)
            return (code, shorten(statement), statement, [])
        title, description = texts.item(code)
        return (code, title, description, [node(child) for child in library.children(code)])
    return [node(code) for code in library.children(None)]


def imported_tree(nodes) -> list[tuple]:
    def node(competency):
        head = competency.description.split("\n\n")[0] if competency.id_number.count(".") == 2 \
            else competency.description
        return (competency.id_number, competency.shortname, head, [node(c) for c in competency.children])
    return [node(c) for c in nodes]


class SourceTexts:
    """Texts read straight from the models: the default language, or a translation that must be complete."""

    def __init__(self, library, lang: str | None = None) -> None:
        self.library = library
        self.translation = library.framework_translations[lang][0] if lang else None

    def outcome(self, code):
        if self.translation:
            return self.translation.outcomes[code].statement
        return self.library.outcomes[code].statement

    def item(self, code):
        if self.translation:
            table = self.translation.areas if code in self.library.areas else self.translation.competences
            return table[code].title, table[code].description
        item = self.library.items[code].item
        return item.title, item.description


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_moodle_csv_rebuilds_the_framework_tree(library, delimiter: str) -> None:
    result = export(library, "moodle-csv", delimiter=delimiter)
    imported = read_moodle_csv(result.data, delimiter)
    assert imported.problems == []
    areas = [root for root in imported.roots if root.id_number in library.areas]
    assert imported_tree(areas) == expected_tree(library, SourceTexts(library))
    assert result.notices == []


def test_moodle_csv_framework_row_has_scale_and_taxonomy(library) -> None:
    imported = read_moodle_csv(export(library, "moodle-csv").data)
    row = imported.framework
    assert row[0] == "" and row[1] == "carecomp-1.0.0-en"
    assert row[5] == "Not yet competent,Competent"
    scale = json.loads(row[6])
    assert scale[1]["scaledefault"] == 1 and scale[1]["proficient"] == 1
    assert row[13] == "domain,competency,outcome"


def test_moodle_csv_outcome_description_carries_criteria(library) -> None:
    imported = read_moodle_csv(export(library, "moodle-csv").data)
    outcome = next(node for node in _walk(imported.roots) if node.id_number == "A1.C1.LO1")
    assert outcome.description_format == "2"  # plain text: Moodle escapes it
    for criterion in library.outcomes["A1.C1.LO1"].assessment_criteria:
        assert f"\n- {criterion}" in outcome.description


def test_moodle_csv_cross_references_resolve_to_unit_rows(library) -> None:
    imported = read_moodle_csv(export(library, "moodle-csv").data)
    expected = {code: set(units) for code, units in library.unit_alignments.items()}
    assert {code: imported.related[code] for code in library.outcomes} == expected
    standards = {root.id_number: {unit.id_number for unit in root.children}
                 for root in imported.roots if root.id_number not in library.areas}
    assert standards == {standard.id: {unit.code for unit in standard.units} for standard, _ in library.standards}


def test_moodle_csv_in_spanish(library) -> None:
    result = export(library, "moodle-csv", lang="es")
    imported = read_moodle_csv(result.data)
    areas = [root for root in imported.roots if root.id_number in library.areas]
    assert imported_tree(areas) == expected_tree(library, SourceTexts(library, "es"))
    assert imported.framework[1] == "carecomp-1.0.0-es"
    assert result.notices == []


def test_moodle_csv_header_is_moodles(library) -> None:
    header = export(library, "moodle-csv").data.split(b"\n", 1)[0].decode()
    assert next(csv.reader([header])) == list(HEADER)
    if STANDARDS.is_dir():
        fixture = (STANDARDS / "moodle-lpimportcsv-example.csv").read_text(encoding="utf-8")
        assert header == fixture.split("\n", 1)[0]


def test_moodle_csv_missing_translations_are_notices(tmp_path: Path) -> None:
    root = make_site(tmp_path, "multilingual")
    result = CliRunner().invoke(main, ["export", "framework", "--root", str(root), "--format", "moodle-csv",
                                       "--lang", "fr", "-o", str(tmp_path / "fr.csv")])
    assert result.exit_code == 0, result.output
    assert "note: A2: no 'fr' text for the title; shown in 'en'." in result.stderr
    imported = read_moodle_csv((tmp_path / "fr.csv").read_bytes())
    titles = {node.id_number: node.shortname for node in _walk(imported.roots)}
    assert titles["A1"] == "Le travail de soin comme service professionnel"
    assert titles["A2"] == validate_project(root).library.items["A2"].item.title


def test_moodle_csv_keeps_quotes_and_backslashes_inside_their_field(tmp_path: Path) -> None:
    root = make_site(tmp_path, "multilingual")
    area = root / "framework" / "areas" / "A1.yaml"
    hostile = 'Tricky \\" title\\, "quoted";\nnew,line\\'
    area.write_text(area.read_text().replace("title: Care work as a professional service",
                                             f"title: {json.dumps(hostile)}", 1))
    library = validate_project(root).library
    assert library.areas["A1"].title == hostile
    data = export(library, "moodle-csv").data
    assert b"\\" not in data  # PHP's fgetcsv would take a backslash before a quote as an escape
    imported = read_moodle_csv(data)
    assert imported.problems == [] and imported.roots[0].shortname == shorten(hostile.replace("\\", "\u29f5"))


def test_export_into_a_missing_folder_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "carecomp.csv"
    result = CliRunner().invoke(main, ["export", "framework", "--root", str(PROJECT), "--format", "moodle-csv",
                                       "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "does not exist" in result.stderr
    assert not target.parent.exists()


def test_library_with_errors_is_not_exported(tmp_path: Path) -> None:
    root = make_site(tmp_path, overlay="unknown-outcome")
    target = tmp_path / "carecomp.csv"
    result = CliRunner().invoke(main, ["export", "framework", "--root", str(root), "--format", "moodle-csv",
                                       "-o", str(target)])
    assert result.exit_code == 1
    assert "nothing was exported" in result.stderr and "Traceback" not in result.output
    assert not target.exists()


def test_moodle_csv_refuses_an_unknown_delimiter(library) -> None:
    with pytest.raises(ExportError):
        export(library, "moodle-csv", delimiter="|")


def test_moodle_csv_unknown_language_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "framework", "--root", str(PROJECT), "--format", "moodle-csv",
                                       "--lang", "xx", "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "'xx' is not a language" in result.stderr
    assert not (tmp_path / "x.csv").exists()


# --- CASE JSON ---------------------------------------------------------------------------------------------


@pytest.fixture
def package(library, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return json.loads(export(library, "case-json").data)


@needs_standards
def test_case_package_is_valid_against_the_schema(package: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((STANDARDS / "case-v1p0-cfpackage-schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [error.message for error in validator.iter_errors(package)] == []


def test_case_items_are_the_framework(library, package: dict) -> None:
    items = {item["humanCodingScheme"]: item for item in package["CFItems"]}
    assert set(library.items) | set(library.units) | {s.id for s, _ in library.standards} == set(items)
    outcome = items["A1.C1.LO1"]
    assert outcome["fullStatement"] == library.outcomes["A1.C1.LO1"].statement
    assert outcome["CFItemType"] == "Learning outcome" and outcome["language"] == "en"
    assert outcome["educationLevel"] == ["http://data.europa.eu/snb/eqf/3"]
    assert items["A1"]["CFItemType"] == "Area" and items["A1.C1"]["CFItemType"] == "Competence"
    types = {t["uri"]: t for t in package["CFDefinitions"]["CFItemTypes"]}
    assert all(item["CFItemTypeURI"]["uri"] in types for item in package["CFItems"])


def test_case_standards_and_units_say_the_language_of_their_own_names(package: dict) -> None:
    """A standard's title and units are never translated: each item says the language they are written in
    (the standard's `language`, or a unit's own), not the export's."""
    items = {item["humanCodingScheme"]: item for item in package["CFItems"]}
    assert items["ES-SSCS0108"]["language"] == "es" and items["UC0249_2"]["language"] == "es"
    assert items["AT-HEIMHILFE"]["language"] == "de"
    assert items["AT-HH-1"]["language"] == "en"  # an English description of the area of activity
    assert items["A1.C1.LO1"]["language"] == "en"


def test_case_every_outcome_has_exactly_one_parent(library, package: dict) -> None:
    by_id = {item["identifier"]: item["humanCodingScheme"] for item in package["CFItems"]}
    parents: dict[str, list[str]] = {}
    for association in package["CFAssociations"]:
        if association["associationType"] == "isChildOf":
            child = by_id[association["originNodeURI"]["identifier"]]
            parents.setdefault(child, []).append(by_id.get(association["destinationNodeURI"]["identifier"], "doc"))
    for code in library.outcomes:
        assert parents[code] == [library.items[code].parent]
    assert all(parents[code] == ["doc"] for code in library.areas)


def test_case_associations_join_existing_nodes(library, package: dict) -> None:
    nodes = {item["identifier"]: item["uri"] for item in package["CFItems"]}
    nodes[package["CFDocument"]["identifier"]] = package["CFDocument"]["uri"]
    for association in package["CFAssociations"]:
        for end in (association["originNodeURI"], association["destinationNodeURI"]):
            assert nodes.get(end["identifier"]) == end["uri"]
    by_id = {item["identifier"]: item["humanCodingScheme"] for item in package["CFItems"]}
    related = {}
    for association in package["CFAssociations"]:
        if association["associationType"] == "isRelatedTo":
            origin = by_id[association["originNodeURI"]["identifier"]]
            related.setdefault(origin, set()).add(by_id[association["destinationNodeURI"]["identifier"]])
    assert related == {code: set(units) for code, units in library.unit_alignments.items() if units}


def test_case_identifiers_are_lowercase_uuid5_and_unique(package: dict) -> None:
    identifiers = [package["CFDocument"]["identifier"]]
    identifiers += [node["identifier"] for key in ("CFItems", "CFAssociations") for node in package[key]]
    assert len(set(identifiers)) == len(identifiers)
    for identifier in identifiers:
        assert identifier == identifier.lower() and uuid.UUID(identifier).version == 5


def test_case_two_exports_are_byte_identical(library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = export(library, "case-json").data
    assert export(library, "case-json").data == first
    date = json.loads(first)["CFDocument"]["lastChangeDateTime"]
    assert date < "2020"  # derived from the content, never the clock (nor in the future)


def test_case_honours_source_date_epoch(library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    package = json.loads(export(library, "case-json").data)
    assert package["CFDocument"]["lastChangeDateTime"] == "2023-11-14T22:13:20+00:00"
    assert {item["lastChangeDateTime"] for item in package["CFItems"]} == {"2023-11-14T22:13:20+00:00"}


def test_case_other_language_has_its_own_identifiers(library, package: dict) -> None:
    spanish = json.loads(export(library, "case-json", lang="es").data)
    assert spanish["CFDocument"]["language"] == "es"
    assert spanish["CFDocument"]["identifier"] != package["CFDocument"]["identifier"]
    statements = {item["humanCodingScheme"]: item["fullStatement"] for item in spanish["CFItems"]}
    assert statements["A1.C1.LO1"] == library.framework_translations["es"][0].outcomes["A1.C1.LO1"].statement


def test_case_cli_writes_the_file_and_prints_only_its_path(tmp_path: Path, library,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    target = tmp_path / "carecomp.json"
    result = CliRunner().invoke(main, ["export", "framework", "--root", str(PROJECT), "--format", "case-json",
                                       "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"Wrote {target} ({len(target.read_bytes()) // 1024} KB)."]
    assert target.read_bytes() == export(library, "case-json").data
