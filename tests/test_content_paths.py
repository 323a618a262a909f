"""What coursegen reads and publishes: only files inside the project, only asset types that cannot run script,
and no two files at one place.

Where a claim is about the published site, a real build says it. A content error stops `build_site` before
anything is written, so the tests also build every language's file set with MkDocs directly, without that
gate (`build_ungated`): what the build would publish is safe even if validation were skipped.
"""

from __future__ import annotations

import os
import shutil
import threading
import unicodedata
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursegen.assets import SVG_NS as SVG
from coursegen.assets import file_type, svg_problems
from coursegen.loader import load
from coursegen.pages import generate_language
from coursegen.project import validate_project
from coursegen.site import build_site
from coursegen.site.build import build_language, prepare_job
from coursegen.site.jobs import LanguageJob

from .conftest import SITES, make_site

REPO = Path(__file__).resolve().parents[1]
IMG = "content/modules/img"


@pytest.fixture
def secret() -> str:
    return f"cg-secret-{uuid.uuid4().hex}"


@pytest.fixture
def outside(tmp_path: Path, secret: str) -> Path:
    """A folder beside the project, with files that hold the secret."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(f"password={secret}\n")
    (folder / "secret.md").write_text(f"---\ntitle: Leak\n---\n\n# Leak\n\n{secret}\n")
    (folder / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + secret.encode())
    (folder / "secret.yaml").write_text(f"code: A9\ntitle: {secret}\ncompetences: []\n")
    return folder


def link(root: Path, rel: str, target: Path | str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def found(root: Path) -> set[tuple[str, str]]:
    return {(d.code, d.path) for d in validate_project(root).diagnostics}


def build_ungated(root: Path, out: Path) -> Path:
    """Every language's file set built by MkDocs as `coursegen build` builds it, but whatever validate says."""
    library = validate_project(root).library
    for lang in library.languages:
        outcome = build_language(prepare_job(library, LanguageJob(lang, root, out / lang, False)))
        assert not outcome.errors, outcome.errors
    return out


def everything_in(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def published(out: Path, lang: str = "en") -> set[str]:
    site = out / lang / "site"
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def assert_not_built(root: Path, tmp_path: Path) -> None:
    result = build_site(root, tmp_path / "site")
    assert not result.ok
    assert not (tmp_path / "site").exists()


# --- files outside the project ---------------------------------------------------------------------


def test_links_to_files_outside_are_reported_at_the_link_and_never_read(tmp_path, outside, secret) -> None:
    root = make_site(tmp_path)
    links = {f"{IMG}/photo.png": "secret.png", "content/notes.md": "secret.md",
             "content/handout.txt": "secret.txt", "framework/areas/A9.yaml": "secret.yaml"}
    for rel, name in links.items():
        link(root, rel, outside / name)
    validation = validate_project(root)
    assert {(d.code, d.path) for d in validation.diagnostics if d.code == "CG606"} == {
        ("CG606", rel) for rel in links}
    assert not any(secret in d.message + d.hint for d in validation.diagnostics)
    assert not {"modules/img/photo.png", "notes.md", "handout.txt"} & validation.library.content_files
    assert "A9" not in validation.library.items
    assert_not_built(root, tmp_path)
    out = build_ungated(root, tmp_path / "ungated")
    assert secret.encode() not in everything_in(out)
    assert "modules/img/photo.png" not in published(out)


def test_the_build_environment_and_system_files_are_never_published(tmp_path, monkeypatch, secret) -> None:
    monkeypatch.setenv("COURSEGEN_TEST_TOKEN", secret)
    root = make_site(tmp_path)
    link(root, f"{IMG}/environment.txt", "/proc/self/environ")
    link(root, "content/passwd.txt", "/etc/passwd")
    assert {("CG606", f"{IMG}/environment.txt"), ("CG606", "content/passwd.txt")} <= found(root)
    assert_not_built(root, tmp_path)
    site = everything_in(build_ungated(root, tmp_path / "ungated"))
    assert secret.encode() not in site
    assert b"root:x:0:0" not in site


def test_a_linked_folder_outside_is_not_followed(tmp_path, outside, secret) -> None:
    root = make_site(tmp_path)
    link(root, "content/shared", outside)
    link(root, "framework/extra", outside)
    diagnostics = found(root)
    assert {("CG606", "content/shared"), ("CG606", "framework/extra")} <= diagnostics
    assert not [path for _, path in diagnostics if path.startswith(("content/shared/", "framework/extra/"))]
    library, _ = load(root)
    assert not [rel for rel in library.content_files if rel.startswith("shared/")]
    assert secret.encode() not in everything_in(build_ungated(root, tmp_path / "ungated"))


def test_a_link_into_the_project_but_outside_content_is_refused(tmp_path, secret) -> None:
    """The checkout's .git/config can hold the token CI cloned with: inside the project, but never content."""
    root = make_site(tmp_path)
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text(f'[http]\n\textraheader = "AUTHORIZATION: basic {secret}"\n')
    link(root, f"{IMG}/config.txt", "../../../.git/config")
    assert ("CG606", f"{IMG}/config.txt") in found(root)
    assert secret.encode() not in everything_in(build_ungated(root, tmp_path / "ungated"))


def test_the_content_folder_itself_must_not_lead_outside(tmp_path, outside) -> None:
    root = make_site(tmp_path)
    shutil.rmtree(root / "content")
    link(root, "content", outside)
    assert ("CG606", "content") in found(root)


def test_a_framework_file_that_leads_outside_is_not_read(tmp_path, outside, secret) -> None:
    root = make_site(tmp_path)
    (root / "framework/framework.yaml").unlink()
    link(root, "framework/framework.yaml", outside / "secret.yaml")
    validation = validate_project(root)
    assert ("CG606", "framework/framework.yaml") in {(d.code, d.path) for d in validation.diagnostics}
    assert not any(secret in d.message + d.hint for d in validation.diagnostics)
    assert validation.library.framework is None


def test_link_loops_end_with_a_diagnostic(tmp_path) -> None:
    root = make_site(tmp_path)
    link(root, "content/again", root / "content")
    link(root, f"{IMG}/a.png", "b.png")
    link(root, f"{IMG}/b.png", "a.png")
    diagnostics = found(root)
    assert {("CG110", "content/again"), ("CG110", f"{IMG}/a.png"), ("CG110", f"{IMG}/b.png")} <= diagnostics


def test_a_fifo_is_never_opened(tmp_path) -> None:
    """Opening a fifo for reading blocks until someone writes: a build that opened one would hang."""
    root = make_site(tmp_path)
    fifo = root / IMG / "pipe.png"
    os.mkfifo(fifo)
    link(root, f"{IMG}/pipe-link.png", "pipe.png")
    results: list[set[tuple[str, str]]] = []
    worker = threading.Thread(target=lambda: results.append(found(root)), daemon=True)
    worker.start()
    worker.join(timeout=30)
    if worker.is_alive():  # it opened the fifo: release it, then fail
        with open(fifo, "wb"):
            pass
        pytest.fail("validate opened the fifo")
    assert {("CG110", f"{IMG}/pipe.png"), ("CG110", f"{IMG}/pipe-link.png")} <= results[0]


def test_a_link_to_a_file_inside_content_is_read_and_published(tmp_path) -> None:
    """The rule: a link is followed when it resolves to a regular file inside content/ or framework/."""
    root = make_site(tmp_path)
    link(root, f"{IMG}/carer-again.png", "carer.png")
    validation = validate_project(root)
    assert validation.ok, validation.diagnostics
    result = build_site(root, tmp_path / "site")
    assert result.ok, result.errors
    copy = tmp_path / "site" / "modules" / "img" / "carer-again.png"
    assert copy.read_bytes() == (root / IMG / "carer.png").read_bytes()
    assert not copy.is_symlink()


# --- asset types ------------------------------------------------------------------------------------


def _assets(root: Path) -> set[str]:
    """Every file of the fixture's content/ that is not a page or a glossary."""
    content = root / "content"
    return {p.relative_to(content).as_posix() for p in content.rglob("*")
            if p.is_file() and p.suffix != ".md" and not p.name.startswith("glossary")}


def test_forbidden_asset_types_are_reported_and_not_published(tmp_path) -> None:
    root = make_site(tmp_path, overlay="asset-types")
    forbidden = {f"modules/files/{p.name}" for p in (SITES / "broken/asset-types/content/modules/files").iterdir()}
    assert {path for code, path in found(root) if code == "CG604"} == {f"content/{rel}" for rel in forbidden}
    assert_not_built(root, tmp_path)
    out = build_ungated(root, tmp_path / "ungated")
    for lang in ("en", "es"):
        assert not forbidden & published(out, lang)
        assert "modules/img/carer.png" in published(out, lang)


def test_allowed_types_are_published(tmp_path) -> None:
    root = make_site(tmp_path)
    files = ["handout.pdf", "notes.txt", "scores.csv", "clip.webm", "clip.vtt", "song.mp3", "Photo.JPG",
             "worksheet.odt", "harmless.svg"]
    for name in files[:-1]:
        (root / IMG / name).write_bytes(b"placeholder")
    shutil.copyfile(SITES / "broken/svg-unsafe" / IMG / "harmless.svg", root / IMG / "harmless.svg")
    result = build_site(root, tmp_path / "site")
    assert result.ok, (result.errors, result.diagnostics)
    for name in files:
        assert (tmp_path / "site/modules/img" / name).read_bytes() == (root / IMG / name).read_bytes()
        assert (tmp_path / "site/es/modules/img" / name).is_file()


def test_unsafe_svg_images_are_not_published_and_a_harmless_one_is(tmp_path) -> None:
    root = make_site(tmp_path, overlay="svg-unsafe")
    svgs = {f"modules/img/{p.name}" for p in (SITES / "broken/svg-unsafe" / IMG).glob("*.svg")}
    reported = {path for code, path in found(root) if code == "CG605"}
    assert reported == {f"content/{rel}" for rel in svgs} - {f"{IMG}/harmless.svg"}
    out = build_ungated(root, tmp_path / "ungated")
    assert svgs & published(out) == {"modules/img/harmless.svg"}


@pytest.mark.parametrize("overlay", ["asset-types", "svg-unsafe"])
def test_validate_and_build_agree_on_every_asset(tmp_path, overlay) -> None:
    """One decision: each asset is either published by every language or reported, never both or neither."""
    root = make_site(tmp_path, overlay=overlay)
    validation = validate_project(root)
    reported = {d.path.removeprefix("content/") for d in validation.diagnostics if d.code in ("CG604", "CG605")}
    for lang in validation.library.languages:
        built = set(generate_language(validation.library, lang).assets)
        assert not built & reported
        assert built | reported == _assets(root)


@pytest.mark.parametrize("root", [REPO, SITES / "minimal", SITES / "multilingual"], ids=["repo", "minimal",
                                                                                            "multilingual"])
def test_every_shipped_asset_is_published(root: Path) -> None:
    library, _ = load(root)
    assert library.asset_review.diagnostics == ()
    assert set(library.asset_review.published) == _assets(root)


def test_a_page_named_in_capitals_is_reported_not_published(tmp_path) -> None:
    root = make_site(tmp_path)
    (root / "content/NOTES.MD").write_text("# Notes\n")
    validation = validate_project(root)
    assert ("CG604", "content/NOTES.MD") in {(d.code, d.path) for d in validation.diagnostics}
    assert "NOTES.MD" not in generate_language(validation.library, "en").assets


def test_file_types_ignore_capitals_and_need_a_name() -> None:
    assert file_type("img/Photo.JPG") == "jpg"
    assert file_type("img/.htaccess") == ""
    assert file_type("img/NOTES") == ""
    assert file_type("archive.tar.gz") == "gz"


# --- two files at one place ---------------------------------------------------------------------------


def test_names_that_differ_only_in_capitals_clash(tmp_path) -> None:
    root = make_site(tmp_path)
    (root / "content/guide").mkdir()
    (root / "content/guide/intro.md").write_text("# Intro\n")
    (root / "content/guide/Intro.md").write_text("# Intro, again\n")
    shutil.copyfile(root / IMG / "carer.png", root / IMG / "Carer.png")
    clashes = [d for d in validate_project(root).diagnostics if d.code == "CG111"]
    assert {(d.path, d.line) for d in clashes} == {("content/guide/intro.md", 1), (f"{IMG}/carer.png", 1)}
    assert "content/guide/Intro.md" in next(d.message for d in clashes if d.path == "content/guide/intro.md")


def test_names_that_differ_only_in_how_an_accent_is_stored_clash(tmp_path) -> None:
    root = make_site(tmp_path)
    composed, decomposed = unicodedata.normalize("NFC", "café.md"), unicodedata.normalize("NFD", "café.md")
    (root / "content" / composed).write_text("# Café\n")
    (root / "content" / decomposed).write_text("# Café, again\n")
    first, second = sorted([f"content/{composed}", f"content/{decomposed}"])
    clashes = [d for d in validate_project(root).diagnostics if d.code == "CG111"]
    assert [(d.path, d.line) for d in clashes] == [(second, 1)]
    assert first in clashes[0].message


def test_pages_at_one_address_clash_whatever_their_capitals(tmp_path) -> None:
    root = make_site(tmp_path)
    (root / "content/Guide.md").write_text("# Guide\n")
    (root / "content/guide").mkdir()
    (root / "content/guide/index.md").write_text("# Guide, again\n")
    assert [d.path for d in validate_project(root).diagnostics if d.code == "CG114"] == ["content/guide/index.md"]


def test_a_page_and_a_file_at_one_address_clash(tmp_path) -> None:
    """The page `carer.png.md` would be the folder `carer.png/`, where the image `carer.png` is."""
    root = make_site(tmp_path)
    (root / IMG / "carer.png.md").write_text("# About the picture\n")
    assert [d.path for d in validate_project(root).diagnostics if d.code == "CG114"] == [f"{IMG}/carer.png.md"]


def test_only_the_site_languages_reserve_a_folder(tmp_path) -> None:
    """In an en+es project, content/es/ would be the Spanish site's; content/fr/ is an ordinary folder."""
    root = make_site(tmp_path)
    for lang in ("es", "fr", "Trainer"):
        (root / "content" / lang).mkdir()
        (root / "content" / lang / "page.md").write_text("# Page\n")
    reserved = {d.path for d in validate_project(root).diagnostics if d.code == "CG112"}
    assert reserved == {"content/es/page.md", "content/Trainer/page.md"}


def test_translations_beside_their_source_are_not_pages_of_their_own(tmp_path) -> None:
    root = make_site(tmp_path)
    assert (root / "content/modules/role.es.md").is_file()
    codes = {d.code for d in validate_project(root).diagnostics}
    assert not codes & {"CG111", "CG112", "CG114"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda text: f'<svg xmlns="http://www.w3.org/2000/svg">{text}</svg>'.encode()),
    st.sampled_from(["UTF-8", "UTF-16", "latin-1", "bogus", "ebcdic-cp-us", ""]).map(
        lambda name: f'<?xml version="1.0" encoding="{name}"?><svg xmlns="{SVG}"/>'.encode()),
))
def test_any_svg_file_gives_diagnostics_never_a_traceback(tmp_path, data: bytes) -> None:
    path = tmp_path / "image.svg"
    path.write_bytes(data)
    for diagnostic in svg_problems(path, "content/image.svg"):
        assert diagnostic.code in ("CG605", "CG107") and diagnostic.line >= 1


def test_the_files_of_a_folder_come_in_the_order_paths_sort_in(tmp_path) -> None:
    """The walk lists files as it finds them, without sorting them afterwards: its order must be theirs."""
    from coursegen.walk import project_files

    for rel in ("a.md", "a-b.md", "a/z.md", "a/b/c.md", "a0.md", "B.md", "b/a.md", "_x.md", "a.b/c.md", "é.md"):
        (tmp_path / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "content" / rel).write_text("x", encoding="utf-8")
    (tmp_path / "framework").mkdir()
    files, diagnostics = project_files(tmp_path, "content", frozenset())
    assert not diagnostics and len(files) == 10
    assert files == sorted(files)
