"""Self-check quizzes as a learner uses them: with the keyboard only, the result announced in the live region,
the answer kept over a reload, in a right-to-left page, on a phone, without JavaScript; the trainer edition
shows the answers.

The multilingual fixture has a single-choice quiz on the role module (en, es, ar: its own text in each) and a
"choose all that apply" quiz on the hygiene module (English only: a fallback page elsewhere).
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

STATUS = "#cg-quiz-1 .cg-quiz-status"


def wait_for_status(page, start: str = "") -> None:
    """Wait until the first quiz's live region says something (starting with `start`)."""
    page.wait_for_function("([selector, start]) => { const status = document.querySelector(selector);"
                           " return !!status && status.textContent.length > 0 && status.textContent.startsWith(start); }",
                           arg=[STATUS, start])


def answer_with_keyboard(page, option_index: int) -> None:
    """Choose option `option_index` of the first quiz with the arrow keys and press Check with Enter."""
    page.locator("#cg-quiz-1-0").focus()  # the group's first option, where Tab into the group lands
    page.keyboard.press("Space")
    for _ in range(option_index):
        page.keyboard.press("ArrowDown")  # moves the choice; in a right-to-left page too
    press_check(page)


def press_check(page) -> None:
    """Tab forward to the Check button (past a link in an option's text) and press it with Enter."""
    for _ in range(4):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('cg-quiz-check')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('cg-quiz-check')")
    page.keyboard.press("Enter")


def test_a_quiz_answered_with_the_keyboard_announces_its_feedback(page, server):
    page.goto(server + "modules/role/")
    answer_with_keyboard(page, 1)
    status = page.locator(STATUS)
    assert status.get_attribute("aria-live") == "polite"
    wait_for_status(page)
    assert status.inner_text().startswith("Not quite.")
    assert "only a doctor prescribes medicine" in status.inner_text()
    assert page.locator("#cg-quiz-1-1-feedback").is_visible()
    assert not page.locator("#cg-quiz-1-0-feedback").is_visible()  # only the chosen option's feedback

    page.keyboard.press("Shift+Tab")  # back into the group, on the chosen option
    page.keyboard.press("ArrowUp")
    press_check(page)
    wait_for_status(page, "Correct.")
    assert "activities of daily living" in status.inner_text()


def test_the_checked_answer_is_there_after_a_reload(page, server):
    page.goto(server + "modules/role/")
    answer_with_keyboard(page, 0)
    wait_for_status(page, "Correct.")
    page.reload()
    assert page.locator("#cg-quiz-1-0").is_checked()
    assert page.locator(STATUS).inner_text().startswith("Correct.")
    assert page.locator("#cg-quiz-1-0-feedback").is_visible()
    keys = page.evaluate("Object.keys(localStorage)")
    assert keys == ["coursegen-quiz:/modules/role/#cg-quiz-1:"
                    + page.locator("#cg-quiz-1").get_attribute("data-cg-quiz")]


def test_try_again_clears_the_answer_and_what_was_kept(page, server):
    page.goto(server + "modules/role/")
    answer_with_keyboard(page, 0)
    wait_for_status(page)
    page.keyboard.press("Tab")  # to "Try again", shown once checked
    page.keyboard.press("Enter")
    assert not page.locator("#cg-quiz-1-0").is_checked()
    assert page.locator(STATUS).inner_text() == ""
    assert page.evaluate("localStorage.length") == 0
    page.reload()
    assert not page.locator("#cg-quiz-1-0").is_checked()


def test_an_answer_kept_for_an_older_version_of_the_quiz_is_not_restored(page, server):
    page.goto(server + "modules/role/")
    page.evaluate("localStorage.setItem('coursegen-quiz:/modules/role/#cg-quiz-1:000000000000',"
                  " JSON.stringify({chosen: ['0'], checked: true}))")
    page.reload()
    assert not page.locator("#cg-quiz-1-0").is_checked()
    assert page.locator(STATUS).inner_text() == ""


def test_choose_all_that_apply_needs_every_correct_option(page, server):
    page.goto(server + "modules/hygiene/")
    assert page.locator("#cg-quiz-1-0").get_attribute("type") == "checkbox"
    page.locator("#cg-quiz-1-0").focus()
    page.keyboard.press("Space")
    page.locator(".cg-quiz-check").focus()
    page.keyboard.press("Enter")
    wait_for_status(page)
    assert page.locator(STATUS).inner_text().startswith("Not quite. Not every correct answer is chosen yet.")
    page.locator("#cg-quiz-1-1").focus()
    page.keyboard.press("Space")
    page.locator(".cg-quiz-check").focus()
    page.keyboard.press("Enter")
    wait_for_status(page, "Correct.")


def test_a_page_with_an_answered_quiz_has_no_accessibility_violations(page, server):
    page.goto(server + "modules/role/")
    answer_with_keyboard(page, 1)
    wait_for_status(page)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_quiz_works_right_to_left_in_arabic(page, server):
    page.goto(server + "ar/modules/role/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    label = page.locator("label[for='cg-quiz-1-0']")
    box, text = label.locator("input").bounding_box(), label.locator(".cg-quiz-text").bounding_box()
    assert box["x"] > text["x"], "the box stands at the start of the line: on the right"
    answer_with_keyboard(page, 0)
    wait_for_status(page)
    assert page.locator(STATUS).inner_text().startswith("صحيح.")
    assert page.locator(".cg-quiz-check").inner_text() == "تحقّق"
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_fallback_page_has_the_quiz_in_its_language_and_the_buttons_in_the_readers(page, server):
    page.goto(server + "es/modules/hygiene/")
    assert page.locator(".cg-quiz-check").inner_text() == "Comprobar"
    assert "dignity" in page.locator("#cg-quiz-1-question").inner_text()


def test_a_quiz_fits_a_phone_screen(page, server):
    page.set_viewport_size({"width": 360, "height": 640})
    for path in ("modules/role/", "ar/modules/role/", "modules/hygiene/"):
        page.goto(server + path)
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], path
        height = page.locator("label[for='cg-quiz-1-0']").bounding_box()["height"]
        assert height >= 44, "an option is a target a finger can hit"


def test_without_javascript_the_quiz_is_readable_and_shows_its_answer_on_request(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "modules/role/")
    assert not page.locator(".cg-quiz-check").is_visible()
    assert page.locator("#cg-quiz-1-question").is_visible()
    assert page.locator("label[for='cg-quiz-1-1']").is_visible()
    assert not page.locator(".cg-quiz-answers").is_visible()
    page.locator(".cg-quiz-answer summary").click()
    right = page.locator(".cg-quiz-answer-item.cg-quiz-right")
    assert right.is_visible() and right.inner_text().startswith("Correct answer:")
    context.close()


def test_the_trainer_edition_shows_the_answers(page, server):
    page.goto(server + "trainer/modules/role/")
    assert page.locator(".cg-quiz-answer").get_attribute("open") is not None
    assert page.locator(".cg-quiz-answer-item.cg-quiz-right").is_visible()
    assert not any(url.endswith("/quiz.js") for url in page.requests)


def test_a_printed_learner_page_leaves_the_answers_out_and_the_trainers_shows_them(page, server):
    page.goto(server + "modules/role/")
    page.emulate_media(media="print")
    assert page.locator("#cg-quiz-1-question").is_visible()
    assert not page.locator(".cg-quiz-check").is_visible()
    assert not page.locator(".cg-quiz-answer").is_visible()
    page.goto(server + "trainer/modules/role/")
    assert page.locator(".cg-quiz-answer-item.cg-quiz-right").is_visible()
