"""The site's own words are data: YAML files per language that a project adds to or overrides in its own
folder; a missing word falls back to English and `validate` names it; language names come from Babel."""

from __future__ import annotations

from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from coursegen.i18n import direction, is_known_language, language_name, language_name_in
from coursegen.project import validate_project
from coursegen.site import build_site
from coursegen.ui_strings import BUILTIN_STRINGS, UiStrings

from .conftest import make_site

ENGLISH = yaml.safe_load((BUILTIN_STRINGS / "en.yaml").read_text(encoding="utf-8"))


def own_strings(root: Path, lang: str, strings: dict[str, str]) -> None:
    folder = root / "site_overrides" / "coursegen" / "strings"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{lang}.yaml").write_text(yaml.safe_dump(strings, allow_unicode=True), encoding="utf-8")


def add_language(root: Path, lang: str) -> None:
    framework = root / "framework" / "framework.yaml"
    framework.write_text(framework.read_text().replace("languages: [en, es]", f"languages: [en, es, {lang}]"))


def test_every_shipped_language_has_every_string() -> None:
    for path in sorted(BUILTIN_STRINGS.glob("*.yaml")):
        assert UiStrings().missing(path.stem) == [], path.name


def test_a_project_overrides_one_string_and_the_site_shows_it(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    own_strings(root, "es", {"glossary": "Vocabulario"})
    assert build_site(root, tmp_path / "site").ok
    page = BeautifulSoup((tmp_path / "site" / "es" / "glossary" / "index.html").read_text(), "html.parser")
    assert page.h1.get_text(strip=True).startswith("Vocabulario")
    # the other Spanish strings are still coursegen's own
    modules = BeautifulSoup((tmp_path / "site" / "es" / "modules" / "index.html").read_text(), "html.parser")
    assert modules.h1.get_text(strip=True).startswith("Módulos")


def test_a_fork_adds_portuguese_strings_and_the_fallback_notice_is_portuguese(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    add_language(root, "pt")
    own_strings(root, "pt", {**ENGLISH, "fallback_notice": "Esta página ainda não está traduzida para {language}. "
                                                           "É mostrada em {original}.", "modules": "Módulos (pt)"})
    validation = validate_project(root, strict_mode=True)
    assert "CG507" not in {d.code for d in validation.diagnostics}
    assert build_site(root, tmp_path / "site").ok
    page = BeautifulSoup((tmp_path / "site" / "pt" / "modules" / "role" / "index.html").read_text(), "html.parser")
    assert "Esta página ainda não está traduzida para português. É mostrada em inglês." in page.get_text(" ", strip=True)


def test_validate_names_the_strings_a_site_language_lacks(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    add_language(root, "pt")
    own_strings(root, "pt", {"modules": "Módulos"})
    [warning] = [d for d in validate_project(root).diagnostics if d.code == "CG507"]
    assert warning.path == "framework/framework.yaml" and "pt" in warning.message
    assert "fallback_notice" in warning.message and "modules" not in warning.message.split(":", 1)[1].split(", ")


def test_a_broken_placeholder_in_a_translation_falls_back_to_english(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    own_strings(root, "es", {"covered": "Se cubren {cubiertos} resultados."})
    text = UiStrings(root).text("es", "covered", covered=3, total=9)
    assert text == ENGLISH["covered"].format(covered=3, total=9)


def test_language_names_and_directions_come_from_babel() -> None:
    assert language_name("es") == "Español" and language_name("ar") == "العربية"
    assert language_name_in("en", "es") == "Spanish" and language_name_in("es", "en") == "inglés"
    assert direction("ar") == direction("fa") == direction("he") == direction("ur") == "rtl"
    assert direction("es") == "ltr"
    assert is_known_language("pt") and is_known_language("sw")
    assert not is_known_language("xx") and not is_known_language("EN") and not is_known_language("spa")
