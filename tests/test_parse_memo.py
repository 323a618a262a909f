"""The live preview's parse memo (`parse_memo`): a load that reuses the parse of unchanged files reports and
holds exactly what a load without it does, after any edit (real fixture projects, real files)."""

from __future__ import annotations

import pytest

from coursegen.parse_memo import ParseMemo
from coursegen.project import validate_project

from .conftest import SITES, make_site

#: Every broken case of the fixtures (each a small project with its problems), and the sound projects.
BROKEN = sorted(path.name for path in (SITES / "broken").iterdir() if path.is_dir())


def summary(root, memo=None):
    """What a load reports and holds, as plain data: the diagnostics, and every page with its metadata, body,
    scan findings and translations."""
    validation = validate_project(root, memo=memo)
    library = validation.library
    pages = {
        rel: (page.kind, page.meta.model_dump(), page.body, page.body_line, page.scan.links,
              page.scan.trainer_blocks, sorted(page.scan.anchors),
              {lang: (t.meta.model_dump(), t.body, t.scan.links) for lang, t in sorted(page.translations.items())})
        for rel, page in sorted(library.pages.items())
    } if library is not None else None
    framework = library.framework.model_dump() if library is not None and library.framework else None
    return [str(d) for d in validation.diagnostics], pages, framework, sorted(library.unreadable) if library else None


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_project_loaded_again_with_the_memo_reports_the_same(tmp_path, case):
    root = make_site(tmp_path, "minimal", overlay=case)
    memo = ParseMemo()
    cold = summary(root)
    assert summary(root, memo) == cold
    assert summary(root, memo) == cold  # the second load takes every file from the memo


@pytest.mark.parametrize("site", ["minimal", "multilingual", "fork-fi"])
def test_a_project_loaded_with_the_memo_is_the_same_after_each_edit(tmp_path, site):
    root = make_site(tmp_path, site)
    memo = ParseMemo()
    assert summary(root, memo) == summary(root)
    edited = sorted((root / "content").rglob("*.md"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA sentence added on save, [a link](nowhere.md).\n",
                      encoding="utf-8")
    assert summary(root, memo) == summary(root)
    edited.write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")  # its front matter now broken
    assert summary(root, memo) == summary(root)
    edited.unlink()
    assert summary(root, memo) == summary(root)


def test_unchanged_files_give_the_same_objects_and_an_edited_one_new_ones(tmp_path):
    root = make_site(tmp_path, "multilingual")
    memo = ParseMemo()
    first = validate_project(root, memo=memo).library
    module = root / "content" / "modules" / "hygiene.md"
    module.write_text(module.read_text(encoding="utf-8") + "\nWash your hands.\n", encoding="utf-8")
    second = validate_project(root, memo=memo).library
    assert second.pages["modules/role.md"].scan is first.pages["modules/role.md"].scan
    assert second.pages["modules/role.md"].translations["es"].scan is first.pages["modules/role.md"].translations["es"].scan
    assert second.pages["modules/hygiene.md"].scan is not first.pages["modules/hygiene.md"].scan
    assert "Wash your hands." in second.pages["modules/hygiene.md"].body


def test_deleted_files_are_forgotten(tmp_path):
    root = make_site(tmp_path, "multilingual")
    memo = ParseMemo()
    validate_project(root, memo=memo)
    kept = len(memo)
    (root / "content" / "modules" / "role.es.md").unlink()
    validate_project(root, memo=memo)
    assert len(memo) == kept - 1
