"""The wheel: what `pip install coursegen` gets must build a site on its own, theme overrides included."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import make_site

PROJECT = Path(__file__).resolve().parents[1]
PACKAGE = PROJECT / "src" / "coursegen"
OVERRIDES = PROJECT / "site_overrides"


def build_wheel(tmp_path: Path) -> Path:
    """A wheel built from a copy of the project's sources (a build in the clone would leave build/ behind,
    and stale files there would end up in later wheels)."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", "LICENSE-CONTENT.md"):
        shutil.copy(PROJECT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    shutil.copytree(PROJECT / "src", source / "src", ignore=ignore)
    shutil.copytree(OVERRIDES, source / "site_overrides")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                           "--no-index", "-w", str(tmp_path / "dist"), str(source)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return next((tmp_path / "dist").glob("coursegen-*.whl"))


def test_wheel_holds_every_module_and_the_theme_overrides_and_builds_a_site(tmp_path):
    wheel = build_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {f"coursegen/{p.relative_to(PACKAGE).as_posix()}" for p in PACKAGE.rglob("*.py")}
    theme = {f"coursegen/site_overrides/{p.relative_to(OVERRIDES).as_posix()}"
             for p in OVERRIDES.rglob("*") if p.is_file()}
    assert modules <= names, f"missing from the wheel: {sorted(modules - names)}"
    assert theme <= names, f"missing from the wheel: {sorted(theme - names)}"
    catalogues = {f"coursegen/messages/{p.name}" for p in (PACKAGE / "messages").glob("*.yaml")}
    assert {"coursegen/messages/en.yaml", "coursegen/messages/es.yaml"} <= catalogues <= names

    installed = tmp_path / "installed"
    zipfile.ZipFile(wheel).extractall(installed)
    root = make_site(tmp_path, "minimal")
    env = {**os.environ, "PYTHONPATH": str(installed)}
    run = [sys.executable, "-c", "import sys, coursegen.cli as c; print(c.__file__, file=sys.stderr); c.main()",
           "build", "--root", str(root), "--site-dir", str(tmp_path / "out")]
    done = subprocess.run(run, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert str(installed) in done.stderr, "the build did not run from the unpacked wheel"
    page = (tmp_path / "out" / "modules" / "role" / "index.html").read_text(encoding="utf-8")
    assert "data-cg-search" in page and "assets/coursegen.css" in page  # from the packaged overrides
