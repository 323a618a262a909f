"""The fork guide (content/contribute/fork-guide.md), performed with the CLI on a copy of the shipped project:
a new language, a second national standard, a country module swapped in a course, a renamed site; it builds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner

from coursegen.cli import main

REPOSITORY = Path(__file__).resolve().parents[1]


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result


def shipped_project(tmp_path: Path) -> Path:
    """Step 1: a copy of the shipped project (what a clone holds, without the code)."""
    root = tmp_path / "fork"
    for folder in ("framework", "content", "site_overrides"):
        shutil.copytree(REPOSITORY / folder, root / folder)
    shutil.copy(REPOSITORY / "mkdocs.yml", root / "mkdocs.yml")
    return root


def add_standard(root: Path) -> None:
    """Step 3: a Belgian standard, copied from a Spanish one, with its own id, country and unit codes."""
    text = (root / "framework" / "standards" / "ES-SSCS0108.yaml").read_text(encoding="utf-8")
    text = text.replace("id: ES-SSCS0108", "id: BE-AIDE-FAMILIALE").replace("country: ES", "country: BE")
    text = re.sub(r"code: (\S+)", r"code: BE-\1", text)
    (root / "framework" / "standards" / "BE-AIDE-FAMILIALE.yaml").write_text(text, encoding="utf-8")


def swap_module(root: Path) -> str:
    """Step 4: a Belgian rights-at-work module with M02's outcomes and hours, in place of M02 in a course."""
    spain = yaml.safe_load((root / "content/modules/rights-at-work-spain.md").read_text(encoding="utf-8").split("---")[1])
    outcomes = [arg for code in spain["outcomes"] for arg in ("--outcome", code)]
    path = run("new", "module", "Your rights at work in Belgium", "--root", str(root), *outcomes).stdout.strip()
    module = root / path
    text = module.read_text(encoding="utf-8").replace("duration_hours: 1\n", f"duration_hours: {spain['duration_hours']}\n")
    module.write_text(text.replace("countries: []", "countries: [BE]"), encoding="utf-8")
    module_id = re.search(r"^id: (\S+)$", text, re.M).group(1)
    course = root / "content/courses/pre-departure-orientation.md"
    course.write_text(course.read_text(encoding="utf-8").replace("modules: [M01, M02,", f"modules: [M01, {module_id},"),
                      encoding="utf-8")
    return path


def rename_site(root: Path) -> None:
    """Step 5: the site's name is the framework's title, in the framework and in each of its translations,
    which then are recorded as up to date again."""
    for path in [root / "framework" / "framework.yaml", *sorted((root / "framework" / "translations").glob("*.yaml"))]:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^title: .*$", "title: Soins à domicile Belgique", text, count=1, flags=re.M)
        path.write_text(re.sub(r"^short_title: .*$", "short_title: SoinsBE", text, count=1, flags=re.M),
                        encoding="utf-8")
        if path.parent.name == "translations" and "translation: pending" not in text:
            run("translation", "done", path.stem, "framework", "--root", str(root))


def test_the_fork_guide_works_on_a_copy_of_the_shipped_project(tmp_path: Path) -> None:
    root = shipped_project(tmp_path)
    run("new", "language", "it", "--root", str(root))
    add_standard(root)
    module_path = swap_module(root)
    rename_site(root)
    run("validate", "--root", str(root), "--strict")
    status = run("status", "--root", str(root), "--lang", "it").stdout
    assert status.startswith("it: ") and "missing modules: M18 -> content/modules/your-rights-at-work-in-belgium.it.md" in status
    site = tmp_path / "site"
    run("build", "--root", str(root), "--site-dir", str(site), "--no-downloads")  # downloads: test_downloads.py

    home = BeautifulSoup((site / "it" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "SoinsBE" in home.title.get_text()
    italian_framework = (site / "it" / "framework" / "index.html").read_text(encoding="utf-8")
    assert "Soins à domicile Belgique" in BeautifulSoup(italian_framework, "html.parser").get_text(" ", strip=True)
    assert "Questa pagina non è ancora tradotta in italiano" in home.get_text(" ", strip=True)
    course = (site / "courses" / "pre-departure-orientation" / "index.html").read_text(encoding="utf-8")
    assert "Your rights at work in Belgium" in course and module_path.endswith("your-rights-at-work-in-belgium.md")
    # the outcomes, with the national units they map to, are on the framework's area pages
    areas = " ".join(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ", strip=True)
                     for page in sorted((site / "framework" / "areas").glob("*/index.html")))
    assert "BE-UC0249_2" in areas
    assert "Stato delle traduzioni" in (site / "it" / "contribute" / "status" / "index.html").read_text(encoding="utf-8")
    # the second standard has a page of its own, beside the Spanish one, with its units
    belgian = BeautifulSoup((site / "framework" / "standards" / "be-aide-familiale" / "index.html").read_text(
        encoding="utf-8"), "html.parser")
    assert "BE-UC0249_2" in belgian.get_text(" ", strip=True)
    assert (site / "framework" / "standards" / "es-sscs0108" / "index.html").is_file()
