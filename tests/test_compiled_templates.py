"""Compiled templates are kept between builds by Jinja's bytecode cache, outside the project, and never
reach an environment they were not compiled for (`compiled_templates`)."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from coursegen.compiled_templates import keep_compiled


@pytest.fixture
def templates(tmp_path: Path, monkeypatch) -> Path:
    """A template folder, and a user cache folder of this test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("<p>{{ text }}</p>", encoding="utf-8")
    return folder


def environment(folder: Path, kind: str = "test", **options) -> jinja2.Environment:
    return keep_compiled(kind, jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), **options))


def never_compiles(env: jinja2.Environment) -> jinja2.Environment:
    def compile(*args, **kwargs):
        raise AssertionError("compiled again")
    env.compile = compile
    return env


def test_a_new_environment_loads_the_compiled_template(templates: Path) -> None:
    assert environment(templates).get_template("page.html").render(text="a") == "<p>a</p>"
    again = never_compiles(environment(templates))
    assert again.get_template("page.html").render(text="b") == "<p>b</p>"
    assert list((templates.parent / "cache" / "coursegen" / "templates").glob("__coursegen_*.cache"))
    assert not list(templates.rglob("*.cache"))


def test_an_edited_template_is_compiled_again(templates: Path) -> None:
    environment(templates).get_template("page.html")
    (templates / "page.html").write_text("<div>{{ text }}</div>", encoding="utf-8")
    assert environment(templates).get_template("page.html").render(text="c") == "<div>c</div>"


@pytest.mark.parametrize("kind", ["test", "other"])
def test_escaping_and_unescaping_environments_never_share_a_compiled_template(templates: Path, kind) -> None:
    for _ in range(2):  # compiled, then loaded from the cache
        escaping = environment(templates, autoescape=True)
        plain = environment(templates, kind, autoescape=False)
        assert escaping.get_template("page.html").render(text="<b>") == "<p>&lt;b&gt;</p>"
        assert plain.get_template("page.html").render(text="<b>") == "<p><b></p>"


def test_without_a_private_folder_every_build_compiles(templates: Path, monkeypatch) -> None:
    folder = templates.parent / "cache" / "coursegen" / "templates"
    folder.mkdir(parents=True)
    folder.chmod(0o777)  # anyone could put code there
    env = environment(templates)
    assert env.bytecode_cache is None and env.get_template("page.html").render(text="d") == "<p>d</p>"
