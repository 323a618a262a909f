"""Self-check quizzes: a question and its options, written by a trainer in a module's Markdown.

A quiz is a `::: quiz` block (the kind may be followed by the code of the learning outcome it checks). Its
body is the question (one or more Markdown paragraphs), then the options, each a list item with a box:
`- [x]` for a correct option, `- [ ]` for one that is not; the lines indented under an option are its
feedback, shown to the learner after checking:

    ::: quiz A2.C5.LO1
    Which of these belongs in a monthly budget?

    - [x] Rent and food
        Right: you pay these every month, so they come first.
    - [ ] A holiday you might take next year
        Not yet: a monthly budget plans this month's money.
    :::

One correct option makes a single-choice question; more make a "choose all that apply" one. This module
reads quizzes and says what is wrong with their shape (`QuizProblem`, keyed by message key); whether the
outcome exists and belongs to the module is the checks' business (`quiz_checks`). It knows nothing about
MkDocs or about how a quiz is shown (see `pages.quiz_blocks`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .markdown_scan import BLOCK_OPEN, BodyScan, scan

__all__ = ["QUIZ_KIND", "Quiz", "QuizOption", "QuizProblem", "QuizReading", "read_quizzes", "read_quizzes_of"]

#: The block kind of a quiz.
QUIZ_KIND = "quiz"

#: `- [x] text` or `- [ ] text` (capital X too), up to three spaces before the marker.
_OPTION = re.compile(r"^(?P<lead>[ \t]{0,3}[-*+][ \t]+)\[(?P<box>[ xX])\][ \t]+(?P<text>\S.*?)[ \t]*$")
#: A list item that starts with a box but is not an option (`- [y]`, `- [x]` without text, `-[x]`).
_BOX_LIKE = re.compile(r"^(?P<lead>[ \t]{0,3}[-*+][ \t]*)\[[^\]\n]{0,3}\]")


@dataclass(frozen=True)
class QuizOption:
    """One option: its text (inline Markdown), whether it is correct, and its feedback (Markdown)."""

    text: str
    correct: bool
    feedback: str
    line: int  # in the file
    column: int  # of the box


@dataclass(frozen=True)
class Quiz:
    """One `::: quiz` block."""

    question: str  # Markdown, as written
    options: tuple[QuizOption, ...]
    outcome: str | None  # the outcome code after the kind, as written
    line: int  # of the opening `::: quiz`, in the file
    outcome_column: int
    source: str  # the block's lines, opening and closing included

    @property
    def multiple(self) -> bool:
        """Whether more than one option is correct: the learner may choose several."""
        return sum(option.correct for option in self.options) > 1

    @property
    def key(self) -> str:
        """A short hash of the block's text: answers a reader kept for an older version no longer apply."""
        return hashlib.sha256(self.source.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class QuizProblem:
    """A problem with a quiz's shape: the message key (`CG330`...), where, and the message's values."""

    key: str
    line: int
    column: int
    text: str = ""


@dataclass(frozen=True)
class QuizReading:
    """The quizzes of one body, in order, and the problems with their shape."""

    quizzes: tuple[Quiz, ...]
    problems: tuple[QuizProblem, ...]


def read_quizzes_of(body_scan: BodyScan) -> QuizReading:
    """The quizzes of a scanned body (line numbers are the file's)."""
    if not body_scan.quiz_blocks:  # most bodies: no need to split them into lines
        return QuizReading((), ())
    lines = body_scan.source.split("\n")
    quizzes: list[Quiz] = []
    problems: list[QuizProblem] = []
    for start, end in body_scan.quiz_blocks:  # body lines, 1-based, of the opening and closing `:::`
        quiz, found = _read_block(lines, start, end, body_scan.first_line)
        quizzes.append(quiz)
        problems += found
    return QuizReading(tuple(quizzes), tuple(problems))


def read_quizzes(body: str, first_line: int = 1) -> QuizReading:
    """The quizzes of a Markdown body whose first line is line `first_line` of its file."""
    return read_quizzes_of(scan(body, first_line))


def _outcome(opening_line: str) -> tuple[str | None, int]:
    """The outcome code after `::: quiz` and its column (1-based), or (None, 1)."""
    match = BLOCK_OPEN.match(opening_line)
    rest = opening_line[match.end():] if match else ""
    code = rest.strip()
    return (code, match.end() + len(rest) - len(rest.lstrip()) + 1) if code else (None, 1)


def _read_block(lines: list[str], start: int, end: int, first_line: int) -> tuple[Quiz, list[QuizProblem]]:
    """One block: body lines `start` (the opening) to `end` (the closing), 1-based."""
    opening_line = first_line + start - 1
    outcome, outcome_column = _outcome(lines[start - 1])
    question: list[str] = []
    options: list[dict] = []
    problems: list[QuizProblem] = []
    for index in range(start, end - 1):  # 0-based indexes of the lines between the colons
        text, line = lines[index], first_line + index
        option = _OPTION.match(text)
        if option:
            options.append({"text": option.group("text"), "correct": option.group("box") != " ", "line": line,
                            "column": len(option.group("lead")) + 1, "feedback": []})
        elif not options and not _BOX_LIKE.match(text):
            question.append(text)
        elif options and (not text.strip() or text[:1] in (" ", "\t")):
            options[-1]["feedback"].append(text)
        else:  # after the options, or an option written wrongly
            box = _BOX_LIKE.match(text)
            column = len(box.group("lead")) + 1 if box else len(text) - len(text.lstrip()) + 1
            problems.append(QuizProblem("CG336", line, column, text.strip()))
    quiz = Quiz("\n".join(question).strip("\n"), tuple(_option(found) for found in options), outcome,
                opening_line, outcome_column, "\n".join(lines[start - 1:end]))
    return quiz, problems + _shape_problems(quiz, bool(problems))


def _option(found: dict) -> QuizOption:
    return QuizOption(found["text"], found["correct"], _dedent(found["feedback"]), found["line"], found["column"])


def _dedent(lines: list[str]) -> str:
    """Feedback lines without their common indentation (tabs count as four spaces), blank edges dropped."""
    expanded = [line.expandtabs(4) for line in lines]
    indents = [len(line) - len(line.lstrip()) for line in expanded if line.strip()]
    cut = min(indents, default=0)
    return "\n".join(line[cut:] for line in expanded).strip("\n")


def _shape_problems(quiz: Quiz, unreadable: bool) -> list[QuizProblem]:
    """What a quiz lacks: a question, two options, a correct one, feedback on each. Counting options is left
    out when a line could not be read: it may be an option written wrongly, already reported."""
    problems = []
    if not quiz.question.strip():
        problems.append(QuizProblem("CG330", quiz.line, 1))
    if len(quiz.options) < 2 and not unreadable:
        problems.append(QuizProblem("CG331", quiz.line, 1, str(len(quiz.options))))
    if quiz.options and not any(option.correct for option in quiz.options):
        problems.append(QuizProblem("CG332", quiz.options[0].line, quiz.options[0].column))
    for option in quiz.options:
        if not option.feedback.strip():
            problems.append(QuizProblem("CG333", option.line, option.column, option.text))
    return problems
