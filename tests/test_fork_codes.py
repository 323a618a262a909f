"""A fork's own framework codes: `codes:` in framework.yaml declares their form, and validation, the site
and the exports work with it. `tests/sites/fork-fi/` is the minimal site coded as a Finnish fork codes
it: areas K1, competences K1.C1, outcomes K1.C1.LO1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coursegen.code_scheme import code_pattern, example_code, scheme_problems
from coursegen.models import CodeScheme
from coursegen.project import validate_project
from coursegen.site import build_site

from .conftest import make_site
from .test_export_framework import (STANDARDS, SourceTexts, export, expected_tree, imported_tree, needs_standards,
                                    read_moodle_csv)


@pytest.fixture(scope="module")
def fork(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("fork"), "fork-fi")


@pytest.fixture(scope="module")
def library(fork: Path):
    validation = validate_project(fork, strict_mode=True)
    assert validation.ok, validation.diagnostics
    return validation.library


def test_the_default_scheme_is_todays_form() -> None:
    scheme = CodeScheme()
    assert [example_code(scheme, level) for level in ("area", "competence", "outcome")] == \
        ["A1", "A1.C2", "A1.C2.LO3"]
    assert code_pattern(scheme, "outcome").match("A12.C3.LO45")
    assert not code_pattern(scheme, "outcome").match("K1.C1.LO1")


def test_prefixes_per_level() -> None:
    scheme = CodeScheme(area="K", competence="", outcome="T")
    assert code_pattern(scheme, "outcome").match("K1.2.T3")
    assert not code_pattern(scheme, "outcome").match("K1.C2.T3")
    assert example_code(scheme, "competence") == "K1.2"


def test_free_codes_take_any_name_of_letters_digits_dashes_and_underscores() -> None:
    scheme = CodeScheme(free=True)
    assert code_pattern(scheme, "competence").match("hoiva.perus-taidot_2")
    assert not code_pattern(scheme, "competence").match("hoiva")
    assert not code_pattern(scheme, "area").match("hoi va")
    assert scheme_problems(scheme) == []


def test_a_prefix_must_be_letters_and_free_codes_have_none() -> None:
    assert scheme_problems(CodeScheme(area="K.")) == [("area", "prefix")]
    assert scheme_problems(CodeScheme(free=True, outcome="LO")) == [("outcome", "free_and_prefix")]


def test_the_finnish_fork_validates(library) -> None:
    assert set(library.areas) == {"K1", "K2"} and "K1.C1.LO1" in library.outcomes


def test_codes_of_another_form_are_reported_with_an_example_of_the_declared_one(tmp_path: Path) -> None:
    root = make_site(tmp_path, "fork-fi")
    area = root / "framework" / "areas" / "K2.yaml"
    area.write_text(area.read_text().replace("K2.C1.LO1", "A2.C1.LO1"))
    cg201 = [d for d in validate_project(root).diagnostics if d.code == "CG201"]
    assert [(d.path, d.line) for d in cg201] == [("framework/areas/K2.yaml", 7)]
    assert "K1.C2.LO3" in cg201[0].hint


def test_free_codes_validate(tmp_path: Path) -> None:
    root = make_site(tmp_path, "fork-fi")
    framework = root / "framework" / "framework.yaml"
    framework.write_text(framework.read_text().replace("codes:\n  area: K\n", "codes:\n  free: true\n"))
    for path in [*root.rglob("*.yaml"), *root.rglob("*.md")]:
        path.write_text(path.read_text().replace("K1.C1", "K1.rooli").replace("K2.C1", "K2.hygienia"))
    validation = validate_project(root, strict_mode=True)
    assert validation.ok, validation.diagnostics
    assert "K1.rooli.LO2" in validation.library.outcomes


def test_moodle_csv_of_the_fork_rebuilds_its_tree(library) -> None:
    imported = read_moodle_csv(export(library, "moodle-csv").data)
    assert imported.problems == []
    areas = [root for root in imported.roots if root.id_number in library.areas]
    assert imported_tree(areas) == expected_tree(library, SourceTexts(library))
    assert {code: imported.related[code] for code in library.outcomes} == \
        {code: set(units) for code, units in library.unit_alignments.items()}


@needs_standards
def test_case_package_of_the_fork_is_valid(library, monkeypatch: pytest.MonkeyPatch) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    package = json.loads(export(library, "case-json").data)
    schema = json.loads((STANDARDS / "case-v1p0-cfpackage-schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [error.message for error in validator.iter_errors(package)] == []
    codes = {item["humanCodingScheme"] for item in package["CFItems"]}
    assert set(library.items) <= codes


def test_the_fork_builds_with_its_codes_as_anchors(fork: Path, tmp_path: Path) -> None:
    result = build_site(fork, tmp_path / "site")
    assert result.ok, result.errors
    areas = tmp_path / "site" / "framework" / "areas"
    framework = (areas / "k1" / "index.html").read_text(encoding="utf-8")
    assert 'id="k1-c1-lo1"' in framework and 'id="k2-c1-lo1"' in (areas / "k2" / "index.html").read_text("utf-8")
    module = (tmp_path / "site" / "modules" / "role" / "index.html").read_text(encoding="utf-8")
    assert "framework/areas/k1/#k1-c1-lo1" in module
