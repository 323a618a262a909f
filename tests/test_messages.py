"""Messages as data: the catalogues match the registry of codes and each other, every call site passes
exactly the arguments its templates name, and every diagnostic reads in English and in Spanish."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import yaml

from coursegen import messages
from coursegen.diagnostics import CODES, Diagnostic, format_json, format_text, make
from coursegen.messages import PLACEHOLDER, TEMPLATE_FIELDS, catalogue, expected_arguments, placeholders
from coursegen.project import validate_project

from .conftest import SITES, make_site

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "coursegen"
CASES = sorted(p.name for p in (SITES / "broken").iterdir() if p.is_dir())
ENGLISH = catalogue("en")
OTHERS = [lang for lang in messages.languages() if lang != "en"]


def test_spanish_is_shipped() -> None:
    assert messages.languages() == ("en", "es")


def test_every_code_has_an_english_title_message_and_hint() -> None:
    assert set(ENGLISH.titles) == set(CODES)
    for code in CODES:
        keys = messages.keys_of(code)
        assert keys, f"{code} has no message in messages/en.yaml"
        for key in keys:
            assert ENGLISH.entries[key].get("message") and ENGLISH.entries[key].get("hint"), key


def test_every_template_key_belongs_to_a_registered_code() -> None:
    assert {key.partition(".")[0] for key in ENGLISH.entries} == set(CODES)


@pytest.mark.parametrize("lang", OTHERS)
def test_a_translation_has_only_keys_english_has(lang: str) -> None:
    own = catalogue(lang)
    assert set(own.entries) <= set(ENGLISH.entries)
    assert set(own.titles) <= set(ENGLISH.titles)
    assert set(own.phrases) <= set(ENGLISH.phrases)
    assert set(own.words) <= set(ENGLISH.words)


@pytest.mark.parametrize("lang", OTHERS)
def test_a_translation_names_the_same_placeholders_as_english(lang: str) -> None:
    own = catalogue(lang)
    for key, templates in own.entries.items():
        for name in TEMPLATE_FIELDS:
            if name in templates:
                assert name in ENGLISH.entries[key], f"{lang}: {key} has a {name} English lacks"
                assert placeholders(templates[name]) == placeholders(ENGLISH.entries[key][name]), (lang, key, name)
    for key, text in own.phrases.items():
        assert placeholders(text) == placeholders(ENGLISH.phrases[key]), (lang, key)


def test_the_spanish_catalogue_is_complete() -> None:
    spanish = catalogue("es")
    assert set(spanish.titles) == set(ENGLISH.titles)
    assert set(spanish.phrases) == set(ENGLISH.phrases)
    assert set(spanish.words) == set(ENGLISH.words)
    for key, templates in ENGLISH.entries.items():
        assert set(spanish.entries.get(key, {})) == set(templates), key
        for name, text in templates.items():
            if not PLACEHOLDER.fullmatch(text):  # `{problem}` alone reads the same in every language
                assert spanish.entries[key][name] != text, f"{key} {name} is not translated"


# --- call sites --------------------------------------------------------------------------------------

#: The functions that build a diagnostic, and the position of their template key among their arguments.
BUILDERS = {"make": 0, "_at": 1, "conflict": 0, "_refuse": 0}
#: Keyword arguments of those functions that are not template arguments.
NOT_ARGUMENTS = {"on_key"}


def _call_sites() -> list[tuple[str, int, ast.expr, set[str], bool]]:
    """(file, line, key expression, keyword names, has **spread) of every diagnostic built in the package."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if name not in BUILDERS or len(node.args) <= BUILDERS[name]:
                continue
            names = {k.arg for k in node.keywords if k.arg} - NOT_ARGUMENTS
            spread = any(k.arg is None for k in node.keywords)
            found.append((path.name, node.lineno, node.args[BUILDERS[name]], names, spread))
    return found


def _keys_for(expression: ast.expr) -> list[str] | None:
    """The catalogue keys a key expression can name: one for a literal, every match of an f-string's
    literal parts; None when it is computed (those call sites run in the fixtures below)."""
    if isinstance(expression, ast.Constant) and isinstance(expression.value, str):
        return [expression.value]
    if isinstance(expression, ast.JoinedStr):
        pattern = "".join(re.escape(part.value) if isinstance(part, ast.Constant) else "[a-z_]+"
                          for part in expression.values)
        return [key for key in ENGLISH.entries if re.fullmatch(pattern, key)]
    return None


def test_every_call_site_passes_exactly_the_arguments_its_templates_name() -> None:
    sites = _call_sites()
    assert len(sites) > 120  # the scan finds the call sites (it would pass vacuously otherwise)
    for file, line, expression, names, spread in sites:
        keys = _keys_for(expression)
        if keys is None:
            continue
        assert keys, f"{file}:{line}: no template in messages/en.yaml for {ast.unparse(expression)}"
        fits = [names <= expected_arguments(key) if spread else names == expected_arguments(key) for key in keys]
        # a literal key must fit; an f-string (f"CG207.{field}") must fit some of the situations it can name
        # (make() checks the one it names each time it runs, and the fixtures below run them)
        assert all(fits) if len(keys) == 1 and isinstance(expression, ast.Constant) else any(fits), \
            (file, line, ast.unparse(expression), names)


def test_a_wrong_argument_is_a_coursegen_bug_not_a_broken_message() -> None:
    with pytest.raises(ValueError, match="CG302"):
        make("CG302", "content/modules/m.md", 1, 1, code="A1.C1.LO1")  # `suggestion` left out
    with pytest.raises(ValueError):
        make("CG302", "content/modules/m.md", 1, 1, code="A1", suggestion="", extra="x")


# --- rendering ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_diagnostics(tmp_path_factory: pytest.TempPathFactory) -> list[Diagnostic]:
    """Every diagnostic of every broken fixture site (and the minimal site's infos)."""
    found = []
    for case in [None, *CASES]:
        root = make_site(tmp_path_factory.mktemp(case or "minimal"), overlay=case)
        found += validate_project(root).diagnostics
    return found


@pytest.mark.parametrize("lang", messages.languages())
def test_every_fixture_diagnostic_renders_with_no_placeholder_left(fixture_diagnostics, lang: str) -> None:
    assert len({d.key for d in fixture_diagnostics}) > 60
    for diagnostic in fixture_diagnostics:
        message, hint = diagnostic.text(lang)
        assert message and hint, diagnostic
        for text in (message, hint):
            leftover = [m.group(0) for m in PLACEHOLDER.finditer(text) if m.group(1) in expected_arguments(diagnostic.key)]
            assert not leftover, (diagnostic.key, lang, text)


def test_spanish_messages_differ_from_english_for_every_fixture_diagnostic(fixture_diagnostics) -> None:
    for diagnostic in fixture_diagnostics:
        if diagnostic.key not in ("CG706.unsafe", "CG714.unsafe"):
            assert diagnostic.text("es") != diagnostic.text("en"), diagnostic.key


def test_phrases_inside_a_message_are_in_the_message_language(tmp_path: Path) -> None:
    root = make_site(tmp_path, overlay="unsafe-html")
    script = next(d for d in validate_project(root).diagnostics if "<script>" in d.message)
    assert script.message.startswith("This page contains the HTML element <script>")
    assert script.text("es")[0].startswith("Esta página contiene el elemento HTML <script>")


def test_a_missing_translation_falls_back_to_english_template_by_template(monkeypatch) -> None:
    spanish = catalogue("es")
    entries = {**spanish.entries, "CG302": {"message": spanish.entries["CG302"]["message"]}}
    monkeypatch.setattr(messages, "catalogue", lambda lang: spanish.__class__(
        entries, spanish.titles, spanish.phrases, spanish.words) if lang == "es" else ENGLISH)
    diagnostic = make("CG302", "content/modules/m.md", 6, 23, code="A2.C1.L01", suggestion="")
    assert diagnostic.text("es") == ("A2.C1.L01 no es un resultado de aprendizaje del marco.",
                                     "Check the code in framework/areas/.")


def test_a_language_without_a_catalogue_is_english() -> None:
    diagnostic = make("CG302", "content/modules/m.md", 6, 23, code="A2.C1.L01", suggestion="A2.C1.LO1")
    assert diagnostic.text("fr") == diagnostic.text("en") == ("A2.C1.L01 is not a learning outcome of the framework.",
                                                              "Did you mean A2.C1.LO1?")


def test_the_formatters_speak_the_language_they_are_given() -> None:
    diagnostic = make("CG302", "content/modules/m.md", 6, 23, code="A2.C1.L01", suggestion="A2.C1.LO1")
    assert format_text([diagnostic], "es") == ("content/modules/m.md:6:23: error CG302 A2.C1.L01 no es un "
                                               "resultado de aprendizaje del marco.\n    hint: ¿Querías decir A2.C1.LO1?")
    assert '"message": "A2.C1.L01 no es un resultado de aprendizaje del marco."' in format_json([diagnostic], "es")


def test_order_is_the_same_in_every_language_and_follows_the_english_text() -> None:
    first = make("CG302", "content/modules/m.md", 6, 23, code="A2.C1.LO9", suggestion="")
    second = make("CG302", "content/modules/m.md", 6, 23, code="A2.C1.LO10", suggestion="")
    assert sorted([first, second]) == [second, first]  # "A2.C1.LO10 ..." < "A2.C1.LO9 ..." as text
    assert len({first, second, make("CG302", "content/modules/m.md", 6, 23, code="A2.C1.LO9", suggestion="")}) == 2


def _english() -> tuple[str, dict]:
    text = (PACKAGE / "messages" / "en.yaml").read_text(encoding="utf-8")
    return text, yaml.safe_load(text)


def test_a_catalogue_is_kept_as_json_and_read_back_from_there(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    text, parsed = _english()
    assert messages._catalogue_data(text, "en") == parsed
    [kept] = (tmp_path / "coursegen" / "messages").glob("en.*.json")
    assert json.loads(kept.read_text(encoding="utf-8")) == parsed
    # in the file's order, which the page of codes follows (dictionaries compare equal in any order)
    assert json.dumps(messages._catalogue_data(text, "en")) == json.dumps(parsed)
    kept.write_text('{"codes": {}}', encoding="utf-8")  # what is read now comes from the entry
    assert messages._catalogue_data(text, "en") == {"codes": {}}


def test_a_broken_entry_is_parsed_again_and_an_older_files_entry_dropped(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "coursegen" / "messages"
    messages._catalogue_data("codes: {}\n", "en")  # the entry of an older English file
    messages._catalogue_data("codes: {}\n", "en-GB")  # another language's, whose name starts alike
    text, parsed = _english()
    assert messages._catalogue_data(text, "en") == parsed
    [kept] = folder.glob("en.*.json")
    assert len(list(folder.glob("en-GB.*.json"))) == 1
    kept.write_text('{"codes": ', encoding="utf-8")  # cut short
    assert messages._catalogue_data(text, "en") == parsed
    assert json.loads(kept.read_text(encoding="utf-8")) == parsed
    assert not list(folder.glob(".tmp-*"))


def test_without_a_private_cache_folder_the_file_is_parsed(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "not-a-folder").write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "not-a-folder"))
    text, parsed = _english()
    assert messages._catalogue_data(text, "en") == parsed
