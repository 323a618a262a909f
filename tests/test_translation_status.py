"""`coursegen status`: per language, current, stale and missing items with the words still to translate, as
text, as JSON for CI (with a threshold), and as a page of the Contribute section."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from coursegen.cli import main
from coursegen.i18n import Status
from coursegen.project import validate_project
from coursegen.translation_status import translation_status
from coursegen.ui_strings import UiStrings

from .conftest import make_site

#: UI strings every shipped strings file has (English is the reference).
UI_STRINGS = len(UiStrings().fallback)
#: The multilingual fixture's items besides the UI strings: 14; current in es, fr and ar (see the first test).
ITEMS = UI_STRINGS + 14
CURRENT = {"es": UI_STRINGS + 12, "fr": UI_STRINGS + 6, "ar": UI_STRINGS + 5}


def percent(lang: str) -> float:
    return round(100 * CURRENT[lang] / ITEMS, 1)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def status_of(root: Path, lang: str):
    [status] = translation_status(validate_project(root).library, [lang])
    return status


def test_french_counts_of_the_multilingual_fixture(tmp_path: Path) -> None:
    # fr.yaml translates the framework title, A1, A1.C1 and A1.C1.LO1 (of 8 items); role.fr.md translates
    # version 0.9 of a 1.0 module; hygiene, the course and the guide are not translated; index and the
    # glossary term are.
    fr = status_of(make_site(tmp_path, "multilingual"), "fr")
    by_category = {category: (fr.count(Status.CURRENT, category), fr.count(Status.STALE, category),
                              fr.count(Status.MISSING, category))
                   for category in ("framework", "modules", "courses", "pages", "glossary", "ui")}
    assert by_category == {"framework": (4, 0, 4), "modules": (0, 1, 1), "courses": (0, 0, 1),
                           "pages": (1, 0, 1), "glossary": (1, 0, 0), "ui": (UI_STRINGS, 0, 0)}
    assert [item.id for item in fr.unfinished(Status.STALE)] == ["M01"]
    assert fr.unfinished(Status.STALE)[0].translation == "content/modules/role.fr.md"
    missing = {item.id: item.translation for item in fr.unfinished(Status.MISSING)}
    assert missing["M02"] == "content/modules/hygiene.fr.md" and missing["basic"] == "content/courses/basic.fr.md"
    assert missing["A2.C1.LO1"] == "framework/translations/fr.yaml"


def test_words_to_translate_are_the_words_of_the_unfinished_sources(tmp_path: Path) -> None:
    fr = status_of(make_site(tmp_path, "multilingual"), "fr")
    framework_words = sum(item.words for item in fr.items if item.category == "framework"
                          and item.status is not Status.CURRENT)
    # "Explain the limits of the role." + "Personal care" + "Hygiene" + "Carry out a bed bath with respect
    # for dignity."
    assert framework_words == 6 + 2 + 1 + 9
    assert fr.words_to_translate == sum(item.words for item in fr.items if item.status is not Status.CURRENT)


def test_a_version_bump_in_the_source_lists_the_translation_as_stale(minimal_site: Path) -> None:
    assert status_of(minimal_site, "es").count(Status.STALE) == 0
    role = minimal_site / "content" / "modules" / "role.md"
    role.write_text(re.sub(r'version: "?1\.0"?', 'version: "1.1"', role.read_text(encoding="utf-8"), count=1),
                    encoding="utf-8")
    stale = status_of(minimal_site, "es").unfinished(Status.STALE)
    assert [(item.id, item.translation) for item in stale] == [("M01", "content/modules/role.es.md")]


def test_json_report_has_counts_per_category_and_the_unfinished_items(tmp_path: Path) -> None:
    root = make_site(tmp_path, "multilingual")
    result = run("status", "--root", str(root), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["default_language"] == "en"
    assert [language["lang"] for language in data["languages"]] == ["es", "fr", "ar"]
    fr = data["languages"][1]
    assert fr["totals"] == {"current": CURRENT["fr"], "stale": 1, "missing": 7}
    assert fr["percent_current"] == percent("fr")
    assert set(fr["categories"]) == {"framework", "modules", "courses", "guideline", "pages", "glossary", "ui"}
    assert fr["categories"]["modules"] == {"current": 0, "stale": 1, "missing": 1,
                                           "words_to_translate": fr["categories"]["modules"]["words_to_translate"]}
    first = fr["items"][0]
    assert set(first) == {"category", "id", "status", "source", "translation", "words"}
    assert {item["status"] for item in fr["items"]} == {"stale", "missing"}


def test_fail_under_exits_1_only_when_a_language_is_below_the_threshold(tmp_path: Path) -> None:
    root = make_site(tmp_path, "multilingual")
    between = f"{(percent('fr') + percent('ar')) / 2:g}"  # fr above it, ar under it
    assert run("status", "--root", str(root), "--lang", "fr", "--fail-under", between).exit_code == 0
    failing = run("status", "--root", str(root), "--fail-under", between)
    assert failing.exit_code == 1
    assert f"ar is {percent('ar')}% current, under {between}%" in failing.stderr and "fr is" not in failing.stderr
    above_es = f"{percent('es') + 0.5:.1f}"
    assert run("status", "--root", str(root), "--lang", "es", "--fail-under", above_es).exit_code == 1


def test_text_report_lists_each_language_and_its_unfinished_items(tmp_path: Path) -> None:
    result = run("status", "--root", str(make_site(tmp_path, "multilingual")), "--lang", "fr")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"fr: {percent('fr')}% current ({CURRENT['fr']} current, 1 stale, 7 missing;")
    assert "  stale   modules: M01 -> content/modules/role.fr.md" in result.stdout
    assert "  missing courses: basic -> content/courses/basic.fr.md" in result.stdout


def test_an_unknown_language_is_a_usage_error(minimal_site: Path) -> None:
    result = run("status", "--root", str(minimal_site), "--lang", "it")
    assert result.exit_code == 2 and "not a translation language" in result.stderr
    assert run("status", "--root", str(minimal_site), "--lang", "en").exit_code == 2


def test_status_page_is_generated_in_every_language_with_the_same_counts(tmp_path: Path) -> None:
    from bs4 import BeautifulSoup

    from coursegen.pages import generate_language
    from coursegen.page_paths import STATUS_PAGE

    library = validate_project(make_site(tmp_path, "multilingual")).library
    files = generate_language(library, "es")
    html = files.fill_html(STATUS_PAGE, files.pages[STATUS_PAGE])
    page = BeautifulSoup(html, "html.parser")
    rows = {row.td.get_text(strip=True): [cell.get_text(strip=True) for cell in row.find_all("td")]
            for row in page.table.tbody.find_all("tr")}
    assert rows["francés"][1:5] == [f"{percent('fr'):.0f} %", str(CURRENT["fr"]), "1", "7"]
    assert "Estado de las traducciones" in html and "content/modules/role.fr.md" in html
    assert STATUS_PAGE in str(files.nav)
