"""The module package: export from the shipped project, import into another one, and hostile packages refused."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursegen.cli import main
from coursegen.export import ExportRequest, run_export
from coursegen.export.package import MANIFEST, sha256, write_zip
from coursegen.importer import PackageRefused, append_yaml, apply_plan, plan_import, read_package
from coursegen.project import validate_project
from coursegen.site import build_site

from .conftest import make_site

REPO = Path(__file__).resolve().parents[1]
MODULE = "M14"  # self-care: area A6 (new to the minimal site), prerequisite M01 (which it has), a Spanish version


@pytest.fixture(scope="module")
def shipped():
    validation = validate_project(REPO)
    assert validation.ok
    return validation.library


@pytest.fixture(scope="module")
def package_bytes(shipped) -> bytes:
    return run_export(shipped, "package", ExportRequest("module", MODULE)).data


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def write(tmp_path: Path, data: bytes, name: str = "package.zip") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def import_into(root: Path, package: Path, *, replace: bool = False, apply: bool = True):
    plan = plan_import(validate_project(root).library, read_package(package), replace=replace)
    if apply and plan.ok:
        apply_plan(root.resolve(), plan)
    return plan


# --- export -----------------------------------------------------------------------------------------


def test_the_package_holds_the_module_in_every_language_with_trainer_notes(package_bytes) -> None:
    files = members(package_bytes)
    assert list(files)[0] == MANIFEST
    assert {"content/modules/self-care-stress.md", "content/modules/self-care-stress.es.md",
            "framework.json", "glossary.json"} <= set(files)
    assert files["content/modules/self-care-stress.md"] == (REPO / "content/modules/self-care-stress.md").read_bytes()
    assert b"::: trainer" in files["content/modules/self-care-stress.md"]


def test_the_manifest_lists_every_file_with_its_sha256_and_the_attribution(package_bytes) -> None:
    files = members(package_bytes)
    manifest = json.loads(files.pop(MANIFEST))
    assert {entry["path"]: entry["sha256"] for entry in manifest["files"]} == \
        {name: sha256(data) for name, data in files.items()}
    assert manifest["format_version"] == 1
    assert manifest["module"]["id"] == MODULE and manifest["module"]["languages"] == ["en", "es"]
    assert manifest["module"]["prerequisites"] == ["M01"] and manifest["module"]["license"]
    assert manifest["source"]["framework"] == "carecomp" and manifest["source"]["framework_version"] == "1.0.0"


def test_the_package_brings_the_outcomes_with_their_competence_area_and_translations(package_bytes) -> None:
    framework = json.loads(members(package_bytes)["framework.json"])
    (area,) = framework["areas"]
    assert area["code"] == "A6" and "es" in area["translations"]
    codes = [o["code"] for c in area["competences"] for o in c["outcomes"]]
    assert set(codes) >= {"A6.C1.LO1", "A6.C3.LO2"}
    terms = {t["id"]: t for t in json.loads(members(package_bytes)["glossary.json"])["terms"]}
    assert "burnout" in terms and "es" in terms["burnout"]["translations"]


def test_two_exports_are_byte_identical_and_dated_from_source_date_epoch(shipped, package_bytes, monkeypatch) -> None:
    assert run_export(shipped, "package", ExportRequest("module", MODULE)).data == package_bytes
    with zipfile.ZipFile(io.BytesIO(package_bytes)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    again = run_export(shipped, "package", ExportRequest("module", MODULE)).data
    with zipfile.ZipFile(io.BytesIO(again)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_the_cli_exports_a_module_as_a_package_by_default(tmp_path: Path, package_bytes) -> None:
    output = tmp_path / "m14.zip"
    result = CliRunner().invoke(main, ["export", "module", MODULE, "--root", str(REPO), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert output.read_bytes() == package_bytes


# --- import -----------------------------------------------------------------------------------------


def test_an_imported_module_validates_and_builds(tmp_path: Path, package_bytes) -> None:
    root = make_site(tmp_path, "minimal")
    plan = import_into(root, write(tmp_path, package_bytes))
    assert plan.ok, plan.diagnostics
    assert {d.code for d in plan.diagnostics} <= {"CG711"}  # links to modules the minimal site lacks
    validation = validate_project(root)
    assert validation.ok, [d for d in validation.diagnostics if d.severity.value == "error"]
    assert MODULE in validation.library.modules and "A6.C1.LO1" in validation.library.outcomes
    assert "burnout" in validation.library.terms
    result = build_site(root, tmp_path / "site")
    assert result.ok, result.errors
    page = tmp_path / "site" / "modules" / "self-care-stress" / "index.html"
    assert "Self-care" in page.read_text(encoding="utf-8")
    assert (tmp_path / "site" / "es" / "modules" / "self-care-stress" / "index.html").is_file()


def test_links_to_modules_the_project_lacks_become_their_title(tmp_path: Path, package_bytes) -> None:
    root = make_site(tmp_path, "minimal")
    plan = import_into(root, write(tmp_path, package_bytes))
    text = (root / "content/modules/self-care-stress.md").read_text(encoding="utf-8")
    assert "module:M03" not in text and "Living and working in Spain" in text
    assert "module:M01" in text  # the minimal site has an M01
    assert any(d.code == "CG711" and d.line > 1 for d in plan.diagnostics)


def test_a_dry_run_writes_nothing(tmp_path: Path, package_bytes) -> None:
    root = make_site(tmp_path, "minimal")
    before = digests(root)
    plan = import_into(root, write(tmp_path, package_bytes), apply=False)
    assert plan.ok and plan.changes
    assert digests(root) == before


def test_importing_twice_reports_the_conflict_and_changes_nothing(tmp_path: Path, package_bytes) -> None:
    root = make_site(tmp_path, "minimal")
    package = write(tmp_path, package_bytes)
    import_into(root, package)
    before = digests(root)
    plan = import_into(root, package)
    assert not plan.ok
    assert [(d.code, d.path) for d in plan.diagnostics if d.code == "CG705"] == \
        [("CG705", "content/modules/self-care-stress.md")]
    assert digests(root) == before
    assert import_into(root, package, replace=True).ok  # the same files: nothing left to conflict
    assert digests(root) == before


def test_a_file_with_other_content_is_a_conflict_unless_replaced(tmp_path: Path, package_bytes) -> None:
    root = make_site(tmp_path, "minimal")
    (root / "content/modules/self-care-stress.es.md").write_text("---\nsource_version: '0'\n---\nmine\n")
    plan = import_into(root, write(tmp_path, package_bytes), apply=False)
    assert ("CG706", "content/modules/self-care-stress.es.md") in [(d.code, d.path) for d in plan.diagnostics]
    assert import_into(root, write(tmp_path, package_bytes), replace=True).ok
    assert "mine" not in (root / "content/modules/self-care-stress.es.md").read_text(encoding="utf-8")


def test_a_term_with_another_definition_is_a_conflict(tmp_path: Path, package_bytes) -> None:
    root = make_site(tmp_path, "minimal")
    glossary = root / "content/glossary.yaml"
    glossary.write_text(glossary.read_text() + "  - id: burnout\n    term: burnout\n    definition: Something else.\n")
    before = digests(root)
    plan = import_into(root, write(tmp_path, package_bytes))
    assert ("CG709", "content/glossary.yaml") in [(d.code, d.path) for d in plan.diagnostics]
    assert digests(root) == before


def test_an_outcome_missing_from_an_existing_area_is_a_conflict(tmp_path: Path, shipped) -> None:
    package = run_export(shipped, "package", ExportRequest("module", "M01")).data  # A1.C1.LO3, A1.C2...
    root = make_site(tmp_path, "minimal")
    before = digests(root)
    plan = import_into(root, write(tmp_path, package))
    found = {(d.code, d.path) for d in plan.diagnostics}
    assert ("CG707", "framework/areas/A1.yaml") in found and ("CG705", "content/modules/role.md") in found
    assert digests(root) == before


def test_a_prerequisite_the_project_lacks_is_a_warning(tmp_path: Path, shipped) -> None:
    package = run_export(shipped, "package", ExportRequest("module", "M10")).data  # needs M06
    root = make_site(tmp_path, "minimal")
    plan = import_into(root, write(tmp_path, package), apply=False)
    assert any(d.code == "CG710" and "M06" in d.message and d.severity.value == "warning" for d in plan.diagnostics)


def test_the_cli_import_is_a_dry_run_without_apply(tmp_path: Path, package_bytes) -> None:
    root = make_site(tmp_path, "minimal")
    before = digests(root)
    package = write(tmp_path, package_bytes)
    result = CliRunner().invoke(main, ["import", str(package), "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert "would add content/modules/self-care-stress.md" in result.output
    assert digests(root) == before
    result = CliRunner().invoke(main, ["import", str(package), "--root", str(root), "--apply"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["import", str(package), "--root", str(root), "--apply"])
    assert result.exit_code == 1 and "CG705" in result.output


# --- hostile packages -------------------------------------------------------------------------------


def rebuilt(package_bytes: bytes, extra: dict[str, bytes], *, resign: bool = True) -> bytes:
    """The package with `extra` entries added, its manifest listing them (unless `resign` is False)."""
    files = members(package_bytes)
    manifest = json.loads(files.pop(MANIFEST))
    files.update(extra)
    if resign:
        manifest["files"] = [{"path": n, "sha256": sha256(d), "size": len(d)} for n, d in sorted(files.items())]
    return write_zip({MANIFEST: json.dumps(manifest).encode(), **files})


def raw_zip(entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info, data)
    return buffer.getvalue()


def refused(tmp_path: Path, data: bytes) -> set[str]:
    root = make_site(tmp_path, "minimal")
    before = digests(root)
    package = write(tmp_path, data)
    with pytest.raises(PackageRefused) as caught:
        import_into(root, package)
    result = CliRunner().invoke(main, ["import", str(package), "--root", str(root), "--apply"])
    assert result.exit_code == 1 and "nothing was written" in result.output
    assert digests(root) == before
    assert not (tmp_path / "evil.md").exists()
    return {d.code for d in caught.value.diagnostics}


def test_a_zip_slip_entry_is_refused(tmp_path: Path, package_bytes) -> None:
    assert refused(tmp_path, rebuilt(package_bytes, {"content/../../evil.md": b"x"})) == {"CG702"}


def test_an_absolute_path_is_refused(tmp_path: Path, package_bytes) -> None:
    assert refused(tmp_path, rebuilt(package_bytes, {"/tmp/evil.md": b"x"})) == {"CG702"}


def test_a_symbolic_link_is_refused(tmp_path: Path, package_bytes) -> None:
    link = zipfile.ZipInfo("content/modules/img/link.png")
    link.create_system = 3
    link.external_attr = 0o120777 << 16
    files = list(members(package_bytes).items())
    assert refused(tmp_path, raw_zip([*files, (link, b"/etc/passwd")])) == {"CG702"}


def test_duplicate_names_are_refused(tmp_path: Path, package_bytes) -> None:
    files = list(members(package_bytes).items())
    with pytest.warns(UserWarning):  # zipfile warns about the duplicate it is asked to write
        data = raw_zip([*files, ("content/modules/self-care-stress.md", b"other")])
    assert refused(tmp_path, data) == {"CG702"}


def test_a_zip_bomb_is_refused(tmp_path: Path, package_bytes) -> None:
    bomb = rebuilt(package_bytes, {"content/modules/img/bomb.png": bytes(64 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    assert refused(tmp_path, bomb) == {"CG703"}


def test_a_file_that_fails_its_sha256_is_refused(tmp_path: Path, package_bytes) -> None:
    changed = {"content/modules/self-care-stress.md": b"---\nid: M14\n---\n<script>alert(1)</script>\n"}
    assert refused(tmp_path, rebuilt(package_bytes, changed, resign=False)) == {"CG704"}


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    assert refused(tmp_path, b"not a zip") == {"CG701"}


# --- adding entries to YAML files -------------------------------------------------------------------


def test_entries_are_appended_to_a_block_list_keeping_comments() -> None:
    text = "# my glossary\nversion: '1'\nterms:\n  - id: a  # first\n    term: A\n# end\n"
    edited = append_yaml(text, "terms", [{"id": "b", "term": "B"}])
    assert edited == ("# my glossary\nversion: '1'\nterms:\n  - id: a  # first\n    term: A\n"
                      "  - id: b\n    term: B\n# end\n")


def test_a_missing_key_is_added_and_a_flow_mapping_is_left_alone() -> None:
    added = append_yaml("language: es\n", "areas", {"A6": {"title": "X"}})
    assert added == "language: es\nareas:\n  A6:\n    title: X\n"
    assert append_yaml("areas: {A1: {title: Y}}\n", "areas", {"A6": {"title": "X"}}) is None


# --- every other conflict ---------------------------------------------------------------------------


def test_an_outcome_with_another_text_is_a_warning(tmp_path: Path, package_bytes) -> None:
    root = make_site(tmp_path, "minimal")
    package = write(tmp_path, package_bytes)
    import_into(root, package)
    area = root / "framework/areas/A6.yaml"
    area.write_text(area.read_text(encoding="utf-8").replace("Recognise signs of stress", "Spot stress"),
                    encoding="utf-8")
    plan = import_into(root, package, replace=True, apply=False)
    assert plan.ok
    assert [(d.code, d.path) for d in plan.diagnostics if d.code == "CG708"] == [("CG708", "framework/areas/A6.yaml")]


def test_a_translation_in_a_language_the_project_lacks_is_left_out(tmp_path: Path, shipped) -> None:
    package = run_export(shipped, "package", ExportRequest("module", "M03")).data  # es and ar versions
    root = make_site(tmp_path, "minimal")
    plan = import_into(root, write(tmp_path, package))
    assert ("CG712", "package.zip/content/modules/cultural-adaptation-spain.ar.md") in \
        [(d.code, d.path) for d in plan.diagnostics]
    assert plan.ok and not (root / "content/modules/cultural-adaptation-spain.ar.md").exists()
    assert (root / "content/modules/cultural-adaptation-spain.es.md").exists()
    assert validate_project(root).ok


def edited_manifest(package_bytes: bytes, edit) -> bytes:
    files = members(package_bytes)
    manifest = json.loads(files.pop(MANIFEST))
    edit(manifest)
    return write_zip({MANIFEST: json.dumps(manifest).encode(), **files})


def test_a_package_in_another_default_language_is_a_conflict(tmp_path: Path, package_bytes) -> None:
    data = edited_manifest(package_bytes, lambda m: m["module"].update(default_language="es"))
    root = make_site(tmp_path, "minimal")
    before = digests(root)
    plan = import_into(root, write(tmp_path, data))
    assert [d.code for d in plan.diagnostics] == ["CG713"] and digests(root) == before


def test_a_manifest_naming_a_module_file_it_lacks_is_refused(tmp_path: Path, package_bytes) -> None:
    data = edited_manifest(package_bytes, lambda m: m["module"].update(path="content/modules/other.md"))
    root = make_site(tmp_path, "minimal")
    assert [d.code for d in import_into(root, write(tmp_path, data)).diagnostics] == ["CG701"]


def test_a_file_the_module_does_not_link_to_is_refused(tmp_path: Path, package_bytes) -> None:
    data = rebuilt(package_bytes, {"content/glossary.fr.yaml": b"source_version: '1'\n"})
    root = make_site(tmp_path, "minimal")
    before = digests(root)
    plan = import_into(root, write(tmp_path, data))
    assert ("CG702", "package.zip/content/glossary.fr.yaml") in [(d.code, d.path) for d in plan.diagnostics]
    assert digests(root) == before


def test_a_glossary_that_cannot_be_extended_safely_is_a_conflict(tmp_path: Path, package_bytes) -> None:
    root = make_site(tmp_path, "minimal")
    (root / "content/glossary.yaml").write_text(
        'version: "1.0"\nterms: [{id: adl, term: activities of daily living, definition: Everyday tasks such as '
        'washing, dressing and eating.}]\n')
    before = digests(root)
    plan = import_into(root, write(tmp_path, package_bytes))
    assert ("CG714", "content/glossary.yaml") in [(d.code, d.path) for d in plan.diagnostics]
    assert digests(root) == before


def test_every_import_code_is_tested() -> None:
    from coursegen.diagnostics import CODES

    tested = set(re.findall(r"CG7\d\d", Path(__file__).read_text(encoding="utf-8")))
    assert {code for code in CODES if code.startswith("CG7")} <= tested


# --- files the module links to, and all or nothing ---------------------------------------------------


def test_the_images_a_module_links_to_travel_with_it(tmp_path: Path) -> None:
    source = make_site(tmp_path / "source", "minimal")
    package = run_export(validate_project(source).library, "package", ExportRequest("module", "M01")).data
    image = "content/modules/img/carer.png"
    assert members(package)[image] == (source / image).read_bytes()
    target = make_site(tmp_path / "target", "minimal")
    role = target / "content/modules/role.md"
    role.write_text(role.read_text().replace("![A carer and Rosa](img/carer.png)", ""))
    (target / image).unlink()
    (target / "content/modules/img").rmdir()
    plan = import_into(target, write(tmp_path, package), replace=True)
    assert {(c.path, c.action) for c in plan.changes} == {(image, "add"), ("content/modules/role.md", "change")}
    assert (target / image).read_bytes() == (source / image).read_bytes()
    assert validate_project(target).ok


def test_a_failed_write_undoes_the_writes_before_it(tmp_path: Path, package_bytes, monkeypatch) -> None:
    import coursegen.importer as importer

    root = make_site(tmp_path, "minimal")
    before = digests(root)
    plan = plan_import(validate_project(root).library, read_package(write(tmp_path, package_bytes)))
    real, calls = importer.write_atomic, []

    def failing(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 4:
            raise OSError(28, "No space left on device", str(path))
        real(path, data)

    monkeypatch.setattr(importer, "write_atomic", failing)
    with pytest.raises(OSError):
        apply_plan(root.resolve(), plan)
    assert digests(root) == before
    assert not (root / "framework/areas/A6.yaml").exists()


def test_an_entry_packed_far_more_than_real_files_is_refused(tmp_path: Path, package_bytes) -> None:
    bomb = rebuilt(package_bytes, {"content/modules/img/bomb.png": bytes(8 * 1024 * 1024)})  # under the size limit
    assert refused(tmp_path, bomb) == {"CG703"}


def test_a_hostile_title_for_a_link_kept_as_text_stays_text(tmp_path: Path, package_bytes) -> None:
    hostile = "<script>alert(1)</script> [x](javascript:alert(1)) *bold*"
    data = edited_manifest(package_bytes, lambda m: m["links"]["modules"]["M03"].update(en=hostile))
    root = make_site(tmp_path, "minimal")
    assert import_into(root, write(tmp_path, data)).ok
    text = (root / "content/modules/self-care-stress.md").read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;" in text and "](javascript" not in text
    assert validate_project(root).ok


def test_alignments_to_national_units_the_project_lacks_are_left_out(tmp_path: Path, shipped) -> None:
    package = run_export(shipped, "package", ExportRequest("module", "M09")).data  # A3, aligned to Spanish units
    root = make_site(tmp_path, "minimal")
    plan = import_into(root, write(tmp_path, package))
    assert plan.ok and any(d.code == "CG715" for d in plan.diagnostics)
    validation = validate_project(root)
    assert validation.ok, [d for d in validation.diagnostics if d.severity.value == "error"]
