"""Promises about the repository itself: README commands, the documented code table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coursegen.diagnostics import codes_markdown
from coursegen.messages import languages

REPO = Path(__file__).resolve().parent.parent


def test_readme_opens_with_exactly_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```[^\n]*\n(.*?)```", readme, re.S)
    assert first_block and readme.index("```") < readme.index("\n\n", readme.index("# coursegen") + 12)
    commands = [line for line in first_block.group(1).splitlines() if line.strip()]
    assert len(commands) == 2
    assert "pip install" in commands[0] and "pytest" in commands[1]


def test_documented_codes_match_the_registry() -> None:
    documented = (REPO / "content/contribute/diagnostics.md").read_text(encoding="utf-8")
    assert codes_markdown() in documented, "run: coursegen codes, and paste the table into diagnostics.md"


@pytest.mark.parametrize("lang", [lang for lang in languages() if lang != "en"])
def test_each_catalogue_language_has_its_page_of_codes(lang: str) -> None:
    """The Contribute page of codes in every language coursegen has messages in, made from that catalogue."""
    documented = (REPO / f"content/contribute/diagnostics.{lang}.md").read_text(encoding="utf-8")
    assert codes_markdown(lang) in documented, \
        f"run: coursegen codes --lang {lang}, and paste the output into diagnostics.{lang}.md"


def test_the_page_of_codes_shows_each_code_with_its_messages_and_hints() -> None:
    page = codes_markdown("es")
    assert "### CG302: el módulo nombra un resultado de aprendizaje desconocido" in page
    assert "- `{code} no es un resultado de aprendizaje del marco.`" in page
    assert "    - pista: `Revisa el código en framework/areas/.`" in page
    assert "    - con una sugerencia: `¿Querías decir {suggestion}?`" in page
    assert "- ``Pide un paquete nuevo, hecho con `coursegen export module ID`; este no se ha importado.``" not in page
    assert "    - pista: ``Pide un paquete nuevo, hecho con `coursegen export module ID`; este no se ha importado.``" in page


#: An emphasis of the shipped Markdown (one `*`, over lines but not paragraphs) and its attribute list, if any.
_EMPHASIS = re.compile(r"(?<![*A-Za-z0-9])\*(?![*\s])((?:[^*\n]|\n(?!\s*\n))+?)(?<!\s)\*(?![*A-Za-z0-9])(\{[^}\n]*\})?")


def test_latin_script_phrases_in_the_arabic_translations_carry_their_language_and_direction() -> None:
    """The Arabic modules quote Spanish (offices, forms, what the carer will hear) in italics: each carries
    `{lang=es dir=ltr}`, so a screen reader reads it in Spanish and the right-to-left page keeps its
    punctuation ("¿Puede hablar más despacio, por favor?") where it belongs."""
    unmarked = []
    for path in sorted((REPO / "content").rglob("*.ar.md")):
        for match in _EMPHASIS.finditer(path.read_text(encoding="utf-8")):
            text, attributes = match.groups()
            latin = re.search(r"[A-Za-zÁÉÍÓÚáéíóúñÑ]", text) and not re.search(r"[\u0600-\u06FF]", text)
            if latin and "[](" not in text and not (attributes and "lang=" in attributes and "dir=ltr" in attributes):
                unmarked.append(f"{path.name}: {text}")
    assert unmarked == []
