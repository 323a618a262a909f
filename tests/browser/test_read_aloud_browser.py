"""Read-aloud on learner pages (assets/read-aloud.js): with a recording `speechSynthesis` put into the page
before its scripts run, the button reads the article sentence by sentence in the page's language with a
local voice, highlights the sentence, pauses and resumes through the API, and stays hidden when the device
has no local voice for the page's language. Trainer pages have none of it."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from .test_phone_browser import PHONE

SPANISH = {"name": "Mónica", "lang": "es-ES", "localService": True, "default": False, "voiceURI": "es"}
ENGLISH = {"name": "Daniel", "lang": "en-GB", "localService": True, "default": True, "voiceURI": "en"}
ARABIC = {"name": "Maged", "lang": "ar-SA", "localService": True, "default": False, "voiceURI": "ar"}
REMOTE_SPANISH = {**SPANISH, "name": "Google español", "localService": False, "voiceURI": "es-remote"}

#: A recording stand-in for the browser's speech synthesis: utterances and calls are kept in
#: `window.__speech`, whose `end()` finishes the utterance being said and `setVoices()` changes the voices
#: as a browser does when they load late.
STUB = """(voices => {
  const spoken = [], calls = [], listeners = [];
  class Utterance {
    constructor(text) { this.text = text; this.lang = ""; this.voice = null; this.onend = null; this.onerror = null; }
  }
  const synth = {
    getVoices: () => voices.slice(),
    speak(utterance) { calls.push("speak"); spoken.push(utterance); },
    cancel() { calls.push("cancel"); },
    pause() { calls.push("pause"); },
    resume() { calls.push("resume"); },
    addEventListener(type, listener) { if (type === "voiceschanged") listeners.push(listener); },
  };
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = Utterance;
  window.__speech = {
    spoken, calls,
    said: () => spoken.map(u => ({ text: u.text, lang: u.lang, voice: u.voice && u.voice.lang })),
    end() { const u = spoken[spoken.length - 1]; if (u.onend) u.onend({ utterance: u }); },
    setVoices(list) { voices = list; listeners.forEach(listener => listener(new Event("voiceschanged"))); },
  };
})(%s);"""

#: What the sentence highlight covers now ("" when there is none).
HIGHLIGHTED = """() => {
  const highlight = CSS.highlights.get("cg-read");
  return highlight ? [...highlight].map(range => range.toString()).join("") : "";
}"""


def with_voices(page, voices, *, segmenter: bool = True):
    script = STUB % json.dumps(voices)
    if not segmenter:  # a browser without Intl.Segmenter: the punctuation rule splits sentences
        script += "delete Intl.Segmenter;"
    page.add_init_script(script)
    return page


def said(page) -> list[dict]:
    return page.evaluate("window.__speech.said()")


def bar(page):
    return page.locator("[data-cg-read-aloud]")


def main_button(page):
    return page.locator("[data-cg-read-main]")


def main_label(page) -> str:
    """What the main button says now, as the reader sees it and as a screen reader names it."""
    seen = main_button(page).inner_text().strip()
    assert page.get_by_role("button", name=seen, exact=True).count() == 1
    return seen


def end_utterance(page) -> None:
    page.evaluate("window.__speech.end()")


def test_the_button_speaks_the_first_sentence_in_spanish_with_a_spanish_voice(page, server):
    with_voices(page, [ENGLISH, SPANISH]).goto(server + "es/modules/role/")
    button = main_button(page)
    assert button.is_visible() and main_label(page) == "Leer en voz alta"
    button.click()
    assert said(page) == [{"text": "El papel de la cuidadora", "lang": "es", "voice": "es-ES"}]
    assert page.evaluate(HIGHLIGHTED) == "El papel de la cuidadora"
    assert main_label(page) == "Pausar"


def test_sentences_follow_in_reading_order_and_the_highlight_moves_with_them(page, server):
    """The info card is left out, and so is the glossary term's tooltip inside the sentence."""
    with_voices(page, [SPANISH]).goto(server + "es/modules/role/")
    main_button(page).click()
    for _ in range(3):
        end_utterance(page)
    texts = [utterance["text"] for utterance in said(page)]
    assert texts[:3] == ["El papel de la cuidadora", "Lo que hace una cuidadora",
                         "Una cuidadora ayuda con las actividades de la vida diaria."]
    assert texts[3].startswith("Ver A1.C1.LO1")
    assert page.evaluate(HIGHLIGHTED) == texts[3]
    assert not any("Duración" in text or "Tareas cotidianas" in text for text in texts)


def test_the_end_of_the_text_returns_the_button_to_its_start(page, server):
    with_voices(page, [SPANISH]).goto(server + "es/modules/role/")
    main_button(page).click()
    for _ in range(200):  # the page's sentences, one after the other, to the last
        if bar(page).get_attribute("data-state") == "idle":
            break
        end_utterance(page)
    assert 4 <= len(said(page)) < 200  # the module's text (its quiz's question too), then no more
    assert main_label(page) == "Leer en voz alta"
    assert page.evaluate(HIGHLIGHTED) == ""
    assert bar(page).get_attribute("data-state") == "idle"


def test_pause_and_resume_call_the_speech_api_and_the_label_says_the_state(page, server):
    with_voices(page, [SPANISH]).goto(server + "es/modules/role/")
    button = main_button(page)
    button.click()
    button.click()
    assert page.evaluate("window.__speech.calls").count("pause") == 1
    assert main_label(page) == "Continuar"
    assert bar(page).get_attribute("data-state") == "paused"
    button.click()
    assert page.evaluate("window.__speech.calls")[-1] == "resume"
    assert main_label(page) == "Pausar"
    assert len(said(page)) == 1  # resumed, not started again


def test_an_utterance_ended_by_pause_is_said_again_on_resume(page, server):
    """Android's speech synthesis ends the utterance on pause() instead of holding it."""
    with_voices(page, [SPANISH]).goto(server + "es/modules/role/")
    button = main_button(page)
    button.click()
    button.click()
    end_utterance(page)
    assert len(said(page)) == 1  # paused: the next sentence does not start
    button.click()
    assert [utterance["text"] for utterance in said(page)] == ["El papel de la cuidadora"] * 2


def test_stop_cancels_speech_clears_the_highlight_and_keeps_the_focus(page, server):
    with_voices(page, [SPANISH]).goto(server + "es/modules/role/")
    main_button(page).click()
    stop = page.locator("[data-cg-read-stop]")
    assert stop.is_visible() and stop.inner_text().strip() == "Detener"
    stop.click()
    assert page.evaluate("window.__speech.calls")[-1] == "cancel"
    assert page.evaluate(HIGHLIGHTED) == ""
    assert stop.is_hidden()
    assert page.evaluate("document.activeElement.hasAttribute('data-cg-read-main')")
    end_utterance(page)  # the cancelled utterance's end event changes nothing
    assert len(said(page)) == 1


def test_the_buttons_work_with_the_keyboard(page, server):
    with_voices(page, [SPANISH]).goto(server + "es/modules/role/")
    main_button(page).focus()
    page.keyboard.press("Enter")
    assert len(said(page)) == 1
    page.keyboard.press(" ")
    assert bar(page).get_attribute("data-state") == "paused"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the stop button
    assert bar(page).get_attribute("data-state") == "idle"


@pytest.mark.parametrize("voices", [[ENGLISH], [REMOTE_SPANISH, ENGLISH], []],
                         ids=["only-english", "only-a-remote-spanish-voice", "no-voice"])
def test_hidden_without_a_local_voice_for_the_page_language(page, server, voices):
    with_voices(page, voices).goto(server + "es/modules/role/")
    assert bar(page).count() == 1
    assert bar(page).is_hidden()


def test_shown_when_the_voices_load_late(page, server):
    with_voices(page, []).goto(server + "es/modules/role/")
    assert bar(page).is_hidden()
    page.evaluate("voice => window.__speech.setVoices([voice])", SPANISH)
    assert main_button(page).is_visible()


def test_without_the_speech_api_the_buttons_stay_hidden(page, server):
    page.add_init_script("Object.defineProperty(window, 'speechSynthesis', {value: undefined});")
    page.goto(server + "es/modules/role/")
    assert bar(page).is_hidden()


def test_trainer_pages_have_no_read_aloud(page, server):
    with_voices(page, [SPANISH]).goto(server + "es/trainer/modules/role/")
    assert bar(page).count() == 0
    assert not any(url.endswith("read-aloud.js") for url in page.requests)


def test_english_fallback_text_on_an_arabic_page_is_read_with_an_english_voice(page, server):
    with_voices(page, [ARABIC, ENGLISH]).goto(server + "ar/modules/hygiene/")
    main_button(page).click()
    first = said(page)[0]
    assert first["lang"] == "ar" and first["voice"] == "ar-SA"  # the notice, in the reader's language
    for _ in range(2):
        end_utterance(page)
    assert {"lang": "en", "voice": "en-GB"}.items() <= said(page)[-1].items()


def test_text_in_a_language_without_a_voice_is_skipped(page, server):
    with_voices(page, [ARABIC]).goto(server + "ar/modules/hygiene/")
    main_button(page).click()
    while bar(page).get_attribute("data-state") != "idle":
        end_utterance(page)
    assert {utterance["lang"] for utterance in said(page)} == {"ar"}


PROSE_AND_NOT = """
<pre><code>x = 1. y = 2.</code></pre><p aria-hidden="true">Oculto.</p><p hidden>Escondido.</p>
<nav><p>Navegación.</p></nav><div class="toc"><p>Índice.</p></div><button type="button">Botón.</button>
<p>Visible. <code>codigo()</code> Fin.</p>
"""


def test_code_navigation_controls_and_hidden_text_are_not_read(page, server):
    with_voices(page, [SPANISH]).goto(server + "es/modules/role/")
    page.evaluate("html => document.querySelector('article').insertAdjacentHTML('beforeend', html)", PROSE_AND_NOT)
    main_button(page).click()
    while bar(page).get_attribute("data-state") != "idle":
        end_utterance(page)
    texts = [utterance["text"] for utterance in said(page)]
    assert texts[-2:] == ["Visible.", "Fin."]
    for word in ("x = 1", "Oculto", "Escondido", "Navegación", "Índice", "Botón", "codigo", "Leer en voz"):
        assert not any(word in text for text in texts), word


@pytest.mark.parametrize("segmenter", [True, False], ids=["intl-segmenter", "punctuation-rule"])
def test_arabic_sentences_end_at_arabic_punctuation(page, server, segmenter):
    with_voices(page, [ARABIC], segmenter=segmenter).goto(server + "ar/modules/role/")
    question = "<p>ما دور مقدّمة الرعاية؟ تساعد في الحياة اليومية۔ وتحترم الحدود.</p>"
    page.evaluate("html => document.querySelector('article').insertAdjacentHTML('beforeend', html)", question)
    main_button(page).click()
    while bar(page).get_attribute("data-state") != "idle":
        end_utterance(page)
    texts = [utterance["text"] for utterance in said(page)]
    assert texts[-3:] == ["ما دور مقدّمة الرعاية؟", "تساعد في الحياة اليومية۔", "وتحترم الحدود."]


@pytest.mark.parametrize("path", ["es/modules/role/", "ar/modules/role/", "ar/modules/hygiene/"])
def test_read_aloud_has_no_accessibility_violations(page, server, path):
    with_voices(page, [SPANISH, ARABIC, ENGLISH]).goto(server + path)
    main_button(page).click()  # the stop button shows, the highlight is on
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("path", ["es/modules/role/", "ar/modules/role/", "ar/modules/hygiene/"])
def test_the_buttons_fit_a_phone_above_the_title_from_the_reading_side(page, server, path):
    """On a 360 px screen nothing scrolls sideways while reading, and the buttons sit above the title from
    the line's start: the left in a left-to-right page, the right in Arabic."""
    page.set_viewport_size(PHONE)
    with_voices(page, [SPANISH, ARABIC, ENGLISH]).goto(server + path)
    main_button(page).click()
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1]
    edges = page.evaluate("""() => {
      const bar = document.querySelector("[data-cg-read-aloud]").getBoundingClientRect();
      const buttons = [...document.querySelectorAll("[data-cg-read-aloud] button:not([hidden])")]
        .map(button => button.getBoundingClientRect());
      return { left: Math.min(...buttons.map(box => box.left)) - bar.left,
               right: bar.right - Math.max(...buttons.map(box => box.right)),
               bottom: Math.max(...buttons.map(box => box.bottom)), count: buttons.length,
               title: document.querySelector("article h1").getBoundingClientRect().top };
    }""")
    assert edges["count"] == 2 and edges["bottom"] <= edges["title"]
    assert edges["right" if path.startswith("ar/") else "left"] < 1


@pytest.mark.parametrize("path", ["es/modules/role/", "ar/modules/role/"])
def test_a_second_tap_on_the_same_spot_pauses(page, server, path):
    """The stop button appears after the main one, which stays where the reader tapped it."""
    page.set_viewport_size(PHONE)
    with_voices(page, [SPANISH, ARABIC]).goto(server + path)
    before = main_button(page).bounding_box()
    page.mouse.click(before["x"] + before["width"] / 2, before["y"] + before["height"] / 2)
    assert main_button(page).bounding_box() == before
    page.mouse.click(before["x"] + before["width"] / 2, before["y"] + before["height"] / 2)
    assert bar(page).get_attribute("data-state") == "paused"
