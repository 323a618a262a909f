"""Translators' round trip: fingerprints decide staleness, PO files go out and come back, `translation done`.

Most tests work on a copy of the shipped project (its framework/ and content/), through the real command
line; the page notice is checked on a real build of the multilingual fixture.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import polib

from coursegen.project import validate_project
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from coursegen.cli import main
from coursegen.fingerprints import alignment, fingerprint
from coursegen.i18n import Staleness, Status, translation_states
from coursegen.loader import load
from coursegen.pages import LanguageSite
from coursegen.site import build_site
from coursegen.translation_units import markdown_units, replace_blocks, split_blocks

from .conftest import make_site

PROJECT = Path(__file__).resolve().parent.parent
MODULE = "content/modules/communication-older-people-families.md"
SPANISH = "content/modules/communication-older-people-families.es.md"
PARAGRAPH = "Meet Luz. She is 38 and comes from Pereira, in Colombia."


def run(root: Path, *args: str):
    result = CliRunner().invoke(main, [*args[:2], "--root", str(root), *args[2:]])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A copy of the shipped project's framework and content."""
    root = tmp_path / "shipped"
    for folder in ("framework", "content"):
        shutil.copytree(PROJECT / folder, root / folder)
    return root


def digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def state_of(root: Path, translation: str):
    library, _ = load(root)
    return next(s for s in translation_states(library) if s.translation_path == translation)


def status_items(root: Path, lang: str) -> set[tuple[str, str]]:
    """(status, translation path) of every unfinished item `coursegen status` lists for `lang`."""
    result = CliRunner().invoke(main, ["status", "--root", str(root), "--lang", lang, "--format", "json"])
    [language] = json.loads(result.stdout)["languages"]
    return {(item["status"], item["translation"]) for item in language["items"]}


def edit_english(root: Path) -> None:
    path = root / MODULE
    text = path.read_text(encoding="utf-8")
    assert PARAGRAPH in text and 'version: "1.1.0"' in text
    path.write_text(text.replace(PARAGRAPH, "Meet Luz. She is 39 and comes from Pereira, in Colombia."),
                    encoding="utf-8")


# --- units and fingerprints ----------------------------------------------------------------------


def test_blocks_put_back_unchanged_give_the_same_body_byte_for_byte():
    body = (PROJECT / MODULE).read_text(encoding="utf-8").split("---\n", 2)[2]
    assert replace_blocks(body, split_blocks(body), {}) == body


def test_a_fenced_block_with_blank_lines_is_one_unit():
    body = "Intro.\n\n::: trainer\nOne.\n\nTwo.\n:::\n\n- a\n- b\n"
    assert [(b.kind, b.text) for b in split_blocks(body)] == [
        ("paragraph", "Intro."), ("block", "::: trainer\nOne.\n\nTwo.\n:::"), ("list", "- a\n- b")]


def test_structural_front_matter_is_never_a_unit():
    units = markdown_units({"id": "M01", "title": "T", "summary": "S", "outcomes": ["A1"], "duration_hours": 2},
                           "Body.\n", 8)
    assert [(u.name, u.line) for u in units] == [("title", 1), ("summary", 1), ("1 paragraph", 8)]


def test_rewrapping_a_paragraph_keeps_its_fingerprint():
    one = markdown_units({}, "A long\nparagraph.\n", 1)
    two = markdown_units({}, "A long paragraph.\n", 1)
    assert fingerprint(one) == fingerprint(two)
    assert fingerprint(one) != fingerprint(markdown_units({}, "A longer paragraph.\n", 1))


def test_an_inserted_paragraph_shifts_no_pairing():
    assert alignment(["a", "b", "c"], ["a", "x", "b", "c"]) == {0: 0, 2: 1, 3: 2}
    assert alignment(["a", "b", "c"], ["a", "B", "c"]) == {0: 0, 1: 1, 2: 2}


# --- staleness ------------------------------------------------------------------------------------


def test_translations_without_a_fingerprint_are_judged_by_version_as_before(tmp_path: Path):
    root = make_site(tmp_path, "multilingual")  # its translations record no fingerprint
    source = root / "content/modules/role.md"
    source.write_text(source.read_text().replace("A carer helps with", "A carer often helps with"))
    assert state_of(root, "content/modules/role.es.md").status is Status.CURRENT  # same version: current
    assert state_of(root, "content/modules/role.fr.md").status is Status.STALE  # an older version: stale
    assert run(root, "translation", "done", "es", "--current").exit_code == 0
    assert "source_fingerprint" in (root / "content/modules/role.es.md").read_text()
    assert "source_fingerprint" not in (root / "content/modules/role.fr.md").read_text()


def test_the_shipped_translations_are_all_current_with_fingerprints(shipped: Path):
    library, _ = load(shipped)
    states = [s for s in translation_states(library) if s.status is not Status.MISSING]
    assert states and all(s.status is Status.CURRENT and s.fingerprinted for s in states)


def test_editing_a_paragraph_without_a_version_bump_makes_the_translation_stale(shipped: Path):
    for lang in ("es", "fr"):
        result = run(shipped, "translation", "done", lang, "--current")
        assert result.exit_code == 0, result.output
    assert state_of(shipped, SPANISH).status is Status.CURRENT
    edit_english(shipped)
    state = state_of(shipped, SPANISH)
    assert state.status is Status.STALE
    assert state.changed_lines == (35,)  # the line of the paragraph
    validate = CliRunner().invoke(main, ["validate", "--root", str(shipped)])
    assert f"{SPANISH}:1:1: warning CG505" in validate.output and "lines 35" in validate.output
    assert ("stale", SPANISH) in status_items(shipped, "es")
    result = run(shipped, "translation", "done", "es", MODULE)
    assert result.exit_code == 0, result.output
    assert state_of(shipped, SPANISH).status is Status.CURRENT
    assert ("stale", SPANISH) not in status_items(shipped, "es")
    assert state_of(shipped, SPANISH.replace(".es.", ".fr.")).status is Status.STALE  # only es was done


def test_done_accepts_a_module_id_and_changes_only_the_recorded_settings(shipped: Path):
    before = (shipped / SPANISH).read_text(encoding="utf-8")
    assert run(shipped, "translation", "done", "es", "M05").exit_code == 0
    after = (shipped / SPANISH).read_text(encoding="utf-8")
    assert after.startswith(before.split("---\n", 2)[0] + "---\n" + before.split("---\n", 2)[1])
    assert after.split("---\n", 2)[2] == before.split("---\n", 2)[2]
    assert "source_fingerprint: >-" in after


def test_done_of_something_unknown_is_a_usage_error(shipped: Path):
    assert run(shipped, "translation", "done", "es", "M99").exit_code == 2
    assert run(shipped, "translation", "done", "xx", "M05").exit_code == 2


def test_the_page_notice_names_the_changed_section_until_translation_done(tmp_path: Path):
    root = make_site(tmp_path, "multilingual")
    assert run(root, "translation", "done", "es", "modules/role.md").exit_code == 0
    source = root / "content/modules/role.md"
    source.write_text(source.read_text().replace("A carer helps with", "A carer often helps with"))
    notice = _stale_notice(root, tmp_path / "site1")
    assert notice is not None and "Lo que hace una cuidadora" in notice.get_text()
    assert run(root, "translation", "done", "es", "content/modules/role.es.md").exit_code == 0
    assert _stale_notice(root, tmp_path / "site2") is None


def _stale_notice(root: Path, site: Path):
    result = build_site(root, site)
    assert result.ok, result.errors
    page = BeautifulSoup((site / "es/modules/role/index.html").read_text(encoding="utf-8"), "html.parser")
    return page.select_one(".cg-notice--stale")


# --- PO round trip --------------------------------------------------------------------------------


def export(root: Path, folder: Path) -> None:
    result = run(root, "translation", "export", "es", "-o", str(folder))
    assert result.exit_code == 0, result.output


def test_exported_po_files_pass_msgfmt_check(shipped: Path, tmp_path: Path):
    export(shipped, tmp_path / "po")
    files = sorted((tmp_path / "po").rglob("*.po"))
    library = validate_project(shipped).library
    assert len(files) == len(library.pages) + 2  # framework, glossary, and every page
    for path in files:
        checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr


def test_export_fills_translations_and_names_file_and_block(shipped: Path, tmp_path: Path):
    export(shipped, tmp_path / "po")
    po = polib.pofile(str(tmp_path / "po/content/modules/communication-older-people-families.po"))
    assert po.metadata["Language"] == "es"
    entry = po.find(f"{MODULE}#5 paragraph", by="msgctxt")
    assert entry.msgid.startswith(PARAGRAPH) and entry.msgstr.startswith("Te presentamos a Luz.")
    assert not any(e.fuzzy for e in po)
    assert not any(e.msgid.startswith(("id:", "M05")) or e.msgctxt.endswith(("#id", "#outcomes")) for e in po)


def test_import_of_an_unedited_export_changes_no_file(shipped: Path, tmp_path: Path):
    export(shipped, tmp_path / "po")
    before = digest(shipped)
    result = run(shipped, "translation", "import", str(tmp_path / "po"))
    assert result.exit_code == 0, result.output
    assert digest(shipped) == before


def edit_msgstr(shipped: Path, folder: Path, context: str, text: str) -> Path:
    """Export Spanish to `folder`, set the msgstr of the module's unit `context` to `text`; the PO file."""
    export(shipped, folder)
    path = folder / "content/modules/communication-older-people-families.po"
    po = polib.pofile(str(path))
    po.find(f"{MODULE}#{context}", by="msgctxt").msgstr = text
    po.save(str(path))
    return path


def test_changing_one_msgstr_changes_exactly_that_paragraph(shipped: Path, tmp_path: Path):
    edit_msgstr(shipped, tmp_path / "po", "2 paragraph", "En este módulo vas a aprender a:")
    before = digest(shipped)
    old = (shipped / SPANISH).read_text(encoding="utf-8")
    result = run(shipped, "translation", "import", str(tmp_path / "po"))
    assert result.exit_code == 0, result.output
    changed = {rel for rel, value in digest(shipped).items() if before.get(rel) != value}
    assert changed == {SPANISH}
    new = (shipped / SPANISH).read_text(encoding="utf-8")
    old_body, new_body = old.split("---\n", 2)[2], new.split("---\n", 2)[2]
    assert new_body == old_body.replace("En este módulo aprenderás a:", "En este módulo vas a aprender a:", 1)
    assert "source_fingerprint" in new.split("---\n", 2)[1]
    assert state_of(shipped, SPANISH).status is Status.CURRENT


def test_a_broken_link_in_a_msgstr_is_reported_at_the_po_line_and_nothing_is_written(shipped: Path, tmp_path: Path):
    path = edit_msgstr(shipped, tmp_path / "po", "2 paragraph", "En este módulo (ver [](module:M99)) aprenderás a:")
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "module:M99" in text)
    before = digest(shipped)
    result = run(shipped, "translation", "import", str(tmp_path / "po"))
    assert result.exit_code == 1
    assert f"{path}:{line}:" in result.output and "CG402" in result.output
    assert digest(shipped) == before


def test_a_lost_reference_and_a_broken_block_are_errors(shipped: Path, tmp_path: Path):
    export(shipped, tmp_path / "po")
    path = tmp_path / "po/content/modules/communication-older-people-families.po"
    po = polib.pofile(str(path))
    po.find(f"{MODULE}#3 list", by="msgctxt").msgstr = "- resultado uno"
    block = next(e for e in po if e.msgid.startswith("::: trainer"))
    block.msgstr = block.msgstr.replace(":::", "", 1)
    po.save(str(path))
    result = run(shipped, "translation", "import", str(tmp_path / "po"))
    assert result.exit_code == 1
    assert "CG803" in result.output and "outcome:A5.C1.LO1" in result.output and "CG804" in result.output


def test_a_changed_source_unit_is_exported_fuzzy_with_its_previous_text(shipped: Path, tmp_path: Path):
    assert run(shipped, "translation", "done", "es", MODULE).exit_code == 0
    export(shipped, tmp_path / "po")  # the translator's last export stays in the folder
    edit_english(shipped)
    export(shipped, tmp_path / "po")
    po = polib.pofile(str(tmp_path / "po/content/modules/communication-older-people-families.po"))
    fuzzy = [e for e in po if e.fuzzy]
    assert [e.msgctxt for e in fuzzy] == [f"{MODULE}#5 paragraph"]
    assert fuzzy[0].previous_msgid.startswith(PARAGRAPH) and "She is 39" in fuzzy[0].msgid
    # confirming the translation (removing the flag) makes it current again
    fuzzy[0].flags.remove("fuzzy")
    fuzzy[0].previous_msgid = None
    po.save(str(tmp_path / "po/content/modules/communication-older-people-families.po"))
    assert run(shipped, "translation", "import", str(tmp_path / "po")).exit_code == 0
    assert state_of(shipped, SPANISH).status is Status.CURRENT


def test_a_po_file_of_another_language_is_refused(shipped: Path, tmp_path: Path):
    export(shipped, tmp_path / "po")
    path = tmp_path / "po/content/glossary.po"
    path.write_text(path.read_text(encoding="utf-8").replace('"Language: es\\n"', '"Language: xx\\n"'),
                    encoding="utf-8")
    result = run(shipped, "translation", "import", str(tmp_path / "po"))
    assert result.exit_code == 1 and f"{path}:1:1: error CG801" in result.output


def test_import_writes_a_glossary_definition(shipped: Path, tmp_path: Path):
    export(shipped, tmp_path / "po")
    path = tmp_path / "po/content/glossary.po"
    po = polib.pofile(str(path))
    entry = po.find("content/glossary.yaml#terms.dementia.term", by="msgctxt")
    entry.msgstr = "demencia (enfermedad)"
    po.save(str(path))
    assert run(shipped, "translation", "import", str(tmp_path / "po")).exit_code == 0
    library, _ = load(shipped)
    assert library.glossary_translations["es"][0].terms["dementia"].term == "demencia (enfermedad)"


def test_the_notice_lists_the_changed_sections_as_the_pages_language_lists(tmp_path: Path):
    """"Changed since the translation: A, B and C" in English; in Arabic with its own و, not English commas."""
    library = validate_project(make_site(tmp_path, "multilingual")).library
    sections = Staleness(sections=("Uno", "Dos", "Tres"))
    assert LanguageSite(library, "en").stale_text(sections).endswith("Uno, Dos, and Tres.")
    arabic = LanguageSite(library, "ar").stale_text(sections)
    assert "Uno" in arabic and "و" in arabic.split("Uno", 1)[1] and "," not in arabic
