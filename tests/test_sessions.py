"""Session plans: durations a trainer writes in any shipped language, plans read from `::: session` blocks,
their checks, and a real build that shows them in the trainer edition only (right-to-left included)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from coursegen.project import validate_project
from coursegen.session_tables import clock, plan_table
from coursegen.sessions import parse_duration, read_plans
from coursegen.site import build_site
from coursegen.templates import Templates
from coursegen.ui_strings import UiStrings

from .conftest import make_site

# --- durations -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text,minutes", [
    ("30 min", 30), ("45 minutes", 45), ("1 h", 60), ("2 hours", 120), ("1 h 30 min", 90), ("1h30", 90),
    ("1 h 30", 90), ("1,5 h", 90), ("1.5 h", 90), ("1.25 h", 75), ("1 h and 30 min", 90), ("90 min.", 90),
    ("2 horas", 120), ("1 hora y 15 minutos", 75), ("45 minutos", 45),
    ("1 heure 30", 90), ("2 heures", 120), ("20 minutes", 20),
    ("3 Std.", 180), ("2 Stunden 15 Minuten", 135), ("15 Min.", 15),
    ("30 دقيقة", 30), ("٣٠ دقيقة", 30), ("3 ساعات", 180), ("1 ساعة و30 دقيقة", 90),
    ("90 MIN", 90), ("  1 H  ", 60),
])
def test_a_duration_is_read_in_every_shipped_language(text, minutes):
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", [
    "", "30", "min", "half an hour", "0 min", "1 h 1 h", "30 min 1 h 5", "1.33 min", "1 h 30 min 15",
    "99999 h", "1.125 h", "1." + "5" * 5000 + " h", "30 mins and", "and 30 min", "1 h, , 30 min", "1 week", "30 min: x", "ساعتان",
])
def test_what_is_not_a_duration_is_refused(text):
    assert parse_duration(text) is None


# --- plans -----------------------------------------------------------------------------------------


BODY = """# Module

::: trainer
Notes.
:::

::: session Day 1
- 30 min: Welcome
* 1 h 30 min: [Case study: Rosa](#case-study-rosa)

+ 45 min : Pause café
:::

::: session
- 1 h: Assessment
:::
"""


def test_plans_are_read_with_their_titles_lines_and_totals():
    reading = read_plans(BODY, first_line=10)
    assert reading.blocks[0] is None  # the trainer notes keep their place among the blocks
    day1, day2 = reading.plans
    assert (day1.title, day1.line, day1.minutes) == ("Day 1", 16, 165)
    assert [(i.minutes, i.activity, i.line) for i in day1.items] == [
        (30, "Welcome", 17), (90, "[Case study: Rosa](#case-study-rosa)", 18), (45, "Pause café", 20)]
    assert (day2.title, day2.minutes) == ("", 60)
    assert reading.minutes == 225 and not reading.unreadable


@pytest.mark.parametrize("line,column", [("- 30 min Welcome", 3), ("30 min: Welcome", 1), ("- soon: Welcome", 3),
                                         ("  Some words", 3), ("- 30 min:", 3)])
def test_an_unreadable_line_is_reported_at_its_line_and_column(line, column):
    reading = read_plans(f"::: session\n- 1 h: Fine\n{line}\n:::\n", first_line=5)
    assert [(p.line, p.column) for p in reading.unreadable] == [(7, column)]
    assert reading.minutes == 60


def test_an_empty_plan_is_reported_at_its_opening_line():
    reading = read_plans("text\n\n::: session\n\n:::\n", first_line=3)
    assert [(p.line, p.column) for p in reading.unreadable] == [(5, 1)]


def test_a_plan_in_code_is_an_example_not_a_plan():
    assert read_plans("```\n::: session\n- soon: x\n:::\n```\n").blocks == ()


def _english(key: str, **values: object) -> str:
    return UiStrings().text("en", key, **values)


def test_a_plan_table_has_start_times_durations_and_the_total():
    table = plan_table(Templates(), _english, read_plans(BODY).plans[0])
    assert "**Day 1**" in table
    assert "| 0:00 | Welcome | 30 min |" in table
    assert "| 0:30 | [Case study: Rosa](#case-study-rosa) | 1 h 30 min |" in table
    assert "| 2:00 | Pause café | 45 min |" in table
    assert "| | **Total** | **2 h 45 min** |" in table


def test_a_pipe_in_an_activity_cannot_break_the_table():
    table = plan_table(Templates(), _english, read_plans("::: session\n- 1 h: A | B\n:::\n").plans[0])
    assert "| 0:00 | A \\| B | 1 h |" in table


def test_clock_counts_hours_past_a_day():
    assert [clock(m) for m in (0, 5, 90, 1505)] == ["0:00", "0:05", "1:30", "25:05"]


# --- checks beyond the fixtures ---------------------------------------------------------------------


def _codes(root: Path) -> list[tuple[str, str, int]]:
    return [(d.code, d.path, d.line) for d in validate_project(root).diagnostics if d.code.startswith(("CG3", "CG5"))
            and d.code != "CG504"]


PLAN_6H = "::: session\n- 2 h: [What a carer does](#what-a-carer-does)\n- 4 h: Role play\n:::\n"


def test_a_translation_without_the_originals_plan_is_warned(tmp_path):
    root = make_site(tmp_path)
    role = root / "content/modules/role.md"
    role.write_text(role.read_text() + "\n" + PLAN_6H)
    assert _codes(root) == [("CG508", "content/modules/role.es.md", 1)]


def test_a_plan_that_adds_up_gives_no_warning_and_a_translation_may_reword_it(tmp_path):
    root = make_site(tmp_path)
    role, role_es = root / "content/modules/role.md", root / "content/modules/role.es.md"
    role.write_text(role.read_text() + "\n" + PLAN_6H)
    role_es.write_text(role_es.read_text() + "\n::: session\n- 2 horas: Lo que hace\n- 4 h: Juego de roles\n:::\n")
    assert _codes(root) == []


def test_a_translation_with_its_own_plan_is_compared_with_the_hours_when_the_original_has_none(tmp_path):
    root = make_site(tmp_path)
    role_es = root / "content/modules/role.es.md"
    role_es.write_text(role_es.read_text() + "\n::: session\n- 2 horas: Lo que hace\n:::\n")
    assert _codes(root) == [("CG319", "content/modules/role.es.md", 17)]


def test_a_plan_outside_a_module_has_no_hours_to_add_up_to(tmp_path):
    root = make_site(tmp_path)
    course = root / "content/courses/basic.md"
    course.write_text(course.read_text() + "\n::: session\n- 20 min: Tour of the course\n:::\n")
    assert _codes(root) == []


# --- a real build ------------------------------------------------------------------------------------

PLANS = {
    "role.md": ("## Assessment", (
        "::: session\n- 15 min: Welcome\n- 1 h 45 min: [What a carer does](#what-a-carer-does)\n- 15 min: Break\n"
        "- 3 h 15 min: Role play with Rosa | in pairs\n- 30 min: [Assessment](#assessment)\n:::\n\n")),
    "role.es.md": (None, (
        "\n::: session\n- 15 min: Bienvenida\n- 1 h 45 min: Lo que hace una cuidadora\n- 15 min: Pausa\n"
        "- 3 h 15 min: Juego de roles\n- 30 min: Evaluación\n:::\n")),
    "role.fr.md": (None, (
        "\n::: session\n- 15 min : Accueil\n- 1 h 45 : Le rôle\n- 15 min : Pause\n- 3 h 15 : Jeu de rôle\n"
        "- 30 min : Évaluation\n:::\n")),
    "role.ar.md": (None, (
        "\n::: session\n- 15 دقيقة: الترحيب\n- 1 ساعة و45 دقيقة: ما تفعله مقدّمة الرعاية\n- 15 دقيقة: استراحة\n"
        "- 3 ساعات و15 دقيقة: لعب الأدوار\n- 30 دقيقة: التقييم\n:::\n")),
}


@pytest.fixture(scope="module")
def planned_site(tmp_path_factory):
    """The multilingual fixture with a 6-hour session plan in the module M01 and its translations, built."""
    base = tmp_path_factory.mktemp("sessions")
    root = make_site(base, "multilingual")
    for name, (before, plan) in PLANS.items():
        path = root / "content/modules" / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(before, plan + before, 1) if before else text + plan, encoding="utf-8")
    # CG339: the fixture's French M01 is an out-of-date translation without the quiz, a warning of its own
    assert [d for d in validate_project(root).diagnostics
            if d.code.startswith(("CG3", "CG4", "CG508")) and d.code != "CG339"] == []
    result = build_site(root, base / "site")
    assert result.ok, result.errors
    # links from a plan to the page's headings are checked against the learner twin's anchors
    assert result.warnings == []
    return base / "site"


def _plan_rows(site: Path, rel: str) -> list[list[str]]:
    document = BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")
    plan = document.select_one(".cg-session-plan")
    assert plan is not None, rel
    return [[cell.get_text(" ", strip=True) for cell in row.find_all(["td", "th"])] for row in plan.find_all("tr")]


def test_the_trainer_edition_shows_the_plan_with_start_times_and_the_total(planned_site):
    rows = _plan_rows(planned_site, "trainer/modules/role/index.html")
    assert rows[0] == ["Start", "Activity", "Duration"]
    assert rows[1:] == [["0:00", "Welcome", "15 min"], ["0:15", "What a carer does", "1 h 45 min"],
                        ["2:00", "Break", "15 min"], ["2:15", "Role play with Rosa | in pairs", "3 h 15 min"],
                        ["5:30", "Assessment", "30 min"], ["", "Total", "6 h"]]


def test_a_plan_link_leads_to_the_activity_heading_of_the_trainer_page(planned_site):
    document = BeautifulSoup((planned_site / "trainer/modules/role/index.html").read_text(encoding="utf-8"),
                             "html.parser")
    links = [a["href"] for a in document.select(".cg-session-plan a")]
    assert links == ["#what-a-carer-does", "#assessment"]
    assert all(document.find(id=link[1:]) for link in links)


@pytest.mark.parametrize("rel", ["modules/role/index.html", "es/modules/role/index.html",
                                 "ar/modules/role/index.html"])
def test_learner_pages_never_show_the_plan(planned_site, rel):
    text = (planned_site / rel).read_text(encoding="utf-8")
    assert "cg-session-plan" not in text and "Role play with Rosa" not in text and "3 h 15" not in text
    assert "::: session" not in text and "لعب الأدوار" not in text


def test_the_right_to_left_trainer_page_shows_the_plan_in_arabic(planned_site):
    document = BeautifulSoup((planned_site / "ar/trainer/modules/role/index.html").read_text(encoding="utf-8"),
                             "html.parser")
    assert document.html["dir"] == "rtl"
    rows = _plan_rows(planned_site, "ar/trainer/modules/role/index.html")
    assert rows[0] == ["البداية", "النشاط", "المدة"]
    assert rows[4] == ["2:15", "لعب الأدوار", "3 ساعة و15 دقيقة"]
    assert rows[-1] == ["", "المجموع", "6 ساعة"]


def test_each_language_shows_its_own_words_for_the_plan(planned_site):
    assert _plan_rows(planned_site, "es/trainer/modules/role/index.html")[-1] == ["", "Total", "6 h"]
    assert _plan_rows(planned_site, "fr/trainer/modules/role/index.html")[2] == ["0:15", "Le rôle", "1 h 45 min"]


# --- packages for learning platforms -------------------------------------------------------------------


@pytest.mark.parametrize("trainer", [False, True])
def test_a_scorm_package_shows_the_plan_only_in_the_trainer_edition(tmp_path, trainer):
    import zipfile

    from click.testing import CliRunner

    from coursegen.cli import main

    root = make_site(tmp_path)
    role = root / "content/modules/role.md"
    role.write_text(role.read_text() + "\n" + PLAN_6H)
    out = tmp_path / "m01.zip"
    result = CliRunner().invoke(main, ["export", "module", "M01", "--format", "scorm12", "--root", str(root),
                                       *(["--trainer"] if trainer else []), "-o", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as package:
        pages = "".join(package.read(name).decode() for name in package.namelist() if name.endswith(".html"))
    assert ("cg-session-plan" in pages) is trainer
    assert "::: session" not in pages and "4 h: Role play" not in pages
