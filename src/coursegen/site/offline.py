"""Works offline once visited: what one language site needs for it, written after Pagefind has indexed.

- `offline.json`, the manifest of what "Save this course for offline use" downloads: the learner pages, the
  language's search files, the images the pages show and the shared theme files its pages link (read from
  the theme's files, not from the assembled site: a language may be built apart from the others), each
  with its size and a content hash; the total size; and a version, the hash of all that. The same content
  gives the same bytes.
- `sw.js`, the service worker of the language's folder (its scope is the folder it lies in): coursegen's
  worker script after a line of settings (the version, which names its cache; the total size; the small
  shell it caches when installed; the folders it leaves alone: the trainer edition, and under the default
  language the other languages' folders, which have workers of their own).
- `offline.html`, the notice the worker shows for a page that is not saved, in the language's words.

Never in the manifest: the trainer edition and its downloads (exports); audio, video and documents (PDF,
office files: downloads, not pages), and any image over `MAX_IMAGE_BYTES`; Pagefind's files that the search
dialog does not load (its other interfaces, its highlighter, the other languages' WebAssembly).

Plain Python over the written site; the language plugin collects the theme files and the pages' links.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..page_paths import TRAINER_DIR
from ..templates import BUILTIN_OVERRIDES, TEMPLATE_FOLDER, Templates
from .csp import with_csp
from .theme_assets import page_folder, without_source_map

MANIFEST = "offline.json"
WORKER = "sw.js"
NOTICE = "offline.html"
#: coursegen's service worker script (code, not a template: a project's overrides do not replace it).
WORKER_SOURCE = BUILTIN_OVERRIDES / TEMPLATE_FOLDER / "offline-worker.js"
SEARCH_DIR = "pagefind"
#: Pagefind's files the search dialog never loads (coursegen.js uses the default UI, without highlighting).
UNUSED_SEARCH_FILES = ("pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.")
#: Media saved with the pages: images, up to a size (a photograph from a phone is a few MB: it stays online).
SAVED_IMAGES = frozenset({"png", "jpg", "jpeg", "gif", "webp", "avif", "svg"})
MAX_IMAGE_BYTES = 1_000_000
#: Hex digits of a file's content hash and of the version: enough to tell two versions of a file apart.
HASH_DIGITS = 16

_URL_ATTRIBUTE = re.compile(r'\s(?:href|src)="([^"#?]*)"')


def content_hash(data: bytes) -> str:
    """The short hash the manifest gives a file (and the version the manifest itself)."""
    return hashlib.sha256(data).hexdigest()[:HASH_DIGITS]


@dataclass
class OfflineSite:
    """What one language site's offline files are made from, collected while MkDocs renders it.

    `theme`: the shipped bytes of each theme file by its URL in the copy that holds them; `home`: the path
    from this language's root to that copy ("" or "../"); `pages` (URL -> file) and `linked` (theme URLs)
    grow with every learner page rendered."""

    lang: str
    theme: Mapping[str, Path] = field(default_factory=dict)
    home: str = ""
    pages: dict[str, str] = field(default_factory=dict)
    linked: dict[str, None] = field(default_factory=dict)  # in the order the pages link them

    def saw_page(self, url: str, dest: str, output: str) -> None:
        """Record a rendered page: a learner page is saved for offline use, with the theme files it links."""
        if url.startswith(f"{TRAINER_DIR}/") or url == TRAINER_DIR:
            return
        self.pages[url] = dest
        self.linked.update(dict.fromkeys(linked_theme_files(output, url, self.theme.keys(), self.home)))

    def shared_files(self) -> dict[str, bytes]:
        """The theme files the pages link, by URL from this language's root, in the order pages link them."""
        return {self.home + url: shipped_bytes(self.theme[url]) for url in self.linked}


def linked_theme_files(output: str, page_url: str, theme_urls: Iterable[str], home: str = "") -> list[str]:
    """The theme files (among `theme_urls`) that a page links by `href` or `src`, in the page's order: as
    the theme wrote them, or already pointing at the shared copy in `home` (a page from the build cache is
    its finished output)."""
    known = set(theme_urls)
    folder = page_folder(page_url)
    found = []
    for url in _URL_ATTRIBUTE.findall(output):
        if url and not url.startswith("/") and ":" not in url.split("/")[0]:
            target = posixpath.normpath(posixpath.join(folder, url))
            if home and target.startswith(home) and target[len(home):] in known:
                target = target[len(home):]
            if target in known:
                found.append(target)
    return found


def shipped_bytes(source: bytes | Path) -> bytes:
    """A file's bytes as the site ships them: a theme's script or stylesheet without its source-map
    reference (see `theme_assets`), anything else as it is."""
    if isinstance(source, bytes):
        return source
    data = Path(source).read_bytes()
    if source.suffix in (".js", ".css") and b"sourceMappingURL" in data:
        return without_source_map(data.decode("utf-8")).encode("utf-8")
    return data


def search_files(site: Path) -> dict[str, Path]:
    """The Pagefind files the search dialog loads, by URL from the language's root."""
    folder = site / SEARCH_DIR
    if not folder.is_dir():
        return {}
    wasm = _search_languages(folder)
    files = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.name
        if name.startswith(UNUSED_SEARCH_FILES) or (wasm is not None and _other_wasm(name, wasm)):
            continue
        files[path.relative_to(site).as_posix()] = path
    return files


def _search_languages(folder: Path) -> set[str] | None:
    """The WebAssembly builds Pagefind's index uses (from its entry file); None when it cannot be read."""
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        return {str(language["wasm"]) for language in entry["languages"].values()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _other_wasm(name: str, wasm: set[str]) -> bool:
    return name.startswith("wasm.") and name.endswith(".pagefind") and name[5:-9] not in wasm


def image_files(site: Path, assets: Iterable[str]) -> dict[str, Path]:
    """The content images saved with the pages (see `SAVED_IMAGES`, `MAX_IMAGE_BYTES`), by URL."""
    files = {}
    for rel in sorted(assets):
        path = site / rel
        suffix = rel.rpartition(".")[2].lower()
        if (suffix in SAVED_IMAGES and not rel.startswith(f"{TRAINER_DIR}/") and path.is_file()
                and path.stat().st_size <= MAX_IMAGE_BYTES):
            files[rel] = path
    return files


def canonical_json(data: object) -> bytes:
    """JSON with sorted keys and no spaces: the same data, the same bytes."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def manifest(files: Mapping[str, bytes | Path]) -> dict:
    """The manifest of `files` (URL from the language's root -> bytes, or the file holding them)."""
    entries = []
    for url in sorted(files):
        data = shipped_bytes(files[url])
        entries.append({"url": url, "size": len(data), "hash": content_hash(data)})
    body = {"files": entries, "total": sum(entry["size"] for entry in entries)}
    return {**body, "version": content_hash(canonical_json(body))}


@dataclass(frozen=True)
class NoticeWords:
    """What the offline notice says, in the page's language, and the site's name above it."""

    title: str
    text: str
    home: str
    site_name: str


def notice_page(templates: Templates, offline: OfflineSite, words: NoticeWords, direction: str) -> bytes:
    """The offline notice page, for the language's root folder (the worker rebases its links to the page it
    stands in for), with the site's policy."""
    shared = offline.shared_files()
    html = templates.html("offline_notice", lang=offline.lang, dir=direction, words=words,
                          stylesheets=[url for url in shared if url.endswith(".css")],
                          icons=[url for url in shared if url.endswith((".png", ".svg", ".ico"))])
    return with_csp(html).encode("utf-8")


def worker_script(saved: dict, shell: list[str], passthrough: list[str]) -> bytes:
    """`sw.js`: one line of settings, then coursegen's worker. JSON is a JavaScript literal (ASCII only,
    so that no line separator in a value ends a line of the script)."""
    settings = {"version": saved["version"], "total": saved["total"], "manifest": MANIFEST,
                "notice": NOTICE, "shell": shell, "pass": passthrough}
    line = "self.CG_OFFLINE = " + json.dumps(settings, sort_keys=True, separators=(",", ":")) + ";\n"
    return line.encode("ascii") + WORKER_SOURCE.read_bytes()


def write_offline(site: Path, offline: OfflineSite, *, assets: Iterable[str], notice: bytes,
                  passthrough: list[str]) -> dict:
    """Write the manifest, the notice page and the service worker into the language site at `site`; the
    manifest."""
    shared = offline.shared_files()
    files: dict[str, bytes | Path] = {url: site / dest for url, dest in offline.pages.items()}
    files.update(search_files(site))
    files.update(image_files(site, assets))
    files.update(shared)
    files[NOTICE] = notice
    saved = manifest(files)
    (site / NOTICE).write_bytes(notice)
    (site / MANIFEST).write_bytes(canonical_json(saved) + b"\n")
    (site / WORKER).write_bytes(worker_script(saved, [NOTICE, *sorted(shared)], sorted(passthrough)))
    return saved


def passthrough_folders(language_prefixes: Iterable[str]) -> list[str]:
    """The folders under a language's root its worker leaves alone: the trainer edition, and the other
    languages' folders (under the default language's root: prefixes such as "es/")."""
    inside = [prefix for prefix in language_prefixes if prefix and not prefix.startswith("../")]
    return sorted({f"{TRAINER_DIR}/", *inside})


def finish_offline(site: Path, offline: OfflineSite, config: Mapping, *, assets: Iterable[str]) -> dict:
    """Write the offline files of the language site at `site`, built with MkDocs config `config` (its
    coursegen data: the UI words and the languages' folders); the manifest."""
    cg = config["extra"]["coursegen"]
    ui = cg["ui"]
    words = NoticeWords(ui["offline_title"], ui["offline_text"], ui["offline_home"], cg["short_name"])
    templates = Templates(Path(config["theme"].custom_dir).parent)
    notice = notice_page(templates, offline, words, config["theme"].get("direction") or "ltr")
    prefixes = [language["prefix"] for language in cg["languages"]]
    return write_offline(site, offline, assets=assets, notice=notice, passthrough=passthrough_folders(prefixes))
