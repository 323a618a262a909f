"""`coursegen import`: a module package (see `export.package`) into this project, all or nothing.

The import reads the whole package first and refuses it when it is not safe (unsafe names, links, too many
or too large entries, a file that fails its manifest's sha256). It then plans every change against the
project's library and reports every conflict as a CG7xx diagnostic. Only a plan without errors is applied,
and a failed write undoes the writes before it. Files are never overwritten without `replace`; the
project's framework files are never edited: outcomes are added only as a new area file, when the area's
code is free (see `plan_framework`). Glossary and translation files get new entries appended, and each such
edit is checked by reading the result back: if it does not say exactly what the file said plus the new
entries, it is a conflict, not a write.
"""

from __future__ import annotations

import io
import json
import posixpath
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

import yaml
from pydantic import ValidationError

from .diagnostics import Diagnostic, has_errors, make
from .messages import Phrase, phrase
from .export.base import write_atomic
from .export.package import FORMAT_VERSION, FRAMEWORK_FILE, GLOSSARY_FILE, MANIFEST, sha256
from .library import Library
from .loader import TRANSLATION_NAME
from .markdown_scan import LinkSpan, link_spans, mask_code  # the links validate sees are the ones rewritten
from .models import Area, GlossaryTerm, ModuleMeta, OutcomeText, TermText, TitledText
from .sources import Source, split_front_matter
from .templates import md_text

MAX_PACKAGE_BYTES = 100 * 1024 * 1024
MAX_ENTRIES = 1000
MAX_ENTRY_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 100 * 1024 * 1024
#: Real content compresses 2-10 times; a ratio far beyond that is a zip bomb.
MAX_RATIO = 200
PACKAGE_FILES = (MANIFEST, FRAMEWORK_FILE, GLOSSARY_FILE)


class PackageRefused(Exception):
    """The package cannot be read safely: `diagnostics` say why."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(diagnostics[0].message)
        self.diagnostics = diagnostics


@dataclass
class Package:
    name: str  # the zip's file name, for diagnostics
    manifest: dict[str, Any]
    files: dict[str, bytes]  # every entry but the manifest, by name

    def at(self, entry: str) -> str:
        return f"{self.name}/{entry}"

    def json(self, entry: str) -> dict[str, Any]:
        return json.loads(self.files[entry].decode("utf-8"))


@dataclass(frozen=True)
class Change:
    path: str  # relative to the project root
    data: bytes
    action: str  # "add" or "change"
    why: str


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


# --- reading the package: every check before anything is used --------------------------------------


def read_package(path: Path) -> Package:
    """Read and check a package file. Raises PackageRefused."""
    name = path.name
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a fifo or a device would hang the read
            _refuse("CG701.not_a_file", name)
        if path.stat().st_size > MAX_PACKAGE_BYTES:
            _refuse("CG703.package_size", name, limit_mb=MAX_PACKAGE_BYTES // 2**20)
        archive = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    except (OSError, zipfile.BadZipFile) as error:
        _refuse("CG701.not_zip", name, error=str(error))
    with archive:
        entries = _checked_entries(name, archive)
        data = {info.filename: _read_entry(name, archive, info) for info in entries}
    manifest = _manifest(name, data.pop(MANIFEST, None))
    _check_files(name, manifest, data)
    for entry, key in ((FRAMEWORK_FILE, "areas"), (GLOSSARY_FILE, "terms")):
        try:
            parsed = json.loads(data[entry].decode("utf-8"))
            assert isinstance(parsed, dict) and isinstance(parsed.get(key, []), list)
        except (ValueError, AssertionError):
            _refuse("CG701.unreadable_file", f"{name}/{entry}")
    return Package(name, manifest, data)


def _refuse(key: str, path: str, /, **args: object) -> None:
    raise PackageRefused([make(key, path, 1, 1, **args)])


def _checked_entries(name: str, archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        _refuse("CG703.entries", name, entries=len(infos), limit=MAX_ENTRIES)
    problems, seen, total = [], set(), 0
    for info in infos:
        problem = _name_problem(info)
        folded = info.filename.casefold()
        if problem is None and folded in seen:
            problem = phrase("entry.twice")
        seen.add(folded)
        if problem:
            problems.append(make("CG702.entry", f"{name}/{info.filename}", 1, 1, problem=problem))
        total += info.file_size
        if info.file_size > MAX_ENTRY_BYTES or info.file_size > MAX_RATIO * max(info.compress_size, 1024):
            problems.append(make("CG703.entry_size", f"{name}/{info.filename}", 1, 1, size_mb=info.file_size // 2**20))
    if total > MAX_TOTAL_BYTES:
        problems.append(make("CG703.total_size", name, 1, 1, limit_mb=MAX_TOTAL_BYTES // 2**20))
    if problems:
        raise PackageRefused(problems)
    return [info for info in infos if not info.is_dir()]


def _name_problem(info: zipfile.ZipInfo) -> Phrase | None:
    name = info.filename
    mode = info.external_attr >> 16
    if info.create_system == 3 and stat.S_ISLNK(mode):
        return phrase("entry.symbolic_link")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or "\\" in name:
        return phrase("entry.absolute_path")
    parts = name.rstrip("/").split("/") if info.is_dir() else name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return phrase("entry.dot_parts")
    if any(ord(char) < 32 for char in name):
        return phrase("entry.control_characters")
    if not info.is_dir() and name not in PACKAGE_FILES and parts[0] != "content":
        return phrase("entry.outside_content")
    return None


def _read_entry(name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The entry's bytes, reading no more than it declares (a header may lie about the size)."""
    try:
        with archive.open(info) as handle:
            data = handle.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as error:
        _refuse("CG701.entry", f"{name}/{info.filename}", error=str(error))
    if len(data) > info.file_size:
        _refuse("CG703.entry_lies", f"{name}/{info.filename}")
    return data


def _manifest(name: str, data: bytes | None) -> dict[str, Any]:
    if data is None:
        _refuse("CG701.no_manifest", name, manifest=MANIFEST)
    try:
        manifest = json.loads(data.decode("utf-8"))
        module = manifest["module"]
        assert manifest.get("format") == "coursegen-package"
        assert isinstance(module["id"], str) and isinstance(module["path"], str)
        assert all(isinstance(f["path"], str) and isinstance(f["sha256"], str) for f in manifest["files"])
    except (ValueError, KeyError, TypeError, AssertionError):
        _refuse("CG701.manifest", f"{name}/{MANIFEST}")
    if manifest.get("format_version") != FORMAT_VERSION:
        _refuse("CG701.format_version", f"{name}/{MANIFEST}", version=str(manifest.get("format_version")),
                supported=FORMAT_VERSION)
    return manifest


def _check_files(name: str, manifest: dict[str, Any], data: dict[str, bytes]) -> None:
    listed = {entry["path"]: entry["sha256"] for entry in manifest["files"]}
    problems = []
    for entry in sorted(set(listed) | set(data)):
        if entry not in data:
            situation = "missing"
        elif entry not in listed:
            situation = "unlisted"
        elif sha256(data[entry]) != listed[entry]:
            situation = "changed"
        else:
            continue
        problems.append(make(f"CG704.{situation}", f"{name}/{entry}", 1, 1))
    if not set(PACKAGE_FILES[1:]) <= set(data):
        problems.append(make("CG704.parts", name, 1, 1))
    if problems:
        raise PackageRefused(problems)


# --- the plan ---------------------------------------------------------------------------------------


class Planner:
    """Compares the package with the project's library and collects the changes and the conflicts."""

    def __init__(self, library: Library, package: Package, replace: bool) -> None:
        self.library, self.package, self.replace = library, package, replace
        self.module = package.manifest["module"]
        self.plan = Plan()
        self.texts: dict[str, str] = {}  # project files edited so far, by path

    def conflict(self, key: str, path: str, line: int = 1, /, **args: object) -> None:
        self.plan.diagnostics.append(make(key, path, line, 1, **args))

    def run(self) -> Plan:
        if self.module.get("default_language") != self.library.default_language:
            self.conflict("CG713", self.package.at(MANIFEST), module_lang=str(self.module.get("default_language")),
                          project_lang=self.library.default_language)
            return self.plan
        if not self.module_file_ok():
            return self.plan
        self.plan_module_id()
        self.plan_prerequisites()
        self.plan_content()
        self.plan_framework()
        self.plan_glossary()
        for path, text in sorted(self.texts.items()):
            exists = (self.library.root / path).exists()
            self.plan.changes.append(Change(path, text.encode("utf-8"), "change" if exists else "add",
                                            "new glossary terms, outcomes or their translations"))
        return self.plan

    # module and its files

    def module_file_ok(self) -> bool:
        path = self.module["path"]
        if path in self.package.files and posixpath.dirname(path) == "content/modules" and path.endswith(".md"):
            return True
        self.conflict("CG701.module_path", self.package.at(MANIFEST), path=path)
        return False

    def linked_assets(self) -> set[str]:
        """The package's files that its Markdown links to: the only other files a package may bring."""
        linked = set()
        for entry, data in self.package.files.items():
            if entry.startswith("content/") and entry.endswith(".md"):
                for span in link_spans(mask_code(data.decode("utf-8", errors="replace"))):
                    raw = span.target.strip("<>").partition("#")[0].partition("?")[0]
                    linked.add(posixpath.normpath(posixpath.join(posixpath.dirname(entry), unquote(raw))))
        return linked

    def plan_module_id(self) -> None:
        module_id, path = self.module["id"], self.module["path"]
        existing = self.library.modules.get(module_id)
        if existing is None:
            return
        at = f"content/{existing.rel}"
        if self.replace and at == path:
            return
        if at == path:
            self.conflict("CG705.same_path", at, id=module_id, title=existing.meta.title)
        else:
            self.conflict("CG705.other_path", at, id=module_id, title=existing.meta.title, package_path=path,
                          path=at)

    def plan_prerequisites(self) -> None:
        for prerequisite in self.module.get("prerequisites", []):
            if prerequisite not in self.library.modules:
                self.conflict("CG710", self.package.at(self.module["path"]), prerequisite=prerequisite)

    def plan_content(self) -> None:
        base = posixpath.splitext(posixpath.basename(self.module["path"]))[0]
        folder = posixpath.dirname(self.module["path"])
        linked = self.linked_assets()
        for entry, data in sorted(self.package.files.items()):
            if not entry.startswith("content/"):
                continue
            if not entry.endswith(".md") and (entry not in linked or entry.endswith((".yaml", ".yml"))):
                self.conflict("CG702.unlinked", self.package.at(entry))
                continue
            if entry.endswith(".md"):
                lang = self.markdown_language(entry, base, folder)
                if lang is None:
                    continue
                data = self.adapt_markdown(entry, data, lang)
            self.plan_file(entry, data, "from the package")

    def markdown_language(self, entry: str, base: str, folder: str) -> str | None:
        """The language of one of the module's Markdown files; None (and a diagnostic) for any other page."""
        if entry == self.module["path"]:
            self.check_module_file(entry)
            return self.library.default_language
        match = TRANSLATION_NAME.match(posixpath.basename(entry))
        if posixpath.dirname(entry) != folder or not match or match.group("base") != base or \
                match.group("ext") != "md" or match.group("lang") == self.library.default_language:
            self.conflict("CG702.other_page", self.package.at(entry))
            return None
        lang = match.group("lang")
        if lang not in self.library.languages:
            self.conflict("CG712", self.package.at(entry), lang=lang)
            return None
        return lang

    def check_module_file(self, entry: str) -> None:
        if posixpath.dirname(entry) != "content/modules":
            self.conflict("CG702.module_folder", self.package.at(entry))
            return
        meta = front_matter(self.package.files[entry])
        if meta is None or meta.id != self.module["id"]:
            self.conflict("CG701.module_settings", self.package.at(entry), id=self.module["id"])

    def plan_file(self, path: str, data: bytes, why: str) -> None:
        target = self.library.root / path
        problem = unsafe_target(self.library.root, path)
        if problem:
            self.conflict("CG706.unsafe", path, problem=problem)
            return
        if not target.exists():
            self.plan.changes.append(Change(path, data, "add", why))
        elif target.read_bytes() == data:
            self.plan.unchanged.append(path)
        elif self.replace:
            self.plan.changes.append(Change(path, data, "change", why))
        else:
            self.conflict("CG706.exists", path)

    def adapt_markdown(self, entry: str, data: bytes, lang: str) -> bytes:
        """Links to modules, courses and pages the project does not have become their text (a warning each)."""
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            self.conflict("CG701.not_utf8", self.package.at(entry))
            return data
        source = Source(Path(entry), entry, text)
        markdown_file, _ = split_front_matter(source)
        body_start = len(text) - len(markdown_file.body)
        masked = mask_code(markdown_file.body)
        pieces, last = [], 0
        for span in link_spans(masked):
            replacement = self.link_text(entry, span, lang)
            if replacement is None:
                continue
            start, end = body_start + span.start, body_start + span.end
            line = text.count("\n", 0, start) + 1
            self.conflict("CG711", self.package.at(entry), line, target=span.target, text=replacement)
            pieces += [text[last:start], replacement]
            last = end
        return ("".join(pieces) + text[last:]).encode("utf-8") if pieces else data

    def link_text(self, entry: str, span: LinkSpan, lang: str) -> str | None:
        """The Markdown that replaces a link the project cannot resolve (the link's own text, else the title
        of its target, escaped), or None to keep the link."""
        if span.image:
            return None  # images come with the package
        target = span.target.strip("<>").strip()
        scheme, _, value = target.partition(":")
        links = self.package.manifest.get("links", {})
        if scheme in ("module", "course"):
            known = self.library.modules if scheme == "module" else self.library.courses
            if value in known or value == self.module["id"]:
                return None
            titles = links.get(scheme + "s", {}).get(value, {})
        elif ":" not in target.split("/")[0] and target.partition("#")[0].endswith(".md"):
            raw = target.partition("#")[0]
            rel = posixpath.normpath(posixpath.join(posixpath.dirname(entry), raw))
            if rel.removeprefix("content/") in self.library.content_files or rel in self.package.files:
                return None
            titles = links.get("pages", {}).get(rel.removeprefix("content/"), {})
        else:
            return None
        title = titles.get(lang) or titles.get(self.library.default_language) or value
        return span.text.strip() or md_text(title)

    # framework

    def plan_framework(self) -> None:
        """Outcomes the project has are used as they are (a warning when their texts differ). Missing ones are
        added only with their whole area, as a new file framework/areas/<code>.yaml, when that code is free:
        the import never edits the project's framework, whose structure its authors own."""
        framework = self.package.json(FRAMEWORK_FILE)
        brought = {item.get("code") for area in framework.get("areas", []) for item in walk_items(area)}
        meta = front_matter(self.package.files[self.module["path"]])
        for code in meta.outcomes if meta else ():
            if code not in brought and code not in self.library.outcomes:
                self.conflict("CG707.nowhere", self.package.at(self.module["path"]), code=code)
        for area in framework.get("areas", []):
            try:
                model = Area.model_validate(strip_translations(area))
            except (ValidationError, TypeError) as error:
                self.conflict("CG701.area", self.package.at(FRAMEWORK_FILE), error=type(error).__name__)
                continue
            if model.code in self.library.areas:
                self.compare_area(area)
            else:
                self.add_area(area, model)

    def compare_area(self, area: dict[str, Any]) -> None:
        library = self.library
        for competence in area.get("competences", []):
            for outcome in competence.get("outcomes", []):
                code = outcome["code"]
                if code not in library.outcomes:
                    parent = library.items.get(competence["code"]) or library.items[area["code"]]
                    where = parent.where.path
                    self.conflict("CG707.in_area", where, parent.where.at("code").line, code=code, area=area["code"],
                                  statement=outcome["statement"], file=where)
                elif library.outcomes[code].statement.strip() != outcome["statement"].strip():
                    where = library.items[code].where
                    self.conflict("CG708", where.path, where.at("code").line, code=code,
                                  statement=outcome["statement"])

    def add_area(self, area: dict[str, Any], model: Area) -> None:
        path = f"framework/areas/{model.code}.yaml"
        taken = [c["code"] for c in walk_items(area) if c["code"] in self.library.items]
        if taken:
            self.conflict("CG707.code_taken", self.library.items[taken[0]].where.path, area=model.code,
                          code=taken[0])
            return
        model = self.without_unknown_units(model)
        plain = model.model_dump(mode="json", exclude_defaults=True)  # in the order authors write it
        data = yaml.safe_dump(plain, allow_unicode=True, sort_keys=False, width=100)
        self.plan_file(path, data.encode("utf-8"), f"the area {model.code} with the outcomes the module addresses")
        for lang in self.library.languages[1:]:
            for key, values in area_translations(area, lang).items():
                if values:
                    self.add_entries(f"framework/translations/{lang}.yaml", key, values,
                                     {"language": lang, "source_version": self.framework_version()})

    def without_unknown_units(self, area: Area) -> Area:
        """The area with alignments only to national units this project declares (the others are the source
        project's national mappings, which do not come with a module)."""
        competences = []
        for competence in area.competences:
            outcomes = []
            for outcome in competence.outcomes:
                unknown = [unit for unit in outcome.alignments if unit not in self.library.units]
                if unknown:
                    self.conflict("CG715", self.package.at(FRAMEWORK_FILE), code=outcome.code,
                                  units=", ".join(unknown))
                    outcome = outcome.model_copy(update={"alignments": tuple(
                        unit for unit in outcome.alignments if unit in self.library.units)})
                outcomes.append(outcome)
            competences.append(competence.model_copy(update={"outcomes": tuple(outcomes)}))
        return area.model_copy(update={"competences": tuple(competences)})

    def framework_version(self) -> str:
        return self.library.framework.version if self.library.framework else "1"

    # glossary

    def plan_glossary(self) -> None:
        glossary = self.package.json(GLOSSARY_FILE)
        for raw in glossary.get("terms", []):
            try:
                term = GlossaryTerm.model_validate(strip_translations(raw))
            except (ValidationError, TypeError):
                self.conflict("CG701.term", self.package.at(GLOSSARY_FILE))
                continue
            self.plan_term(term, raw.get("translations", {}))

    def plan_term(self, term: GlossaryTerm, translations: dict[str, Any]) -> None:
        existing = self.library.terms.get(term.id)
        if existing is not None:
            if (existing.term, existing.definition.strip()) != (term.term, term.definition.strip()):
                where = self.library.glossary_where.path if self.library.glossary_where else "content/glossary.yaml"
                self.conflict("CG709", where, id=term.id, term=term.term, definition=term.definition)
            return
        known = set(self.library.terms) | {t["id"] for t in self.package.json(GLOSSARY_FILE).get("terms", [])}
        data = term.model_dump(mode="json", exclude_defaults=True)
        if term.see_also:
            data["see_also"] = [other for other in term.see_also if other in known]
            if not data["see_also"]:
                del data["see_also"]
        version = self.library.glossary.version if self.library.glossary else "1"
        self.add_entries("content/glossary.yaml", "terms", [data], {"version": version})
        for lang, texts in sorted(translations.items()):
            if lang in self.library.languages[1:]:
                texts = TermText.model_validate(texts).model_dump(mode="json", exclude_defaults=True)
                self.add_entries(f"content/glossary.{lang}.yaml", "terms", {term.id: texts},
                                 {"source_version": version})

    # appending to YAML files

    def add_entries(self, path: str, key: str, entries: list | dict, new_file: dict[str, Any]) -> None:
        """Plan to add `entries` under the top-level `key` of the YAML file `path` (created if absent)."""
        target = self.library.root / path
        if path not in self.texts:
            problem = unsafe_target(self.library.root, path)
            if problem:
                self.conflict("CG714.unsafe", path, problem=problem)
                return
            self.texts[path] = target.read_text("utf-8") if target.exists() else \
                yaml.safe_dump(new_file, allow_unicode=True, sort_keys=False)
        edited = append_yaml(self.texts[path], key, entries)
        if edited is None:
            listed = ", ".join(map(str, ids(entries)))
            self.conflict("CG714.append", path, key=key, entries=listed)
            return
        self.texts[path] = edited


def area_translations(area: dict[str, Any], lang: str) -> dict[str, dict[str, Any]]:
    """The texts in `lang` of a package area and its items, as a framework translation file holds them."""
    entries: dict[str, dict[str, Any]] = {"areas": {}, "competences": {}, "outcomes": {}}
    for item in walk_items(area):
        texts = item.get("translations", {}).get(lang)
        if texts:
            kind = "outcomes" if "statement" in item else "competences" if "outcomes" in item else "areas"
            model = OutcomeText if kind == "outcomes" else TitledText
            entries[kind][item["code"]] = model.model_validate(texts).model_dump(mode="json", exclude_defaults=True)
    return entries


def ids(entries: list | dict) -> list[str]:
    return list(entries) if isinstance(entries, dict) else [entry.get("id", "?") for entry in entries]


def strip_translations(item: Any) -> Any:
    """A package item as the project's YAML says it: without the `translations` the package adds."""
    if isinstance(item, dict):
        return {key: strip_translations(value) for key, value in item.items() if key != "translations"}
    if isinstance(item, list):
        return [strip_translations(value) for value in item]
    return item


def walk_items(area: dict[str, Any]) -> list[dict[str, Any]]:
    """The area, its competences and their outcomes, as package dictionaries."""
    found = [area]
    for competence in area.get("competences", []):
        found.append(competence)
        found += competence.get("outcomes", [])
    return found


def front_matter(data: bytes) -> ModuleMeta | None:
    try:
        source = Source(Path("module.md"), "module.md", data.decode("utf-8"))
        markdown_file, _ = split_front_matter(source)
        return ModuleMeta.model_validate(markdown_file.meta.data) if markdown_file.meta else None
    except (UnicodeDecodeError, ValidationError, AttributeError):
        return None


def unsafe_target(root: Path, path: str) -> Phrase | None:
    """Why writing `path` could leave the project (a folder on the way that is a link), else None."""
    current = root
    parts = PurePosixPath(path).parts
    for index, part in enumerate(parts):
        current = current / part
        if current.is_symlink():
            return phrase("target.link", path="/".join(parts[:index + 1]))
        if index < len(parts) - 1 and current.exists() and not current.is_dir():
            return phrase("target.file_for_folder", path="/".join(parts[:index + 1]))
    if current.exists() and not current.is_file():
        return phrase("target.not_a_file", path=path)
    return None


def append_yaml(text: str, key: str, entries: list | dict) -> str | None:
    """`text` with `entries` added at the end of its top-level block list or mapping `key` (or a new `key`),
    every other line kept; None when that cannot be done safely (the result is read back and compared)."""
    try:
        before = yaml.safe_load(text) or {}
        node = yaml.compose(text)
    except yaml.YAMLError:
        return None
    if not isinstance(before, dict):
        return None
    value = _top_value(node, key)
    if value is None:
        if key in before:
            return None
        edited = text + ("" if not text or text.endswith("\n") else "\n") + yaml.safe_dump(
            {key: entries}, allow_unicode=True, sort_keys=False, width=100)
    else:
        if value.flow_style or not value.value or not isinstance(value, (yaml.SequenceNode, yaml.MappingNode)):
            return None
        edited = _insert_after(text, value, entries)
    expected = dict(before)
    if isinstance(entries, dict):
        if set(entries) & set(before.get(key) or {}):
            return None
        expected[key] = {**(before.get(key) or {}), **entries}
    else:
        expected[key] = [*(before.get(key) or []), *entries]
    try:
        return edited if yaml.safe_load(edited) == expected else None
    except yaml.YAMLError:
        return None


def _top_value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return value_node
    return None


def _last_line(node: yaml.Node) -> int:
    """The 0-based line of the last character of a node's content."""
    if isinstance(node, yaml.ScalarNode):
        end = node.end_mark
        return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line
    children = [v for pair in node.value for v in pair] if isinstance(node, yaml.MappingNode) else node.value
    return max(_last_line(child) for child in children)


def _insert_after(text: str, value: yaml.Node, entries: list | dict) -> str:
    lines = text.splitlines(keepends=True)
    first = value.value[0][0] if isinstance(value, yaml.MappingNode) else value.value[0]
    line = lines[first.start_mark.line]
    indent = first.start_mark.column
    if isinstance(value, yaml.SequenceNode):
        indent = line.rfind("-", 0, first.start_mark.column)
    dumped = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=100)
    block = "".join(" " * indent + row + "\n" for row in dumped.splitlines())
    after = _last_line(value) + 1
    if after > len(lines):
        after = len(lines)
    if after and not lines[after - 1].endswith("\n"):
        lines[after - 1] += "\n"
    return "".join(lines[:after]) + block + "".join(lines[after:])


def plan_import(library: Library, package: Package, *, replace: bool = False) -> Plan:
    """Every change the package would make to the project, and every conflict; writes nothing."""
    try:
        return Planner(library, package, replace).run()
    except (KeyError, TypeError, AttributeError, ValueError) as error:  # data of an unexpected shape
        return Plan(diagnostics=[make("CG701.shape", package.name, 1, 1, error=f"{type(error).__name__}: {error}")])


# --- applying --------------------------------------------------------------------------------------


def apply_plan(root: Path, plan: Plan) -> None:
    """Write every change of a plan without errors; if one write fails, undo the writes before it."""
    if not plan.ok:
        raise ValueError("a plan with conflicts is not applied")
    done: list[tuple[Path, bytes | None]] = []
    created: list[Path] = []
    try:
        for change in plan.changes:
            target = root / change.path
            for folder in reversed(target.parents):
                if folder.is_relative_to(root) and not folder.exists():
                    folder.mkdir()
                    created.append(folder)
            previous = target.read_bytes() if target.exists() else None
            write_atomic(target, change.data)
            done.append((target, previous))
    except BaseException:
        for target, previous in reversed(done):
            if previous is None:
                target.unlink(missing_ok=True)
            else:
                write_atomic(target, previous)
        for folder in reversed(created):
            folder.rmdir()
        raise
