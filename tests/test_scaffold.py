"""`coursegen new language|module|course`: scaffolds that keep the site valid and falling back, and never
overwrite a file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner

from coursegen.cli import main
from coursegen.i18n import Status
from coursegen.project import validate_project
from coursegen.scaffold_language import with_language
from coursegen.site import build_site
from coursegen.translation_status import translation_status

from .conftest import make_site


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_languages_list_is_extended_in_its_own_style_keeping_comments() -> None:
    flow = "id: x  # the id\nlanguages: [en, es]  # our languages\ntitle: T\n"
    assert with_language(flow, "it") == "id: x  # the id\nlanguages: [en, es, it]  # our languages\ntitle: T\n"
    block = "languages:\n  - en\n  - es  # Spanish\ntitle: T\n"
    assert with_language(block, "it") == "languages:\n  - en\n  - es  # Spanish\n  - it\ntitle: T\n"
    assert with_language("languages: en\n", "it") == "languages: [en, it]\n"
    assert with_language(flow, "es") == flow


def test_new_language_registers_it_and_scaffolds_every_translatable_file(tmp_path: Path) -> None:
    root = make_site(tmp_path, "multilingual")
    result = run("new", "language", "it", "--root", str(root))
    assert result.exit_code == 0, result.output
    created = {line.removeprefix("created ") for line in result.stdout.splitlines() if line.startswith("created ")}
    assert created == {"framework/translations/it.yaml", "content/courses/basic.it.md", "content/guide/index.it.md",
                       "content/index.it.md", "content/modules/hygiene.it.md", "content/modules/role.it.md",
                       "content/glossary.it.yaml"}  # coursegen has Italian UI strings: no strings file
    framework = yaml.safe_load((root / "framework" / "framework.yaml").read_text(encoding="utf-8"))
    assert framework["languages"] == ["en", "es", "fr", "ar", "it"]
    scaffold = (root / "content" / "modules" / "role.it.md").read_text(encoding="utf-8")
    assert "translation: pending" in scaffold and "source_version: '1.0'" in scaffold
    assert scaffold.endswith((root / "content" / "modules" / "role.md").read_text(encoding="utf-8").split("---\n", 2)[2])


def test_scaffolds_count_as_missing_until_the_marker_is_removed(tmp_path: Path) -> None:
    root = make_site(tmp_path, "multilingual")
    assert run("new", "language", "it", "--root", str(root)).exit_code == 0
    validation = validate_project(root)
    assert validation.ok, validation.diagnostics
    assert not [d for d in validation.diagnostics if d.severity.value != "info" and ".it." in d.path]
    [italian] = translation_status(validation.library, ["it"])
    assert italian.count(Status.CURRENT) == italian.count(Status.CURRENT, "ui")  # only coursegen's own words
    assert italian.count(Status.MISSING) == 8 + 2 + 1 + 2 + 1  # framework items, modules, course, pages, term
    scaffold = root / "content" / "modules" / "role.it.md"
    scaffold.write_text(scaffold.read_text(encoding="utf-8").replace("translation: pending\n", ""), encoding="utf-8")
    [italian] = translation_status(validate_project(root).library, ["it"])
    assert [item.id for item in italian.items if item.category == "modules" and item.status is Status.CURRENT] == ["M01"]


def test_running_new_language_twice_changes_no_file(tmp_path: Path) -> None:
    root = make_site(tmp_path, "minimal")
    assert run("new", "language", "pt", "--root", str(root)).exit_code == 0
    assert (root / "site_overrides" / "coursegen" / "strings" / "pt.yaml").is_file()  # coursegen has no Portuguese
    before = tree_digest(root)
    again = run("new", "language", "pt", "--root", str(root))
    assert again.exit_code == 0 and "created" not in again.stdout
    assert tree_digest(root) == before


def test_new_language_never_overwrites_a_translation(minimal_site: Path) -> None:
    before = (minimal_site / "content" / "modules" / "role.es.md").read_bytes()
    framework = (minimal_site / "framework" / "framework.yaml").read_bytes()
    result = run("new", "language", "es", "--root", str(minimal_site))
    assert result.exit_code == 0
    assert (minimal_site / "content" / "modules" / "role.es.md").read_bytes() == before
    assert (minimal_site / "framework" / "framework.yaml").read_bytes() == framework
    assert "content/modules/hygiene.es.md" in result.stdout  # only what Spanish lacked


def test_unknown_and_default_languages_are_refused(minimal_site: Path) -> None:
    before = tree_digest(minimal_site)
    for code in ("xx", "ital", "en"):
        result = run("new", "language", code, "--root", str(minimal_site))
        assert result.exit_code == 2, code
    assert tree_digest(minimal_site) == before


def test_a_right_to_left_language_is_detected(minimal_site: Path) -> None:
    result = run("new", "language", "fa", "--root", str(minimal_site))
    assert result.exit_code == 0 and "written right to left" in result.stderr


def test_new_language_then_build_shows_italian_pages_falling_back_with_notices(tmp_path: Path) -> None:
    root = make_site(tmp_path, "multilingual")
    assert run("new", "language", "it", "--root", str(root)).exit_code == 0
    result = build_site(root, tmp_path / "site")
    assert result.ok, result.errors
    page = BeautifulSoup((tmp_path / "site" / "it" / "modules" / "role" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert page.html["lang"] == "it"
    assert "Questa pagina non è ancora tradotta in italiano. È mostrata in inglese." in page.get_text(" ", strip=True)
    assert "The role of the carer" in page.get_text(" ", strip=True)


def test_new_module_takes_the_next_free_id_and_validates_at_once(minimal_site: Path) -> None:
    result = run("new", "module", "Caring at night: <script>", "--root", str(minimal_site))
    assert result.exit_code == 0, result.output
    assert result.stdout == "content/modules/caring-at-night-script.md\n"
    validation = validate_project(minimal_site, strict_mode=True)
    assert validation.ok, validation.diagnostics
    module = validation.library.modules["M03"]
    assert module.meta.title == "Caring at night: <script>" and module.where.path == "content/modules/caring-at-night-script.md"


def test_new_module_refuses_a_used_id_and_an_unknown_outcome(minimal_site: Path) -> None:
    before = tree_digest(minimal_site)
    assert run("new", "module", "X", "--id", "M01", "--root", str(minimal_site)).exit_code == 2
    assert run("new", "module", "X", "--outcome", "A9.C9.LO9", "--root", str(minimal_site)).exit_code == 2
    assert tree_digest(minimal_site) == before


def test_new_course_gets_a_slug_id_and_a_free_file_name(minimal_site: Path) -> None:
    first = run("new", "course", "Home care basics", "--module", "M01", "--module", "M02", "--root", str(minimal_site))
    assert first.exit_code == 0 and first.stdout == "content/courses/home-care-basics.md\n"
    second = run("new", "course", "Home care basics", "--root", str(minimal_site))
    assert second.stdout == "content/courses/home-care-basics-2.md\n"
    validation = validate_project(minimal_site, strict_mode=True)
    assert validation.ok, validation.diagnostics
    assert validation.library.courses["home-care-basics"].meta.modules == ("M01", "M02")
    assert "home-care-basics-2" in validation.library.courses


def test_the_pending_marker_takes_only_pending(minimal_site: Path) -> None:
    translation = minimal_site / "content" / "modules" / "role.es.md"
    translation.write_text(translation.read_text(encoding="utf-8").replace("---\n", "---\ntranslation: done\n", 1),
                           encoding="utf-8")
    [error] = [d for d in validate_project(minimal_site).diagnostics if d.severity.value == "error"]
    assert (error.code, error.path, error.line) == ("CG123", "content/modules/role.es.md", 2)
