"""Sources -> models: read every file of a project into a Library, turning every problem into a Diagnostic.

Validation is granular (each outcome, each competence, each module on its own) so that one bad item does
not hide the others, and pydantic's error locations are mapped back to file:line:column.
"""

from __future__ import annotations

import difflib
import re
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, make
from .library import Library, Located, LocatedItem, Page, Translation
from .models import (
    STRUCTURAL_FIELDS,
    Area,
    Competence,
    CourseMeta,
    Framework,
    FrameworkTranslation,
    Glossary,
    GlossaryTranslation,
    ModuleMeta,
    Outcome,
    PageMeta,
    Standard,
    TranslationMeta,
)
from .parse_memo import ParseMemo, read_with, scan_with, using
from .sources import Key, MarkdownFile, YamlDoc, load_yaml_file, read_text, split_front_matter
from .walk import project_files

M = TypeVar("M", bound=BaseModel)

FRAMEWORK_FILE = "framework/framework.yaml"
#: `name.<lang>.md` and `name.<lang>.yaml`: a translation. Two-letter ISO 639-1 codes, optional region.
TRANSLATION_NAME = re.compile(r"^(?P<base>.+)\.(?P<lang>[a-z]{2}(?:[-_][A-Z]{2})?)\.(?P<ext>md|ya?ml)$")
IGNORED_NAMES = frozenset({".gitkeep", "README.md", ".DS_Store"})


class NotAProject(Exception):
    """The folder has no framework/framework.yaml: nothing to validate."""


def is_project(root: Path) -> bool:
    return (root / FRAMEWORK_FILE).is_file()


def framework_language(root: Path) -> str | None:
    """The default language the framework file names, read on its own (None when it names none or cannot
    be read: `validate` reports why), so that commands can speak it before the project is loaded."""
    root = Path(root).resolve()
    path = root / FRAMEWORK_FILE
    if not is_project(root) or not path.resolve().is_relative_to(root):  # only files inside are read
        return None
    source, _ = read_text(path, FRAMEWORK_FILE)
    doc, _ = load_yaml_file(source) if source.text is not None else (None, [])
    lang = doc.data.get("default_language") if doc is not None else None
    return lang if isinstance(lang, str) else None


def load(root: Path, memo: ParseMemo | None = None) -> tuple[Library, list[Diagnostic]]:
    """Read the project at `root`. Raises NotAProject when it has no framework file. With `memo`, the files
    whose bytes did not change since its last load are not parsed again (see `parse_memo`)."""
    root = root.resolve()
    if not is_project(root):
        raise NotAProject(str(root))
    library = Library(root=root, content_dir=root / "content")
    diagnostics: list[Diagnostic] = []
    with using(memo):
        diagnostics += _load_framework(library)
        diagnostics += _load_content(library)
    if memo is not None:
        memo.keep_only(set(library.framework_files) | {f"content/{rel}" for rel in library.content_files})
    return library, diagnostics


# --- validation with positions -------------------------------------------------------------------

#: pydantic's error type -> the CG123 situation that explains it to an author (see messages/en.yaml).
_SITUATIONS = {
    "int_parsing": "whole_number",
    "int_type": "whole_number",
    "int_from_float": "whole_number",
    "float_parsing": "number",
    "float_type": "number",
    "string_type": "text",
    "bool_type": "true_false",
    "tuple_type": "list",
    "list_type": "list",
    "dict_type": "settings",
    "model_type": "settings",
    "model_attributes_type": "settings",
    "string_too_short": "empty",
    "greater_than": "greater_than",
    "literal_error": "one_of",
}


def _field_name(loc: tuple[Any, ...]) -> str:
    names = [str(part) for part in loc if isinstance(part, str)]
    return names[-1] if names else "this value"


def _explain(error: dict[str, Any]) -> tuple[str, dict[str, object]]:
    """The CG123 situation of a pydantic error and the arguments of its message."""
    situation = _SITUATIONS.get(error["type"], "other")
    context = error.get("ctx", {})
    if situation == "greater_than":
        return situation, {"minimum": context.get("gt", "")}
    if situation == "one_of":
        return situation, {"expected": context.get("expected", "")}
    if situation == "other":  # pydantic's own words (English): shown as they are
        return situation, {"problem": error["msg"][0].lower() + error["msg"][1:]}
    return situation, {}


def validate(model: type[M], data: Any, where: Located) -> tuple[M | None, list[Diagnostic]]:
    """Validate `data` against `model`, reporting every error at its file position."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_error_diagnostic(model, error, where) for error in exc.errors()]


def _error_diagnostic(model: type[BaseModel], error: dict[str, Any], where: Located) -> Diagnostic:
    loc = tuple(error["loc"])
    name = _field_name(loc)
    if error["type"] == "missing":
        position = where.at(*loc[:-1])
        return make("CG121", where.path, position.line, position.column, name=name)
    if error["type"] == "extra_forbidden":
        position = where.at(*loc, key=True)
        known = _known_fields(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        return make("CG122", where.path, position.line, position.column, name=str(loc[-1]),
                    suggestion=close[0] if close else "", allowed=", ".join(sorted(known)))
    position = where.at(*loc)
    situation, args = _explain(error)
    return make(f"CG123.{situation}", where.path, position.line, position.column, name=name, **args)


def _known_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the (nested) model at `loc`, for did-you-mean hints."""
    current: Any = model
    for part in loc:
        if not isinstance(part, str):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            break
        nested = _nested_model(field.annotation)
        if nested is None:
            break
        current = nested
    return list(getattr(current, "model_fields", {}))


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


# --- framework -----------------------------------------------------------------------------------


def _rel(library: Library, path: Path) -> str:
    """The project-relative path with forward slashes (a string slice: this runs for every file)."""
    return str(path)[len(str(library.root)) + 1:].replace("\\", "/")


def _read_yaml(library: Library, path: Path, rel: str | None = None) -> tuple[YamlDoc | None, list[Diagnostic]]:
    """The YAML file at `path`, whose project-relative path is `rel` (made from `path` when not given)."""
    rel = rel or _rel(library, path)
    doc, diagnostics = read_with(path, rel, lambda raw: _parse_yaml(path, rel, raw))
    if doc is None:
        library.unreadable.add(rel)
    return doc, diagnostics


def _parse_yaml(path: Path, rel: str, raw: bytes | None) -> tuple[YamlDoc | None, list[Diagnostic]]:
    source, diagnostics = read_text(path, rel, raw)
    doc, more = load_yaml_file(source) if source.text is not None else (None, [])
    return doc, diagnostics + more


def _files(library: Library, folder: str) -> tuple[list[Path], list[Diagnostic]]:
    """The files of `folder` that are safe to read (see `walk`), and a diagnostic for each one left out."""
    return project_files(library.root, folder, IGNORED_NAMES)


def _load_framework(library: Library) -> list[Diagnostic]:
    framework_dir = library.root / "framework"
    files, diagnostics = _files(library, "framework")
    library.framework_files = frozenset(_rel(library, p) for p in files)
    doc = None
    if FRAMEWORK_FILE in library.framework_files:  # else a link that is not read: reported by the walk
        doc, found = _read_yaml(library, library.root / FRAMEWORK_FILE)
        diagnostics += found
    if doc is not None:
        where = Located(FRAMEWORK_FILE, doc)
        library.framework, found = validate(Framework, doc.data, where)
        library.framework_where = where
        diagnostics += found
    for path in files:
        rel = _rel(library, path)
        folder = path.parent.relative_to(framework_dir).as_posix()
        if rel == FRAMEWORK_FILE:
            continue
        if path.suffix not in (".yaml", ".yml") or folder not in ("areas", "standards", "translations"):
            diagnostics.append(make("CG109", rel, 1, 1))
            continue
        diagnostics += guarded(rel, _load_framework_file, library, path, rel, folder)
    return diagnostics


def _load_framework_file(library: Library, path: Path, rel: str, folder: str) -> list[Diagnostic]:
    doc, diagnostics = _read_yaml(library, path, rel)
    if doc is None:
        return diagnostics
    if folder == "areas":
        return diagnostics + _load_area(library, doc, rel)
    if folder == "standards":
        standard, found = validate(Standard, doc.data, Located(rel, doc))
        if standard:
            library.standards.append((standard, Located(rel, doc)))
        return diagnostics + found
    return diagnostics + _load_framework_translation(library, doc, rel, path.stem)


def guarded(rel: str, func: Callable[..., list[Diagnostic]], *args: Any) -> list[Diagnostic]:
    """Run one file's step; a crash (a coursegen bug) becomes an internal-error diagnostic on that file."""
    try:
        return func(*args)
    except Exception as exc:  # noqa: BLE001 - the whole point is that no traceback reaches an author
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        return [make("CG901", rel, 1, 1, error=f"{type(exc).__name__}: {exc}",
                     place=f"{Path(frame.filename).name}:{frame.lineno}")]


def _load_area(library: Library, doc: YamlDoc, rel: str) -> list[Diagnostic]:
    """Validate outcomes, then competences, then the area, so one bad item does not hide the rest."""
    diagnostics: list[Diagnostic] = []
    data = doc.data
    competences: list[tuple[Competence, Key, list[Located]]] = []
    raw_competences = data.get("competences")
    for ci, raw_competence in enumerate(raw_competences if isinstance(raw_competences, list) else []):
        base: Key = ("competences", ci)
        competence, outcome_places, found = _validate_competence(library, Located(rel, doc, base), raw_competence)
        diagnostics += found
        if competence is not None:
            competences.append((competence, base, outcome_places))
    area_data = {**data, "competences": [c for c, _, _ in competences]} if isinstance(raw_competences, list) else data
    area, found = validate(Area, area_data, Located(rel, doc))
    diagnostics += found
    if area is None:
        _remember_invalid(library, data)
        return diagnostics
    diagnostics += _register(library, area, Located(rel, doc), None)
    for competence, base, outcome_places in competences:
        diagnostics += _register(library, competence, Located(rel, doc, base), area.code)
        for outcome, place in zip(competence.outcomes, outcome_places):
            diagnostics += _register(library, outcome, place, competence.code)
    return diagnostics


def _validate_competence(
    library: Library, where: Located, raw: Any
) -> tuple[Competence | None, list[Located], list[Diagnostic]]:
    """A competence with its valid outcomes, and the places those outcomes came from."""
    diagnostics: list[Diagnostic] = []
    raw_outcomes = raw.get("outcomes") if isinstance(raw, dict) else None
    outcomes, places = [], []
    for oi, raw_outcome in enumerate(raw_outcomes if isinstance(raw_outcomes, list) else []):
        place = Located(where.path, where.doc, (*where.base, "outcomes", oi))
        outcome, found = validate(Outcome, raw_outcome, place)
        diagnostics += found
        if outcome is None:
            _remember_invalid(library, raw_outcome)
        else:
            outcomes.append(outcome)
            places.append(place)
    data = {**raw, "outcomes": outcomes} if isinstance(raw_outcomes, list) else raw
    competence, found = validate(Competence, data, where)
    if competence is None:
        _remember_invalid(library, raw)
        for raw_outcome in raw_outcomes if isinstance(raw_outcomes, list) else []:
            _remember_invalid(library, raw_outcome)
    return competence, places, diagnostics + found


def _remember_invalid(library: Library, raw: Any) -> None:
    if isinstance(raw, dict) and isinstance(raw.get("code", raw.get("id")), (str, int, float)):
        library.invalid_ids.add(str(raw.get("code", raw.get("id"))))


def _register(library: Library, item: Area | Competence | Outcome, where: Located, parent: str | None):
    """Index a framework item by code; a code seen before is reported and the first one kept."""
    first = library.items.get(item.code)
    if first is None:
        library.items[item.code] = LocatedItem(item, where, parent)
        return []
    position = where.at("code")
    earlier = first.where.at("code")
    return [make("CG202", where.path, position.line, position.column, code=item.code, first_path=first.where.path,
                 first_line=earlier.line)]


def _load_framework_translation(library: Library, doc: YamlDoc, rel: str, stem: str) -> list[Diagnostic]:
    where = Located(rel, doc)
    translation, diagnostics = validate(FrameworkTranslation, doc.data, where)
    if translation is None:
        return diagnostics
    if translation.language != stem:
        position = where.at("language")
        diagnostics.append(make("CG503.file_name", rel, position.line, position.column, stem=stem,
                                lang=translation.language))
        return diagnostics
    if _pending(library, translation, rel):
        return diagnostics
    library.framework_translations[translation.language] = (translation, where)
    return diagnostics


def _pending(library: Library, translation: Any, rel: str) -> bool:
    """Whether a valid translation is a scaffold not yet translated (remembered, so status can tell)."""
    if translation.translation != "pending":
        return False
    library.pending.add(rel)
    return True


# --- content -------------------------------------------------------------------------------------


def _kind_of(rel: str) -> str:
    folder, _, name = rel.partition("/")
    if name and "/" not in name and name != "index.md":
        if folder == "modules":
            return "module"
        if folder == "courses":
            return "course"
    return "page"


#: What a content-relative path is prefixed with to be project-relative.
_CONTENT = "content/"


def _load_content(library: Library) -> list[Diagnostic]:
    files, diagnostics = _files(library, "content")
    project_rels = [_rel(library, path) for path in files]  # once per file: a library has thousands
    library.content_files = frozenset(rel[len(_CONTENT):] for rel in project_rels)
    translations: list[tuple[Path, str, re.Match[str]]] = []
    for path, project_rel in zip(files, project_rels):
        rel = project_rel[len(_CONTENT):]
        match = TRANSLATION_NAME.match(path.name)
        is_translation = match is not None and (match.group("ext") == "md" or rel.startswith("glossary."))
        if is_translation:
            translations.append((path, rel, match))
        elif path.suffix == ".md":
            diagnostics += guarded(project_rel, _load_page, library, path, rel)
        elif rel in ("glossary.yaml", "glossary.yml"):
            diagnostics += guarded(project_rel, _load_glossary, library, path)
    for path, rel, match in translations:
        diagnostics += guarded(_CONTENT + rel, _load_translation, library, path, rel, match)
    return diagnostics


def _read_markdown(path: Path, rel: str) -> tuple[MarkdownFile | None, list[Diagnostic]]:
    """The Markdown file at `path`, whose project-relative path is `rel`."""
    return read_with(path, rel, lambda raw: _parse_markdown(path, rel, raw))


def _parse_markdown(path: Path, rel: str, raw: bytes | None) -> tuple[MarkdownFile | None, list[Diagnostic]]:
    source, diagnostics = read_text(path, rel, raw)
    if source.text is None:
        return None, diagnostics
    markdown_file, more = split_front_matter(source)
    return markdown_file, diagnostics + more


def _load_page(library: Library, path: Path, rel: str) -> list[Diagnostic]:
    project_rel = _CONTENT + rel
    markdown_file, diagnostics = _read_markdown(path, project_rel)
    kind = _kind_of(rel)
    if markdown_file is None or kind != "page" and markdown_file.meta is None:
        library.unreadable.add(project_rel)
    if markdown_file is None:
        return diagnostics
    if kind != "page" and not markdown_file.has_front_matter:
        return diagnostics + [make(f"CG104.{kind}", project_rel, 1, 1)]
    if markdown_file.has_front_matter and markdown_file.meta is None:
        return diagnostics  # the front matter could not be read; already reported
    doc = markdown_file.meta or YamlDoc({})
    where = Located(project_rel, doc)
    model = {"module": ModuleMeta, "course": CourseMeta, "page": PageMeta}[kind]
    meta, found = validate(model, doc.data, where)
    diagnostics += found
    if meta is None:
        _remember_invalid(library, doc.data)
        library.unreadable.add(project_rel)
        return diagnostics
    scan = scan_with(project_rel, markdown_file.body, markdown_file.body_line)
    library.pages[rel] = Page(rel, kind, meta, dict(doc.data), markdown_file.body, markdown_file.body_line,
                              scan, where)
    return diagnostics


def _load_glossary(library: Library, path: Path) -> list[Diagnostic]:
    doc, diagnostics = _read_yaml(library, path)
    if doc is None:
        return diagnostics
    where = Located(_rel(library, path), doc)
    glossary, found = validate(Glossary, doc.data, where)
    library.glossary, library.glossary_where = glossary, where
    return diagnostics + found


def _load_translation(library: Library, path: Path, rel: str, base: re.Match[str]) -> list[Diagnostic]:
    """The translation at content-relative `rel`; `base` is its name's match of TRANSLATION_NAME."""
    project_rel = _CONTENT + rel
    lang = base.group("lang")
    source_rel = rel[: len(rel) - len(base.group(0))] + f"{base.group('base')}.{base.group('ext')}"
    if lang not in library.languages:
        return [make("CG503.translation", project_rel, 1, 1, lang=lang, languages=", ".join(library.languages),
                     framework_file=FRAMEWORK_FILE)]
    if lang == library.default_language:
        return [make("CG503.default_language", project_rel, 1, 1, lang=lang, source=source_rel)]
    if base.group("ext") != "md":
        return _load_glossary_translation(library, path, lang)
    page = library.pages.get(source_rel)
    if page is None:
        if source_rel in library.content_files:
            return []  # the source exists but is broken: already reported
        return [make("CG501.page", project_rel, 1, 1, source=source_rel)]
    markdown_file, diagnostics = _read_markdown(path, project_rel)
    if markdown_file is None:
        return diagnostics
    if not markdown_file.has_front_matter:
        return diagnostics + [make("CG104.translation", project_rel, 1, 1, version=page.version)]
    if markdown_file.meta is None:
        return diagnostics
    doc = markdown_file.meta
    where = Located(project_rel, doc)
    translated = {}
    for name, value in doc.data.items():
        if name in STRUCTURAL_FIELDS and page.kind != "page":
            if page.raw_meta.get(name) != value:
                position = where.at(name, key=True)
                diagnostics.append(make(f"CG502.{page.kind}", project_rel, position.line, position.column,
                                        name=name, source=page.where.path))
        else:
            translated[name] = value
    meta, found = validate(TranslationMeta, translated, where)
    diagnostics += found
    if meta is not None and not _pending(library, meta, project_rel):
        scan = scan_with(project_rel, markdown_file.body, markdown_file.body_line)
        page.translations[lang] = Translation(lang, rel, meta, markdown_file.body, markdown_file.body_line,
                                              scan, where)
    return diagnostics


def _load_glossary_translation(library: Library, path: Path, lang: str) -> list[Diagnostic]:
    project_rel = _rel(library, path)
    if library.glossary_where is None:
        return [make("CG501.glossary", project_rel, 1, 1)]
    doc, diagnostics = _read_yaml(library, path)
    if doc is None:
        return diagnostics
    where = Located(project_rel, doc)
    translation, found = validate(GlossaryTranslation, doc.data, where)
    if translation is not None and not _pending(library, translation, project_rel):
        library.glossary_translations[lang] = (translation, where)
    return diagnostics + found
