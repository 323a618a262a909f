"""`coursegen new language xx`: register a language and scaffold everything a translator translates.

Every scaffold is a translation file marked `translation: pending`, holding the source text to be
translated in place: the loader reads and checks it but does not count it as a translation, so the site
keeps showing the original with a "not yet translated" notice, and `coursegen status` counts it missing,
until the translator removes the marker. Nothing is ever overwritten: a file that exists is left as it is,
so running the command again changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from .i18n import direction, is_known_language, language_name_in
from .library import Library, Page
from .loader import FRAMEWORK_FILE
from .scaffold_files import ScaffoldError, create, yaml_block
from .translation_status import translation_rel
from .ui_strings import STRINGS_FOLDER, UiStrings

PENDING_NOTE = ("# Not translated yet. Translate the texts below in place (the original is already filled in), then\n"
                "# delete the line 'translation: pending': until then the site shows the original.\n")


@dataclass(frozen=True)
class LanguageScaffold:
    """What `new language` did: whether it registered the language, and the files it created."""

    lang: str
    direction: str
    registered: bool
    created: tuple[str, ...]


def new_language(library: Library, lang: str) -> LanguageScaffold:
    """Register `lang` in framework.yaml and create each missing translation file, marked pending."""
    if not is_known_language(lang):
        raise ScaffoldError(f"{lang!r} is not a language code coursegen knows: use a two-letter ISO 639-1 code "
                            "such as it, pt or uk.")
    if lang == library.default_language:
        raise ScaffoldError(f"{lang!r} is the default language: its files are the originals.")
    registered = register_language(library.root, lang)
    created = tuple(rel for rel, text in scaffolds(library, lang) if create(library.root, rel, text))
    return LanguageScaffold(lang, direction(lang), registered, created)


# --- framework.yaml --------------------------------------------------------------------------------


def register_language(root: Path, lang: str) -> bool:
    """Add `lang` to the `languages` of framework.yaml, editing only that list (comments and layout stay);
    False when it is there already."""
    path = root / FRAMEWORK_FILE
    text = path.read_text(encoding="utf-8")
    changed = with_language(text, lang)
    if changed == text:
        return False
    path.write_text(changed, encoding="utf-8", newline="")
    return True


def with_language(text: str, lang: str) -> str:
    """The framework file's text with `lang` appended to its `languages` list, in the list's own style."""
    node = _languages_node(text)
    if isinstance(node, yaml.ScalarNode):
        if node.value == lang:
            return text
        start, end = node.start_mark.index, node.end_mark.index
        return f"{text[:start]}[{node.value}, {lang}]{text[end:]}"
    codes = [item.value for item in node.value]
    if lang in codes:
        return text
    if node.flow_style or not codes:
        close = text.rindex("]", 0, node.end_mark.index)
        return f"{text[:close]}{', ' if codes else ''}{lang}{text[close:]}"
    last = node.value[-1]
    line_start = text.rfind("\n", 0, last.start_mark.index) + 1
    line_end = text.find("\n", last.end_mark.index)
    line_end = len(text) if line_end == -1 else line_end
    return f"{text[:line_end]}\n{text[line_start:last.start_mark.index]}{lang}{text[line_end:]}"


def _languages_node(text: str) -> yaml.Node:
    """The YAML node of the framework's `languages` (validation has made sure it is there and readable)."""
    document = yaml.compose(text, Loader=yaml.SafeLoader)
    for key, value in document.value if isinstance(document, yaml.MappingNode) else ():
        if key.value == "languages" and isinstance(value, (yaml.ScalarNode, yaml.SequenceNode)):
            return value
    raise ScaffoldError(f"{FRAMEWORK_FILE} has no 'languages' list to add the language to.")


# --- the scaffolds ---------------------------------------------------------------------------------


def scaffolds(library: Library, lang: str) -> Iterator[tuple[str, str]]:
    """(project-relative path, text) of every translation file `lang` could have, in a fixed order."""
    if library.framework is not None:
        yield f"framework/translations/{lang}.yaml", framework_scaffold(library, lang)
    for rel in sorted(library.pages):
        page = library.pages[rel]
        yield translation_rel(page.where.path, lang), page_scaffold(page)
    if library.glossary is not None and library.glossary_where is not None:
        yield translation_rel(library.glossary_where.path, lang), glossary_scaffold(library)
    strings = ui_strings_scaffold(library.root, lang)
    if strings is not None:
        yield f"site_overrides/{STRINGS_FOLDER}/{lang}.yaml", strings


def page_scaffold(page: Page) -> str:
    """A page's translation to be: its translatable front matter and its body, still in the original."""
    meta = {"translation": "pending", "source_version": page.version}
    for name in ("title", "summary", "description"):
        value = getattr(page.meta, name, None)
        if value:
            meta[name] = value
    return f"---\n{PENDING_NOTE}{yaml_block(meta)}---\n{page.body}"


def framework_scaffold(library: Library, lang: str) -> str:
    """The framework's translation to be: every title, description, statement and criterion, in the original."""
    framework = library.framework
    assert framework is not None
    data: dict = {"language": lang, "source_version": framework.version, "translation": "pending",
                  "title": framework.title}
    if framework.description:
        data["description"] = framework.description
    if framework.occupations:
        data["occupations"] = {occupation.uri: occupation.title for occupation in framework.occupations}
    data["areas"] = {code: _titled(area) for code, area in library.areas.items()}
    data["competences"] = {code: _titled(competence) for code, competence in library.competences.items()}
    data["outcomes"] = {code: {"statement": outcome.statement,
                               **({"assessment_criteria": list(outcome.assessment_criteria)}
                                  if outcome.assessment_criteria else {})}
                        for code, outcome in library.outcomes.items()}
    return PENDING_NOTE + yaml_block(data)


def _titled(item) -> dict[str, str]:
    return {"title": item.title, **({"description": item.description} if item.description else {})}


def glossary_scaffold(library: Library) -> str:
    """The glossary's translation to be: every term and definition, in the original."""
    glossary = library.glossary
    assert glossary is not None
    terms = {term.id: {"term": term.term, "definition": term.definition} for term in glossary.terms}
    return PENDING_NOTE + yaml_block({"source_version": glossary.version, "translation": "pending", "terms": terms})


def ui_strings_scaffold(root: Path, lang: str) -> str | None:
    """The site's words `lang` lacks, each empty under its English original (an empty word is shown in
    English); None when coursegen and the project already have them all."""
    strings = UiStrings(root)
    missing = strings.missing(lang)
    if not missing:
        return None
    name = language_name_in("en", lang)
    lines = [f"# Words the site says in {name} ({lang}). Each one left empty is shown in English (the comment",
             "# above it); fill them in. {placeholders} are filled in by coursegen: keep them as they are."]
    for key in missing:
        english = " ".join(strings.fallback[key].split())
        lines += [f"# {english}", yaml_block({key: None}).replace(" null", "", 1).rstrip("\n")]
    return "\n".join(lines) + "\n"
