"""A site built one language per machine: `coursegen build --only-lang LANG --shard-out DIR` for each
language, then `coursegen assemble`, gives the bytes of a single build; every shard set that would not is
refused in one line (exit 2) before anything is written."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursegen.cli import main
from coursegen.project import validate_project
from coursegen.site.publish import MARKER
from coursegen.site.shards import SHARD_MARKER, build_fingerprint

from .conftest import make_site

LANGUAGES = ("en", "es", "fr", "ar")


def run(*args: str):
    return CliRunner().invoke(main, [str(arg) for arg in args])


def refused(result, words: str) -> str:
    """The one error line of a refused command (exit 2, no traceback), which must say `words`."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and words in errors[0], result.output
    return errors[0]


def tree(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder`: files by their SHA-256, folders as "/"."""
    return {path.relative_to(folder).as_posix(): "/" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*"))}


def build_shard(root: Path, lang: str, out: Path):
    return run("build", "--root", root, "--only-lang", lang, "--shard-out", out)


@pytest.fixture(scope="module")
def shards(multilingual_build, tmp_path_factory) -> dict[str, Path]:
    """One shard per language of the multilingual fixture, built through the command line."""
    root = multilingual_build[0]
    base = tmp_path_factory.mktemp("shards")
    made = {}
    for lang in LANGUAGES:
        result = build_shard(root, lang, base / lang)
        assert result.exit_code == 0, result.output
        made[lang] = base / lang
    return made


@pytest.fixture(scope="module")
def assembled(shards, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("assembled") / "site"
    result = run("assemble", *shards.values(), "--site-dir", site)
    assert result.exit_code == 0, result.output
    assert "Assembled 4 language(s) (en, es, fr, ar)" in result.output
    return site


def copied(shard: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copies" / shard.name
    shutil.copytree(shard, copy, symlinks=True)
    return copy


# --- the assembled site ----------------------------------------------------------------------------


def test_the_assembled_site_is_byte_for_byte_a_single_build(multilingual_build, assembled):
    single = tree(multilingual_build[1])
    together = tree(assembled)
    assert together.keys() == single.keys()
    assert together == single


def test_shards_in_any_order_assemble_to_the_same_site(shards, assembled, tmp_path):
    site = tmp_path / "site"
    result = run("assemble", *reversed(list(shards.values())), "--site-dir", site)
    assert result.exit_code == 0, result.output
    assert tree(site) == tree(assembled)


def test_the_default_languages_shard_is_the_root_without_the_other_languages(shards, assembled):
    names = {path.name for path in shards["en"].iterdir()}
    assert not names & set(LANGUAGES[1:])
    assert {"assets", "404.html", "pagefind", "index.html", MARKER, SHARD_MARKER} <= names


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_another_languages_shard_holds_only_its_folder(shards, lang):
    assert {path.name for path in shards[lang].iterdir()} == {lang, MARKER, SHARD_MARKER}
    assert not (shards[lang] / lang / "assets").exists()  # its pages use the default language's copy


def test_a_shard_says_what_it_is_a_shard_of(shards):
    marker = json.loads((shards["fr"] / SHARD_MARKER).read_text(encoding="utf-8"))
    assert marker["lang"] == "fr" and marker["languages"] == list(LANGUAGES)
    assert marker["fingerprint"] == json.loads((shards["en"] / SHARD_MARKER).read_text())["fingerprint"]


def test_assembling_again_replaces_the_site_it_made(shards, assembled, tmp_path):
    site = tmp_path / "site"
    for _ in range(2):
        result = run("assemble", *shards.values(), "--site-dir", site)
        assert result.exit_code == 0, result.output
    assert tree(site) == tree(assembled)


def test_a_shard_is_rebuilt_in_place(multilingual_build, shards, tmp_path):
    shard = copied(shards["es"], tmp_path)
    result = build_shard(multilingual_build[0], "es", shard)
    assert result.exit_code == 0, result.output
    assert tree(shard) == tree(shards["es"])


def test_languages_prints_a_json_list_for_a_ci_matrix(multilingual_build):
    result = run("languages", "--root", multilingual_build[0], "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == list(LANGUAGES)


# --- building a shard: the same checks as a build ----------------------------------------------------


def test_a_shard_fails_on_an_error_in_another_language(tmp_path):
    root = make_site(tmp_path, "multilingual")
    french = root / "content/modules/role.fr.md"
    french.write_text(french.read_text(encoding="utf-8") + "\nVoir [](module:M99).\n", encoding="utf-8")
    whole = run("build", "--root", root, "--site-dir", tmp_path / "site")
    shard = build_shard(root, "es", tmp_path / "shard")
    assert whole.exit_code == shard.exit_code == 1
    assert "content/modules/role.fr.md" in shard.stdout and "M99" in shard.stdout
    assert shard.stdout == whole.stdout
    assert not (tmp_path / "shard").exists()


def test_a_shard_of_a_language_the_project_lacks_is_refused(multilingual_build, tmp_path):
    line = refused(build_shard(multilingual_build[0], "de", tmp_path / "de"), "'de' is not a language")
    assert "en, es, fr, ar" in line
    assert not (tmp_path / "de").exists()


@pytest.mark.parametrize("options", [["--only-lang", "es"], ["--shard-out", "out"],
                                     ["--only-lang", "es", "--shard-out", "out", "--site-dir", "site"]])
def test_the_shard_options_go_together_without_a_site_dir(multilingual_build, options):
    refused(run("build", "--root", multilingual_build[0], *options), "shard")


def test_a_shard_is_not_written_over_a_folder_coursegen_did_not_make(multilingual_build, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    refused(build_shard(multilingual_build[0], "es", out), f"has no {MARKER} file")
    assert [path.name for path in out.iterdir()] == ["notes.txt"]


# --- assembling: refusals ----------------------------------------------------------------------------


def test_a_missing_language_is_refused(shards, tmp_path):
    refused(run("assemble", shards["en"], shards["es"], shards["fr"], "--site-dir", tmp_path / "site"),
            "no shard of ar")
    assert not (tmp_path / "site").exists()


def test_a_language_twice_is_refused(shards, tmp_path):
    twin = copied(shards["es"], tmp_path)
    refused(run("assemble", *shards.values(), twin, "--site-dir", tmp_path / "site"), "are both the es shard")
    assert not (tmp_path / "site").exists()


def test_shards_of_different_content_are_refused(multilingual_build, shards, tmp_path):
    root = make_site(tmp_path, "multilingual")
    module = root / "content/modules/role.md"
    module.write_text(module.read_text(encoding="utf-8").replace("\n# ", "\n# Changed: ", 1), encoding="utf-8")
    assert build_shard(root, "es", tmp_path / "es").exit_code == 0
    others = [shards[lang] for lang in ("en", "fr", "ar")]
    refused(run("assemble", *others, tmp_path / "es", "--site-dir", tmp_path / "site"), "different content")
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("which", ["empty", "site", "missing"])
def test_a_folder_that_is_not_a_shard_is_refused(multilingual_build, shards, tmp_path, which):
    folders = {"empty": tmp_path / "empty", "site": multilingual_build[1], "missing": tmp_path / "nowhere"}
    (tmp_path / "empty").mkdir()
    others = [shards[lang] for lang in ("en", "es", "fr")]
    refused(run("assemble", *others, folders[which], "--site-dir", tmp_path / "site"), "is not a")
    assert not (tmp_path / "site").exists()


def test_a_shard_with_a_stray_file_is_refused(shards, tmp_path):
    tampered = copied(shards["ar"], tmp_path)
    (tampered / "index.html").write_text("not ar's", encoding="utf-8")
    others = [shards[lang] for lang in ("en", "es", "fr")]
    refused(run("assemble", *others, tampered, "--site-dir", tmp_path / "site"), "holds index.html")


def test_a_default_shard_with_another_languages_folder_is_refused(shards, tmp_path):
    tampered = copied(shards["en"], tmp_path)
    (tampered / "fr").mkdir()
    others = [shards[lang] for lang in ("es", "fr", "ar")]
    refused(run("assemble", tampered, *others, "--site-dir", tmp_path / "site"), "holds fr")


def test_a_symbolic_link_in_a_shard_is_refused(shards, tmp_path):
    tampered = copied(shards["es"], tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the site", encoding="utf-8")
    (tampered / "es" / "secret.txt").symlink_to(secret)
    others = [shards[lang] for lang in ("en", "fr", "ar")]
    refused(run("assemble", *others, tampered, "--site-dir", tmp_path / "site"), "not a plain file")
    assert not (tmp_path / "site").exists()


def test_the_site_is_not_assembled_over_a_folder_coursegen_did_not_make(shards, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "notes.txt").write_text("mine", encoding="utf-8")
    refused(run("assemble", *shards.values(), "--site-dir", site), f"has no {MARKER} file")
    assert [path.name for path in site.iterdir()] == ["notes.txt"]


def test_the_site_is_not_assembled_into_a_shard(shards):
    refused(run("assemble", *shards.values(), "--site-dir", shards["es"] / "site"), "overlaps the shard")
    assert not (shards["es"] / "site").exists()


# --- the fingerprint -------------------------------------------------------------------------------


def test_the_fingerprint_follows_the_build_settings(multilingual_build, monkeypatch):
    library = validate_project(multilingual_build[0]).library
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    dated = build_fingerprint(library, True)
    assert build_fingerprint(library, True) == dated
    assert build_fingerprint(library, False) != dated
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000001")
    assert build_fingerprint(library, True) != dated


# --- the CI workflow -------------------------------------------------------------------------------


WORKFLOW = Path(__file__).parent.parent / ".github/workflows/pages-matrix.yml"


def workflow_commands() -> list[list[str]]:
    """The `coursegen` command lines of the matrix workflow, with GitHub's expressions as sample values."""
    import re
    import shlex

    import yaml

    jobs = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    lines = [step["run"] for job in jobs.values() for step in job.get("steps", []) if "coursegen" in step.get("run", "")]
    # what follows "coursegen " up to the end of a "$(...)" around it
    called = [line.split("coursegen ", 1)[1].split(")")[0] for line in lines]
    return [shlex.split(re.sub(r"\$\{\{[^}]*\}\}", "xx", text)) for text in called]


def test_the_workflow_lists_builds_and_assembles_with_options_coursegen_has():
    commands = workflow_commands()
    assert [command[0] for command in commands] == ["languages", "build", "assemble"]
    for command in commands:
        context = main.make_context("coursegen", list(command), resilient_parsing=False)
        name, subcommand, rest = main.resolve_command(context, list(command))
        subcommand.make_context(name, rest, parent=context)  # raises on an option coursegen does not have
    assert commands[1][1:] == ["--only-lang", "xx", "--shard-out", "shards/xx"]
