"""The command line: exit codes, text, JSON and GitHub formats, as a user runs it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursegen.cli import main

from .conftest import make_site


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def test_valid_project_exits_0(minimal_site: Path) -> None:
    result = run("validate", "--root", str(minimal_site))
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.output


def test_errors_exit_1_with_text_diagnostics(tmp_path: Path) -> None:
    root = make_site(tmp_path, overlay="unknown-outcome")
    result = run("validate", "--root", str(root))
    assert result.exit_code == 1
    assert "content/modules/hygiene.md:6:23: error CG302 A2.C1.L01 is not a learning outcome" in result.output
    assert "    hint: Did you mean A2.C1.LO1?" in result.output


def test_json_format(tmp_path: Path) -> None:
    root = make_site(tmp_path, overlay="course-hours")
    result = run("validate", "--root", str(root), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["summary"] == {"errors": 1, "warnings": 0}
    first = next(d for d in data["diagnostics"] if d["severity"] == "error")
    assert set(first) == {"path", "line", "column", "severity", "code", "message", "hint"}
    assert (first["code"], first["path"], first["line"]) == ("CG308", "content/courses/basic.md", 5)


def test_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    root = make_site(tmp_path, overlay="uncovered-outcome")
    assert run("validate", "--root", str(root)).exit_code == 0
    assert run("validate", "--root", str(root), "--strict").exit_code == 1


def test_github_annotations(tmp_path: Path) -> None:
    root = make_site(tmp_path, overlay="course-hours")
    result = run("validate", "--root", str(root), env={"GITHUB_ACTIONS": "true"})
    assert "::error file=content/courses/basic.md,line=5,col=15,title=CG308::The modules add up" in result.output


def test_not_a_project_exits_2(tmp_path: Path) -> None:
    result = run("validate", "--root", str(tmp_path))
    assert result.exit_code == 2
    assert "not a coursegen project" in result.output


def test_usage_error_exits_2(minimal_site: Path) -> None:
    assert run("validate", "--format", "xml", "--root", str(minimal_site)).exit_code == 2


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    root = make_site(tmp_path, overlay="alias-bomb")
    completed = subprocess.run([sys.executable, "-m", "coursegen.cli", "validate", "--root", str(root)],
                               capture_output=True, text=True, timeout=120)
    assert completed.returncode == 1
    assert "CG108" in completed.stdout and "Traceback" not in completed.stderr


def test_python_dash_m_coursegen_is_the_command_line(tmp_path: Path) -> None:
    root = make_site(tmp_path, overlay="alias-bomb")
    completed = subprocess.run([sys.executable, "-m", "coursegen", "validate", "--root", str(root)],
                               capture_output=True, text=True, timeout=120)
    assert completed.returncode == 1 and "CG108" in completed.stdout
    assert "Traceback" not in completed.stderr


# --- messages in the reader's language ---------------------------------------------------------------

#: One fixture per group of codes, and what its message says in Spanish.
SPANISH = [
    ("duplicate-key", "framework/areas/A2.yaml:3:1: error CG103 'title' aparece dos veces aquí; ya se había "
                      "puesto en la línea 2.", "Deja uno de los dos y borra el otro"),
    ("eqf-level", "error CG204 El nivel EQF 9 no existe: los niveles van del 1 al 8.", "Usa un número del 1 al 8."),
    ("unknown-outcome", "content/modules/hygiene.md:6:23: error CG302 A2.C1.L01 no es un resultado de aprendizaje "
                        "del marco.", "    hint: ¿Querías decir A2.C1.LO1?"),
    ("links", "error CG405 La página 'nowhere.md' no existe.", "    hint: ¿Querías decir modules/role.md?"),
    ("translation-stale", "warning CG505 Esta traducción corresponde a la versión", "actualiza el texto"),
    ("unsafe-html", "error CG601 Esta página contiene el elemento HTML <script>, que podría ejecutar código",
     "Quítalo. Para mostrar un vídeo o un formulario, enlázalo."),
]


@pytest.mark.parametrize(("case", "message", "hint"), SPANISH, ids=[case for case, _, _ in SPANISH])
def test_validate_speaks_spanish_with_lang_es(tmp_path: Path, case: str, message: str, hint: str) -> None:
    root = make_site(tmp_path, overlay=case)
    result = run("validate", "--root", str(root), "--lang", "es")
    assert result.exit_code == (0 if case == "translation-stale" else 1), result.output
    assert message in result.stdout and hint in result.stdout
    assert re.search(r"^\d+ error\(es\), \d+ aviso\(s\)", result.stderr, re.M), result.stderr


def test_import_speaks_spanish_with_lang_es(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    package = tmp_path / "package.zip"
    package.write_bytes(b"not a zip")
    result = run("import", str(package), "--root", str(root), "--lang", "es")
    assert result.exit_code == 1
    assert "package.zip:1:1: error CG701 El archivo no se puede leer como paquete zip" in result.stdout
    assert "hint: Pide un paquete nuevo, hecho con `coursegen export module ID`" in result.stdout


def test_json_and_annotations_speak_the_chosen_language(tmp_path: Path) -> None:
    root = make_site(tmp_path, overlay="course-hours")
    data = json.loads(run("validate", "--root", str(root), "--format", "json", "--lang", "es").stdout)
    hours = next(d for d in data["diagnostics"] if d["code"] == "CG308")
    assert (hours["message"], hours["hint"]) == ("Los módulos suman 10 horas, pero target_hours dice 12.",
                                                 "Pon 'target_hours: 10' o cambia los módulos.")
    result = run("validate", "--root", str(root), "--lang", "es", env={"GITHUB_ACTIONS": "true"})
    assert "title=CG308::Los módulos suman 10 horas" in result.output


def test_the_framework_default_language_chooses_the_messages(tmp_path: Path) -> None:
    root = make_site(tmp_path, overlay="unknown-outcome")
    framework = root / "framework/framework.yaml"
    framework.write_text(framework.read_text().replace("default_language: en", "default_language: es"))
    assert "no es un resultado de aprendizaje del marco" in run("validate", "--root", str(root)).stdout
    assert "is not a learning outcome" in run("validate", "--root", str(root), "--lang", "en").stdout


def test_a_default_language_without_messages_falls_back_to_english(tmp_path: Path) -> None:
    root = make_site(tmp_path, overlay="unknown-outcome")
    framework = root / "framework/framework.yaml"
    framework.write_text(framework.read_text().replace("default_language: en", "default_language: fr")
                         .replace("languages: [en, es]", "languages: [fr, en, es]"))
    assert "A2.C1.L01 is not a learning outcome of the framework." in run("validate", "--root", str(root)).stdout


def test_an_unknown_message_language_is_one_line_and_exit_2(minimal_site: Path) -> None:
    result = run("validate", "--root", str(minimal_site), "--lang", "xx")
    assert result.exit_code == 2
    assert result.stderr == "error: coursegen has no messages in 'xx'; --lang takes one of en, es.\n"
    assert result.stdout == ""


def test_build_prints_the_content_problems_in_the_chosen_language(tmp_path: Path) -> None:
    root = make_site(tmp_path, overlay="unknown-outcome")
    result = run("build", "--root", str(root), "--site-dir", str(tmp_path / "out"), "--lang", "es")
    assert result.exit_code == 1
    assert "error CG302 A2.C1.L01 no es un resultado de aprendizaje del marco." in result.stdout
    assert not (tmp_path / "out").exists()


def test_codes_prints_the_reference_in_a_language() -> None:
    result = run("codes", "--lang", "es")
    assert result.exit_code == 0
    assert "| código | gravedad | significado |" in result.stdout
    assert "| CG302 | error | el módulo nombra un resultado de aprendizaje desconocido |" in result.stdout
