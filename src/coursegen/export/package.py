"""coursegen's own module package: one module, for authors of another coursegen project.

The zip holds the module's Markdown in every language exactly as it is in the project (trainer notes
included), the files it links to (images and other assets), the glossary terms it uses and the framework
items it addresses or links to (in every language, as JSON), and a manifest, `coursegen-package.json`, with
the module's metadata, its attribution and the sha256 of every other file. `coursegen import` reads it
(`coursegen.importer`). The same library gives the same bytes: entries are sorted and dated
SOURCE_DATE_EPOCH, or 1980-01-01 (the zip format's first date) when it is not set.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import time
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..library import Library, Page
from ..markdown_scan import REFERENCE_SCHEMES
from ..pages import Localizer, localizer
from .base import Export, ExportError, ExportRequest

MANIFEST = "coursegen-package.json"
FRAMEWORK_FILE = "framework.json"
GLOSSARY_FILE = "glossary.json"
FORMAT_VERSION = 1
#: The zip format cannot store dates before 1980.
ZIP_EPOCH = 315532800


def export(library: Library, request: ExportRequest) -> Export:
    """The package of module `request.item_id` (every language: a package is for authors, not learners)."""
    page = library.modules[request.item_id]
    files = module_files(library, page)
    framework = framework_items(library, page)
    glossary = glossary_terms(library, page)
    members = {rel: member_bytes(library.content_dir / rel.removeprefix("content/")) for rel in files}
    members[FRAMEWORK_FILE] = to_json(framework)
    members[GLOSSARY_FILE] = to_json(glossary)
    manifest = build_manifest(library, page, members)
    return Export(write_zip({MANIFEST: to_json(manifest), **members}))


def member_bytes(path: Path) -> bytes:
    """A file of the module as the package holds it: text files as coursegen reads them (no byte-order mark,
    Unix line ends, so a project saved on Windows packs the same bytes), other files as they are."""
    data = path.read_bytes()
    if path.suffix not in (".md", ".yaml", ".yml"):
        return data
    return data.removeprefix("\ufeff".encode()).replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def to_json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- what goes in -----------------------------------------------------------------------------------


def _bodies(page: Page) -> list[tuple[str, Any]]:
    """(content-relative path, scan) of the module and each of its translations."""
    return [(page.rel, page.scan)] + [(t.rel, t.scan) for _, t in sorted(page.translations.items())]


def module_files(library: Library, page: Page) -> list[str]:
    """Project-relative paths: the module's Markdown in every language and every non-Markdown file it links to."""
    files = {f"content/{rel}" for rel, _ in _bodies(page)}
    for rel, scan in _bodies(page):
        for link in scan.links:
            target = linked_file(library, rel, link.target)
            if target is not None:
                files.add(f"content/{target}")
    return sorted(files)


def linked_file(library: Library, rel: str, target: str) -> str | None:
    """The content file (not a page) that a relative link points to, if it is one of the project's files."""
    raw = unquote(target.strip().partition("#")[0].partition("?")[0])
    if not raw or ":" in raw.split("/")[0] or raw.endswith(".md"):
        return None
    joined = raw.lstrip("/") if raw.startswith("/") else posixpath.join(posixpath.dirname(rel), raw)
    resolved = posixpath.normpath(joined)
    return resolved if resolved in library.content_files and not resolved.startswith("../") else None


def references(page: Page, scheme: str) -> list[str]:
    """Ids that the module's bodies (in every language) link to with `scheme:`, sorted."""
    found = set()
    for _, scan in _bodies(page):
        for link in scan.links:
            kind, _, value = link.target.strip().partition(":")
            if kind == scheme and kind in REFERENCE_SCHEMES:
                found.add(unquote(value))
    return sorted(found)


def linked_pages(library: Library, page: Page) -> list[str]:
    """Content pages (other than the module itself) that the module links to, content-relative."""
    found = set()
    for rel, scan in _bodies(page):
        for link in scan.links:
            raw = unquote(link.target.strip().partition("#")[0])
            if raw.endswith(".md") and ":" not in raw.split("/")[0]:
                joined = raw.lstrip("/") if raw.startswith("/") else posixpath.join(posixpath.dirname(rel), raw)
                found.add(posixpath.normpath(joined))
    return sorted(found - {rel for rel, _ in _bodies(page)})


def _texts(library: Library, read) -> dict[str, Any]:
    """`read(localizer)` in every language other than the default, where it differs from the default."""
    source = read(localizer(library, library.default_language))
    texts = {}
    for lang in library.languages[1:]:
        value = read(localizer(library, lang))
        if value != source:
            texts[lang] = value
    return texts


def framework_items(library: Library, page: Page) -> dict[str, Any]:
    """The areas, competences and outcomes the module addresses or links to, nested, with their translations."""
    outcomes = [c for c in dict.fromkeys([*page.meta.outcomes, *references(page, "outcome")]) if c in library.outcomes]
    wanted = set(outcomes)
    for scheme in ("competence", "area"):
        wanted.update(code for code in references(page, scheme) if code in library.items)
    for code in list(wanted):
        parent = library.items[code].parent
        while parent is not None:
            wanted.add(parent)
            parent = library.items[parent].parent
    return {"areas": [_item(library, code, wanted) for code in library.children(None) if code in wanted],
            "addressed": list(page.meta.outcomes)}


def _item(library: Library, code: str, wanted: set[str]) -> dict[str, Any]:
    item = library.items[code].item
    data = item.model_dump(mode="json", exclude_defaults=True, exclude={"competences", "outcomes"})
    if code in library.outcomes:
        data["translations"] = _texts(library, lambda local: _outcome_texts(local, code))
        return data
    data["translations"] = _texts(library, lambda local: {"title": local.item_title(code),
                                                          "description": local.item_description(code)})
    children = [_item(library, child, wanted) for child in library.children(code) if child in wanted]
    data["competences" if code in library.areas else "outcomes"] = children
    return data


def _outcome_texts(local: Localizer, code: str) -> dict[str, Any]:
    statement, criteria = local.outcome_text(code)
    return {"statement": statement, "assessment_criteria": list(criteria)}


def glossary_terms(library: Library, page: Page) -> dict[str, Any]:
    """The glossary terms the module links to, with their translations."""
    terms = []
    for term_id in references(page, "term"):
        if term_id not in library.terms:
            continue
        data = library.terms[term_id].model_dump(mode="json", exclude_defaults=True)
        data["translations"] = _texts(library, lambda local: dict(zip(("term", "definition"), local.term(term_id))))
        terms.append(data)
    return {"terms": terms}


def titles(library: Library, pages: list[Page]) -> dict[str, dict[str, str]]:
    """Each page's title in every language (the importer's text for a link it cannot keep)."""
    result = {}
    for linked in pages:
        by_lang = {lang: localizer(library, lang).page_title(linked) for lang in library.languages}
        result[linked.rel] = by_lang
    return result


def build_manifest(library: Library, page: Page, members: dict[str, bytes]) -> dict[str, Any]:
    framework = library.framework
    if framework is None:  # pragma: no cover - a library without a framework does not validate
        raise ExportError("The project has no framework.")
    meta = page.meta
    modules = [library.modules[m] for m in references(page, "module") if m in library.modules]
    courses = [library.courses[c] for c in references(page, "course") if c in library.courses]
    pages = [library.pages[rel] for rel in linked_pages(library, page) if rel in library.pages]
    return {
        "format": "coursegen-package",
        "format_version": FORMAT_VERSION,
        "module": {
            "id": meta.id, "title": meta.title, "version": meta.version, "path": f"content/{page.rel}",
            "default_language": library.default_language,
            "languages": [library.default_language, *sorted(page.translations)],
            "authors": list(meta.authors), "license": meta.license or framework.license,
            "prerequisites": list(meta.prerequisites),
        },
        "source": {"framework": framework.id, "framework_version": framework.version,
                   "framework_title": framework.title, "framework_license": framework.license},
        "links": {
            "modules": {m.meta.id: titles(library, [m])[m.rel] for m in modules},
            "courses": {c.meta.id: titles(library, [c])[c.rel] for c in courses},
            "pages": titles(library, pages),
        },
        "files": [{"path": rel, "sha256": sha256(data), "size": len(data)} for rel, data in sorted(members.items())],
    }


# --- the zip ----------------------------------------------------------------------------------------


def zip_date() -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(epoch) if epoch.strip().isdigit() else ZIP_EPOCH
    return time.gmtime(max(seconds, ZIP_EPOCH))[:6]


def write_zip(members: dict[str, bytes]) -> bytes:
    """A zip whose bytes depend only on `members`: fixed dates, permissions and order (manifest first)."""
    buffer = io.BytesIO()
    date = zip_date()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(members, key=lambda n: (n != MANIFEST, n)):
            info = zipfile.ZipInfo(name, date_time=date)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, members[name], compresslevel=9)
    return buffer.getvalue()
