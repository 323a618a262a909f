"""Self-check quizzes: how a `::: quiz` block reads, what validate says about it, and how a page shows it
(the author's text converted and sanitised, coursegen's structure from the template)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursegen.export.render import rendered_markdown
from coursegen.markdown_scan import split_trainer_notes
from coursegen.pages import HtmlBlocks, generate_language
from coursegen.pages.file_set import FileSet
from coursegen.pages.quiz_blocks import fill_quiz_slots, inline_markdown, open_answers
from coursegen.project import validate_project
from coursegen.quiz import read_quizzes
from coursegen.templates import Templates

from .conftest import make_site

QUIZ = """Intro.

::: quiz A2.C1.LO1
Which of these belongs in a monthly *budget*?

Think of this month.

- [x] Rent and food
    Right: you pay these every month,
    so they come first.
- [ ] A holiday you might take next year
    Not yet: a monthly budget plans this month's money.
:::

After.
"""


def test_a_quiz_reads_into_its_question_options_and_feedback() -> None:
    reading = read_quizzes(QUIZ, first_line=10)
    assert reading.problems == ()
    [quiz] = reading.quizzes
    assert quiz.question == "Which of these belongs in a monthly *budget*?\n\nThink of this month."
    assert quiz.outcome == "A2.C1.LO1" and (quiz.line, quiz.outcome_column) == (12, 10)
    assert [(o.text, o.correct, o.line, o.column) for o in quiz.options] == [
        ("Rent and food", True, 17, 3), ("A holiday you might take next year", False, 20, 3)]
    assert quiz.options[0].feedback == "Right: you pay these every month,\nso they come first."
    assert not quiz.multiple


def test_two_correct_options_make_a_choose_all_that_apply_quiz() -> None:
    body = "::: quiz\nQ?\n\n- [x] a\n  yes\n- [X] b\n  yes\n- [ ] c\n  no\n:::\n"
    [quiz] = read_quizzes(body).quizzes
    assert quiz.multiple and quiz.outcome is None


def test_the_key_changes_with_the_text_of_the_quiz() -> None:
    [before] = read_quizzes(QUIZ).quizzes
    [after] = read_quizzes(QUIZ.replace("Rent and food", "Rent, food")).quizzes
    [moved] = read_quizzes("Other intro.\n\n" + QUIZ).quizzes
    assert before.key != after.key and before.key == moved.key


def test_a_quiz_in_code_is_an_example_not_a_quiz() -> None:
    assert read_quizzes("```\n::: quiz\nQ?\n- [x] a\n:::\n```\n").quizzes == ()


@pytest.mark.parametrize(("body", "expected"), [
    ("::: quiz\n- [x] a\n  yes\n- [ ] b\n  no\n:::\n", [("CG330", 1, 1)]),
    ("::: quiz\nQ?\n- [x] a\n  yes\n:::\n", [("CG331", 1, 1)]),
    ("::: quiz\nQ?\n- [ ] a\n  no\n- [ ] b\n  no\n:::\n", [("CG332", 3, 3)]),
    ("::: quiz\nQ?\n- [x] a\n- [ ] b\n  no\n:::\n", [("CG333", 3, 3)]),
    ("::: quiz\nQ?\n- [x] a\n  yes\n- [ ] b\n  no\nStray text\n:::\n", [("CG336", 7, 1)]),
    ("::: quiz\nQ?\n- [x] a\n  yes\n- [?] b\n  no\n- [ ] c\n  no\n:::\n", [("CG336", 5, 3)]),
])
def test_each_problem_of_shape_is_found_at_its_line_and_column(body: str, expected: list) -> None:
    problems = read_quizzes(body).problems
    assert [(problem.key, problem.line, problem.column) for problem in problems] == expected


def _validate_with(root: Path, body: str, name: str = "hygiene.md") -> list:
    module = root / "content" / "modules" / name
    module.write_text(module.read_text(encoding="utf-8") + body, encoding="utf-8")
    # CG330-CG337, the quiz's own checks (CG338 and CG339 compare a translation's quizzes with the original's)
    return [d for d in validate_project(root).diagnostics if "CG330" <= d.code <= "CG337"]


def test_an_unknown_outcome_is_reported_with_a_suggestion(tmp_path: Path) -> None:
    [problem] = _validate_with(make_site(tmp_path), "\n::: quiz A2.C1.L01\nQ?\n- [x] a\n  y\n- [ ] b\n  n\n:::\n")
    assert (problem.code, problem.line, problem.column) == ("CG334", 14, 10)
    assert "A2.C1.LO1" in problem.hint


def test_an_outcome_of_another_module_names_the_modules_outcomes(tmp_path: Path) -> None:
    [problem] = _validate_with(make_site(tmp_path), "\n::: quiz A1.C1.LO1\nQ?\n- [x] a\n  y\n- [ ] b\n  n\n:::\n")
    assert problem.code == "CG335" and "A2.C1.LO1" in problem.message and "M02" in problem.message


def test_a_translations_quiz_is_checked_against_the_modules_outcomes(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    [problem] = _validate_with(root, "\n::: quiz A2.C1.LO1\n¿P?\n- [x] a\n  s\n- [ ] b\n  n\n:::\n", "role.es.md")
    assert (problem.code, problem.path) == ("CG335", "content/modules/role.es.md")


def test_an_unclosed_quiz_is_its_own_problem_not_an_unclosed_trainer_block(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    module = root / "content" / "modules" / "hygiene.md"
    module.write_text(module.read_text() + "\n::: quiz\nQ?\n- [x] a\n  y\n", encoding="utf-8")
    codes = [d.code for d in validate_project(root).diagnostics]
    assert "CG337" in codes and "CG311" not in codes


def test_a_quiz_left_as_it_is_never_reaches_learners_raw() -> None:
    learner, notes = split_trainer_notes(QUIZ)
    assert "::: quiz" not in learner and "Rent" not in learner and notes == []
    assert "Intro." in learner and "After." in learner
    learner, _ = split_trainer_notes("Intro.\n\n::: quiz\nQ?\n- [x] a\n")  # unclosed
    assert learner.strip() == "Intro."


@pytest.mark.parametrize(("text", "expected"), [
    ("Rent and food", "Rent and food"), ("*Rent* and food", "*Rent* and food"), ("- dash", "\\- dash"),
    ("# hash", "\\# hash"), ("> quote", "\\> quote"), ("1. first", "1\\. first"), ("2) two", "2\\) two"),
])
def test_an_options_text_is_read_as_a_line_of_text(text: str, expected: str) -> None:
    assert inline_markdown(text) == expected
    assert rendered_markdown(expected, "Permanent link").startswith("<p>")


def test_slots_take_their_converted_text_and_the_markers_go() -> None:
    html = ('<div><!-- coursegen:quiz-slot 0 --><label><!-- coursegen:quiz-inline 1 --></label></div>\n'
            '<!-- coursegen:quiz-part 0 -->\n<p>Question?</p>\n<p>Second.</p>\n'
            '<!-- coursegen:quiz-part 1 -->\n<p>Rent <em>and</em> food</p>\n<!-- coursegen:quiz-end -->\n<p>After</p>')
    assert fill_quiz_slots(html) == ('<div><p>Question?</p>\n<p>Second.</p><label>Rent <em>and</em> food</label>'
                                     '</div>\n\n<p>After</p>')


def test_markers_an_author_wrote_only_move_their_own_text() -> None:
    forged = "<p>a</p><!-- coursegen:quiz-part 7 --><p>b</p><!-- coursegen:quiz-slot 9 --><!-- coursegen:quiz-end -->"
    assert fill_quiz_slots(forged) == "<p>a</p>"
    assert fill_quiz_slots("<p>x</p><!-- coursegen:quiz-part 3 -->") == "<p>x</p>"


def test_the_trainer_edition_opens_the_answers() -> None:
    assert open_answers('<details class="cg-quiz-answer">') == '<details class="cg-quiz-answer" open>'
    assert open_answers('<details class="cg-quiz-answer-x">') == '<details class="cg-quiz-answer-x">'


HOSTILE_QUIZ = """
::: quiz A2.C1.LO1
<script>alert(1)</script> <!-- coursegen:html 99 -->

Is {{ 7*7 }} {% raw %} "'> &lt;b&gt; text?

- [x] <img src=x onerror=alert(2)> *em*
    <svg onload=alert(3)></svg> [x](javascript:alert(4))
- [ ] </label></li><input name=x> <!-- coursegen:quiz-inline 0 -->
    </details><script>alert(5)</script>
:::
"""


def _converted_module(root: Path, body: str, lang: str = "en") -> str:
    """The hygiene module's page as the site converts it: Markdown, sanitiser, finished blocks (MkDocs' own
    conversion does the same with the same extensions)."""
    module = root / "content" / "modules" / "hygiene.md"
    module.write_text(module.read_text(encoding="utf-8") + body, encoding="utf-8")
    validation = validate_project(root)
    files: FileSet = generate_language(validation.library, lang)
    markdown = files.pages["modules/hygiene.md"].split("---\n", 2)[2]
    return files.fill_html("modules/hygiene.md", rendered_markdown(markdown, "Permanent link"))


def test_hostile_text_in_a_quiz_stays_text_and_cannot_break_its_structure(tmp_path: Path) -> None:
    from bs4 import BeautifulSoup

    html = _converted_module(make_site(tmp_path), HOSTILE_QUIZ)
    page = BeautifulSoup(html, "html.parser")
    [quiz] = page.select(".cg-quiz")
    assert page.find("script") is None and page.find("svg") is None
    assert not [tag for tag in page.find_all(True) for name in tag.attrs if name.startswith("on")]
    assert [tag["name"] for tag in page.find_all("input")] == ["cg-quiz-1", "cg-quiz-1"]
    assert len(quiz.select(".cg-quiz-option")) == 2 and len(quiz.select(".cg-quiz-answer-item")) == 2
    assert "{{ 7*7 }}" in quiz.select_one(".cg-quiz-question").get_text()
    assert "<b>" in quiz.select_one(".cg-quiz-question").get_text()  # &lt;b&gt; is shown, not made bold
    assert "javascript:" not in html
    assert not [marker for marker in ("quiz-part", "quiz-end", "quiz-slot") if f"coursegen:{marker}" in html]


def test_the_quiz_words_are_in_the_readers_language(tmp_path: Path) -> None:
    body = "\n::: quiz A2.C1.LO1\nQ?\n\n- [x] a\n    yes\n- [ ] b\n    no\n:::\n"
    html = _converted_module(make_site(tmp_path), body, "es")
    assert "Comprobar" in html and "Ver la respuesta" in html and 'data-cg-correct="Correcto."' in html
    assert 'type="radio"' in html


def test_a_quiz_template_value_is_escaped() -> None:
    html = Templates().html("quiz", t=lambda key, **_: '"><script>x</script>', quiz={
        "id": "cg-quiz-1", "key": "k", "multiple": False, "question": "q", "outcome": None, "options": []})
    assert "<script>" not in html and "&#34;&gt;&lt;script&gt;" in html


def test_a_page_without_quizzes_gets_no_quiz_blocks(tmp_path: Path) -> None:
    validation = validate_project(make_site(tmp_path))
    files = generate_language(validation.library, "en")
    blocks: HtmlBlocks = files.html_blocks.get("modules/hygiene.md") or HtmlBlocks()
    assert not any("cg-quiz" in block for block in blocks.items)


# --- the packages (SCORM 1.2, Common Cartridge): a static quiz, no script ---------------------------------


def _package_page(tmp_path: Path, *, trainer: bool, format_name: str = "scorm12", lang: str | None = None):
    import io
    import zipfile

    from lxml import html as lxml_html

    from coursegen.export import ExportRequest, run_export

    library = validate_project(make_site(tmp_path, "multilingual")).library
    target, item = ("course", "basic") if format_name == "imscc" else ("module", "M01")
    data = run_export(library, format_name, ExportRequest(target, item, lang, trainer)).data
    package = zipfile.ZipFile(io.BytesIO(data))
    return lxml_html.fromstring(package.read("pages/M01.html"))


@pytest.mark.parametrize("format_name", ["scorm12", "imscc"])
def test_a_package_shows_the_quiz_static_with_the_answers_behind_show_answer(tmp_path: Path, format_name) -> None:
    page = _package_page(tmp_path, trainer=False, format_name=format_name)
    [quiz] = page.xpath("//div[@class='cg-quiz']")
    assert "Which of these is part of a home carer's work?" in quiz.text_content()
    assert not page.xpath("//script") and not page.xpath("//input")
    [answers] = quiz.xpath(".//details[@class='cg-quiz-answer']")
    assert answers.get("open") is None and answers.xpath("./summary")[0].text_content() == "Show answer"
    [right] = answers.xpath(".//div[contains(@class, 'cg-quiz-right')]")
    assert right.text_content().strip().startswith("Correct answer:")
    assert "only a doctor prescribes medicine" in answers.text_content()
    [outcome] = quiz.xpath(".//a[contains(@href, 'outcomes.html')]")  # the outcome, inside the package
    assert outcome.text_content().startswith("A1.C1.LO1")


def test_the_trainer_package_shows_the_answers_open(tmp_path: Path) -> None:
    page = _package_page(tmp_path, trainer=True)
    [answers] = page.xpath("//details[@class='cg-quiz-answer']")
    assert answers.get("open") is not None


def test_a_spanish_package_has_its_own_quiz_in_spanish(tmp_path: Path) -> None:
    page = _package_page(tmp_path, trainer=False, lang="es")
    [quiz] = page.xpath("//div[@class='cg-quiz']")
    assert "Recetar medicamentos" in quiz.text_content() and "Ver la respuesta" in quiz.text_content()


def test_the_guideline_book_shows_a_chapters_quiz_with_its_answers(tmp_path: Path) -> None:
    from coursegen.pages import GUIDELINE_BOOK

    from .conftest import guideline_site

    root = guideline_site(tmp_path)
    chapter = sorted((root / "content" / "guideline").glob("*.md"))[-1]
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n::: quiz\nWho decides?\n\n- [x] The person\n"
                       "    Right.\n- [ ] The carer\n    No.\n:::\n", encoding="utf-8")
    validation = validate_project(root)
    assert validation.ok, validation.diagnostics
    book = generate_language(validation.library, "en").pages[GUIDELINE_BOOK]
    assert '<details class="cg-quiz-answer" open markdown>' in book and "Who decides?" in book
