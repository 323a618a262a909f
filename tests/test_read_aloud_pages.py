"""Which pages get read-aloud: learner content pages (modules, courses, other content pages) carry the hidden
buttons, with their words in the page's language, and load assets/read-aloud.js; trainer pages, generated
pages and the 404 page have neither. The script's behaviour is tested in the browser
(tests/browser/test_read_aloud_browser.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

LABELS = {"en": ("Read aloud", "Pause", "Resume", "Stop"),
          "es": ("Leer en voz alta", "Pausar", "Continuar", "Detener"),
          "ar": ("قراءة بصوت عالٍ", "إيقاف مؤقت", "استئناف", "إيقاف")}


@pytest.fixture(scope="module")
def site(multilingual_build) -> Path:
    return multilingual_build[1]


def parsed(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def read_aloud_scripts(page: BeautifulSoup) -> list[str]:
    return [script["src"] for script in page.find_all("script", src=True) if script["src"].endswith("read-aloud.js")]


@pytest.mark.parametrize("rel", ["index.html", "modules/role/index.html", "courses/basic/index.html",
                                 "guide/index.html", "es/modules/hygiene/index.html", "ar/modules/role/index.html"])
def test_learner_content_pages_have_the_hidden_buttons_and_the_deferred_script(site, rel):
    page = parsed(site, rel)
    bar = page.select("article [data-cg-read-aloud]")
    assert len(bar) == 1 and bar[0].has_attr("hidden") and bar[0]["data-pagefind-ignore"] == "all"
    scripts = page.find_all("script", src=lambda src: src and src.endswith("read-aloud.js"))
    assert len(scripts) == 1 and scripts[0].has_attr("defer")
    assert (site / "assets" / "read-aloud.js").is_file()


@pytest.mark.parametrize("lang", ["en", "es", "ar"])
def test_the_buttons_speak_the_page_language(site, lang):
    prefix = "" if lang == "en" else f"{lang}/"
    bar = parsed(site, prefix + "modules/role/index.html").select_one("[data-cg-read-aloud]")
    labels = [bar.select_one(f'[data-cg-label="{state}"]').get_text(strip=True)
              for state in ("idle", "speaking", "paused")]
    assert (*labels, bar.select_one("[data-cg-read-stop]").get_text(strip=True)) == LABELS[lang]


@pytest.mark.parametrize("rel", ["trainer/modules/role/index.html", "es/trainer/modules/role/index.html",
                                 "trainer/index.html", "framework/index.html", "glossary/index.html",
                                 "modules/index.html", "404.html"])
def test_trainer_generated_and_404_pages_have_no_read_aloud(site, rel):
    page = parsed(site, rel)
    assert page.select("[data-cg-read-aloud]") == []
    assert read_aloud_scripts(page) == []
