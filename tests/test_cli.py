"""The command line: exit codes, text, JSON and GitHub formats, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
                               capture_output=True, text=True, timeout=60)
    assert completed.returncode == 1
    assert "CG108" in completed.stdout and "Traceback" not in completed.stderr
