"""Random and broken content yields diagnostics, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursegen import project
from coursegen.diagnostics import Diagnostic
from coursegen.sources import Source, parse_yaml, split_front_matter

from .conftest import SITES

yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)),
    max_leaves=20,
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("robust") / "project"
    shutil.copytree(SITES / "minimal", root)
    return root


def _validates(root: Path) -> list[Diagnostic]:
    validation = project.validate_project(root)
    assert all(isinstance(d, Diagnostic) and d.message for d in validation.diagnostics)
    assert not [d for d in validation.diagnostics if d.code == "CG901"], validation.diagnostics
    return validation.diagnostics


def _validates_with(scratch: Path, rels: tuple[str, ...], data: bytes) -> None:
    """Put `data` in each file in turn and validate; the file is restored afterwards."""
    for rel in rels:
        original = (scratch / rel).read_bytes()
        (scratch / rel).write_bytes(data)
        try:
            _validates(scratch)
        finally:
            (scratch / rel).write_bytes(original)


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_in_any_file(scratch: Path, data: bytes) -> None:
    _validates_with(scratch, ("framework/areas/A2.yaml", "content/modules/hygiene.md", "content/glossary.es.yaml"), data)


@SETTINGS
@given(yaml_values)
def test_random_yaml_documents(scratch: Path, value: object) -> None:
    text = yaml.safe_dump(value, allow_unicode=True)
    _validates_with(scratch, ("framework/framework.yaml", "framework/areas/A1.yaml", "framework/translations/es.yaml",
                              "framework/standards/ES-TEST.yaml", "content/glossary.yaml"), text.encode())


@SETTINGS
@given(yaml_values, st.text(max_size=200))
def test_random_front_matter(scratch: Path, value: object, body: str) -> None:
    text = "---\n" + yaml.safe_dump(value, allow_unicode=True) + "---\n" + body
    _validates_with(scratch, ("content/modules/role.md", "content/modules/role.es.md", "content/courses/basic.md",
                              "content/index.md"), text.encode())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_parsers_never_raise_on_text(text: str) -> None:
    parse_yaml(text, "x.yaml")
    split_front_matter(Source(Path("x.md"), "x.md", text))


def test_a_crash_in_a_check_is_an_internal_error_not_a_traceback(minimal_site: Path, monkeypatch) -> None:
    def broken_check(library):
        raise KeyError("boom")

    monkeypatch.setattr(project, "CHECKS", (broken_check,))
    validation = project.validate_project(minimal_site)
    assert [d.code for d in validation.diagnostics] == ["CG901"]
    assert "boom" in validation.diagnostics[0].message and not validation.ok
