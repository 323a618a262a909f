"""A translation's quizzes against the original's (CG338, CG339): the same quizzes in the same order, each
with the same outcome, options and correct ones; a translation that is out of date may lag (warnings)."""

from __future__ import annotations

from pathlib import Path

from coursegen.project import validate_project
from coursegen.quiz import read_quizzes
from coursegen.quiz_translation_checks import pairs
from coursegen.translation_done import mark_done

from .conftest import make_site


def quiz(outcome: str, boxes: str) -> str:
    """A quiz block with one option per box ('x' correct, ' ' not)."""
    options = "".join(f"- [{box}] option {index}\n    feedback {index}\n" for index, box in enumerate(boxes))
    return f"\n::: quiz {outcome}\nQuestion?\n\n{options}:::\n"


def found(root: Path) -> list[tuple[str, str, int, int]]:
    return [(d.key, d.path, d.line, d.column) for d in validate_project(root).diagnostics
            if d.code in ("CG338", "CG339")]


def with_quizzes(tmp_path: Path, original: list[str], translated: list[str], source_version: str = "1.0") -> Path:
    """The minimal site, its M01 with `original` quizzes and the Spanish M01 with `translated` ones."""
    root = make_site(tmp_path)
    modules = root / "content" / "modules"
    role, spanish = modules / "role.md", modules / "role.es.md"
    role.write_text(role.read_text(encoding="utf-8") + "".join(original), encoding="utf-8")
    text = spanish.read_text(encoding="utf-8").replace('source_version: "1.0"', f'source_version: "{source_version}"')
    spanish.write_text(text + "".join(translated), encoding="utf-8")
    return root


def line_of(root: Path, rel: str, text: str, occurrence: int = 1) -> int:
    lines = (root / rel).read_text(encoding="utf-8").split("\n")
    return [index for index, line in enumerate(lines, start=1) if line.startswith(text)][occurrence - 1]


ES = "content/modules/role.es.md"


def test_a_translation_with_the_same_quizzes_is_clean(tmp_path: Path) -> None:
    quizzes = [quiz("A1.C1.LO1", "x "), quiz("A1.C1.LO2", "xx ")]
    assert found(with_quizzes(tmp_path, quizzes, quizzes)) == []


def test_a_translator_who_ticks_another_answer_gets_an_error_at_each_box(tmp_path: Path) -> None:
    root = with_quizzes(tmp_path, [quiz("A1.C1.LO1", "x  ")], [quiz("A1.C1.LO1", " x ")])
    first, second = line_of(root, ES, "- [ ] option 0"), line_of(root, ES, "- [x] option 1")
    assert found(root) == [("CG338.unmarked", ES, first, 3), ("CG338.marked", ES, second, 3)]
    [diagnostic, _] = [d for d in validate_project(root).diagnostics if d.code == "CG338"]
    assert diagnostic.severity.value == "error"
    assert "option 1" in diagnostic.message and "content/modules/role.md" in diagnostic.message
    assert "- [x]" in diagnostic.hint


def test_an_option_missing_or_added_is_an_error_at_the_quiz(tmp_path: Path) -> None:
    root = with_quizzes(tmp_path, [quiz("A1.C1.LO1", "x "), quiz("A1.C1.LO2", "x ")],
                        [quiz("A1.C1.LO1", "x  "), quiz("A1.C1.LO2", "x")])
    first, second = line_of(root, ES, "::: quiz"), line_of(root, ES, "::: quiz", 2)
    assert found(root) == [("CG338.options", ES, first, 1), ("CG338.options", ES, second, 1)]
    messages = [d.message for d in validate_project(root).diagnostics if d.code == "CG338"]
    assert "has 3 option(s)" in messages[0] and "has 2:" in messages[0]


def test_another_outcome_or_none_is_an_error_at_the_outcome(tmp_path: Path) -> None:
    root = with_quizzes(tmp_path, [quiz("A1.C1.LO1", "x "), quiz("A1.C1.LO2", "x "), quiz("", "x ")],
                        [quiz("A1.C1.LO2", "x "), quiz("", "x "), quiz("A1.C1.LO1", "x ")])
    lines = [line_of(root, ES, "::: quiz", n) for n in (1, 2, 3)]
    assert found(root) == [("CG338.outcome", ES, lines[0], 10), ("CG338.outcome_missing", ES, lines[1], 1),
                           ("CG338.outcome_extra", ES, lines[2], 10)]


def test_one_missing_quiz_is_one_warning_not_a_difference_at_every_quiz_after_it(tmp_path: Path) -> None:
    original = [quiz("A1.C1.LO1", "x "), quiz("A1.C1.LO2", " x"), quiz("A1.C1.LO1", "xx ")]
    root = with_quizzes(tmp_path, original, [original[0], original[2]])
    [(key, path, line, _)] = found(root)
    assert (key, path, line) == ("CG339.missing", ES, 1)
    [warning] = [d for d in validate_project(root).diagnostics if d.code == "CG339"]
    assert warning.severity.value == "warning"
    assert f"line {line_of(root, 'content/modules/role.md', '::: quiz', 2)}" in warning.message


def test_a_quiz_the_original_does_not_have_is_a_warning_at_it(tmp_path: Path) -> None:
    root = with_quizzes(tmp_path, [quiz("A1.C1.LO1", "x ")], [quiz("A1.C1.LO1", "x "), quiz("", " x")])
    assert found(root) == [("CG339.extra", ES, line_of(root, ES, "::: quiz", 2), 1)]


def test_an_out_of_date_translation_may_lag_until_it_is_marked_done(tmp_path: Path) -> None:
    root = with_quizzes(tmp_path, [quiz("A1.C1.LO1", "x ")], [quiz("A1.C1.LO1", " x")], source_version="0.9")
    line = line_of(root, ES, "::: quiz")
    assert found(root) == [("CG339.stale", ES, line, 1)]
    mark_done(validate_project(root).library, "es", "M01")
    assert [key for key, *_ in found(root)] == ["CG338.unmarked", "CG338.marked"]


def test_a_quiz_that_cannot_be_read_is_not_compared(tmp_path: Path) -> None:
    broken = quiz("A1.C1.LO1", "x ").replace("- [ ] option 1", "- [?] option 1")
    root = with_quizzes(tmp_path, [quiz("A1.C1.LO1", "x ")], [broken])
    codes = [d.code for d in validate_project(root).diagnostics]
    assert "CG336" in codes and "CG338" not in codes and "CG339" not in codes


def test_pairs_keep_the_quizzes_that_agree_together() -> None:
    a, b, c = (read_quizzes(quiz(o, boxes)).quizzes[0] for o, boxes in
               (("A1.C1.LO1", "x "), ("A1.C1.LO2", " x"), ("", "xx ")))
    assert list(pairs((a, b, c), (a, c))) == [(a, a), (b, None), (c, c)]
    assert list(pairs((a,), (b, a))) == [(None, b), (a, a)]
    assert list(pairs((a, b), (b, b))) == [(a, b), (b, b)]  # as many: by position, whatever the boxes
    ticked = read_quizzes(quiz("A1.C1.LO1", " x")).quizzes[0]  # a's outcome and options, b's boxes
    assert list(pairs((a, b, c), (ticked, c))) == [(a, ticked), (b, None), (c, c)]
