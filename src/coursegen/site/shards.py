"""Shards: one language's part of the site, built on a machine of its own, and their assembly into the site.

What a language's site takes from the other languages comes from the library alone, which every shard
loads and validates whole: the language switcher's links (with their `hreflang`, see
`config.language_links`) and the theme's files, which only the default language's site carries (the other
languages link one folder up to them, see `theme_assets`). Each language has its own Pagefind index, built
from its own pages, and its own 404 page; MkDocs' sitemaps are not published. So a shard is exactly the
part of the full site that its language occupies: the default language's shard is the site's root (pages,
theme files, 404 page, search) without the other languages' folders; any other language's shard holds only
`<lang>/`. Laid over each other, the shards give the bytes of one full build.

A shard folder is owned as a site folder is (see `publish`: coursegen replaces only a folder it made, in one
atomic step) and carries `SHARD_MARKER`: its language, the library's languages and the build's fingerprint,
so that `assemble_site` refuses shards of different content, a language twice, a language missing, or a
folder that is not a shard, before it writes anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from ..library import Library
from ..templates import BUILTIN_OVERRIDES
from ..theme import OVERRIDES
from .publish import MARKER, clean_leftovers, publish, reported, site_target, work_folder

#: The file at the root of every shard: what it is a shard of (JSON, constant for the same content).
SHARD_MARKER = ".coursegen-shard"
#: The marker's format; a shard of another format is refused (it may lay its files out differently).
SHARD_FORMAT = 1
#: The installed distributions whose versions change the site's bytes: shards must agree on them.
TOOLS = ("coursegen", "mkdocs", "mkdocs-material", "markdown", "jinja2", "nh3", "pagefind", "pagefind-bin-extended")
#: coursegen's own code, messages and templates.
PACKAGE = Path(__file__).resolve().parents[1]
#: The files at a shard's root that are not part of the site: the folder's owner mark and the shard's.
MARKERS = (MARKER, SHARD_MARKER)


class ShardError(Exception):
    """A shard cannot be built or the shards cannot be assembled; the message is one line saying what to do."""


@dataclass(frozen=True)
class Shard:
    """A shard folder as its marker describes it."""

    folder: Path
    lang: str
    languages: tuple[str, ...]  # the library's, the default language first
    fingerprint: str

    @property
    def is_default(self) -> bool:
        return self.lang == self.languages[0]

    @property
    def part(self) -> Path:
        """The folder that holds the shard's part of the site: the shard itself, or its `<lang>/`."""
        return self.folder if self.is_default else self.folder / self.lang


# --- building a shard ----------------------------------------------------------------------------


def shard_languages(library: Library, lang: str | None) -> tuple[str, ...]:
    """The languages a build makes: all of the library's, or `lang` alone (ShardError when the library has
    no such language; a library without a framework has failed validation, which says why)."""
    if lang is None:
        return library.languages
    if library.framework is not None and lang not in library.languages:
        raise ShardError(f"{lang!r} is not a language of this project; its languages are "
                         f"{', '.join(library.languages)}.")
    return (lang,)


def shard_staging(library: Library, work: Path, lang: str, downloads: bool) -> Path:
    """Lay the built site of `lang` (in `work/<lang>/site`) out as its shard, marked; the shard's folder."""
    built = work / lang / "site"
    if lang == library.default_language:
        staging = built
    else:
        staging = work / "staging"
        staging.mkdir()
        built.rename(staging / lang)
    marker = {"format": SHARD_FORMAT, "lang": lang, "languages": list(library.languages),
              "fingerprint": build_fingerprint(library, downloads)}
    (staging / SHARD_MARKER).write_text(json.dumps(marker, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return staging


def build_fingerprint(library: Library, downloads: bool) -> str:
    """A digest of everything a language's site is made from: the library's files, the theme overrides
    (the project's and coursegen's), coursegen's own files (a version number stays the same between two
    commits), the versions of the tools, `SOURCE_DATE_EPOCH` and the build's options. Two shards with the
    same fingerprint belong to the same site."""
    digest = hashlib.sha256()
    settings = {"downloads": downloads, "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),
                "tools": {name: _version(name) for name in TOOLS}}
    digest.update(json.dumps(settings, sort_keys=True).encode())
    for label, path in _inputs(library):
        digest.update(f"\0{label}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return ""


def _inputs(library: Library) -> list[tuple[str, Path]]:
    """The files a build reads, each with a label that names it, in a fixed order. Only files inside the
    project are read (the library's lists hold only those, see `walk`; links under the overrides that lead
    elsewhere are left out, as the theme check leaves them)."""
    root = library.root
    found = [(rel, root / rel) for rel in library.framework_files]
    found += [(f"content/{rel}", library.content_dir / rel) for rel in library.content_files]
    overrides = root / OVERRIDES
    if overrides.is_dir():
        found += [(path.relative_to(root).as_posix(), path) for path in overrides.rglob("*")
                  if path.is_file() and path.resolve().is_relative_to(root)]
    found += [(f"coursegen-theme:{path.relative_to(BUILTIN_OVERRIDES).as_posix()}", path)
              for path in BUILTIN_OVERRIDES.rglob("*") if path.is_file()]
    found += [(f"coursegen:{path.relative_to(PACKAGE).as_posix()}", path) for path in PACKAGE.rglob("*")
              if path.is_file() and "__pycache__" not in path.parts]
    return sorted(found)


# --- reading and checking shards -----------------------------------------------------------------


def read_shard(folder: Path) -> Shard:
    """The shard in `folder`, from its marker; ShardError when `folder` is not a shard coursegen made."""
    folder = Path(folder)
    advice = f"make one with: coursegen build --only-lang LANG --shard-out {folder}"
    if not folder.is_dir():
        raise ShardError(f"{folder} is not a folder; {advice}.")
    try:
        marker = json.loads((folder / SHARD_MARKER).read_text(encoding="utf-8"))
        shard = Shard(folder.resolve(), marker["lang"], tuple(marker["languages"]), marker["fingerprint"])
        usable = marker["format"] == SHARD_FORMAT and shard.lang in shard.languages
    except (OSError, ValueError, KeyError, TypeError):
        usable = False
    if not usable:
        raise ShardError(f"{folder} is not a shard of coursegen (it has no readable {SHARD_MARKER} file); {advice}.")
    _check_layout(shard, folder)
    return shard


def _check_layout(shard: Shard, shown: Path) -> None:
    """A shard holds its language's part and its markers, and nothing where another shard's part goes."""
    names = {path.name for path in shard.folder.iterdir()}
    if shard.is_default:
        strays = names & set(shard.languages[1:])
    else:
        strays = names - {shard.lang, *MARKERS}
        if shard.part.is_symlink() or not shard.part.is_dir():
            raise ShardError(f"{shown} is a shard of {shard.lang} without its {shard.lang}/ folder; build it again.")
    if strays:
        raise ShardError(f"{shown} (the {shard.lang} shard) holds {', '.join(sorted(strays))}, which is not "
                         f"its part of the site; build it again.")


def checked_shards(shards: list[Shard], shown: dict[Path, Path]) -> list[Shard]:
    """The shards in the library's language order, after checking that they are of the same build and hold
    every language exactly once (ShardError otherwise). `shown`: each shard folder as the user named it."""
    first = shards[0]
    for shard in shards[1:]:
        if (shard.fingerprint, shard.languages) != (first.fingerprint, first.languages):
            raise ShardError(f"{shown[shard.folder]} and {shown[first.folder]} are shards of different content or "
                             "settings; build every shard from the same files, with the same coursegen and "
                             "SOURCE_DATE_EPOCH.")
    by_lang: dict[str, Shard] = {}
    for shard in shards:
        if shard.lang in by_lang:
            raise ShardError(f"{shown[by_lang[shard.lang].folder]} and {shown[shard.folder]} are both the "
                             f"{shard.lang} shard; pass each language once.")
        by_lang[shard.lang] = shard
    missing = [lang for lang in first.languages if lang not in by_lang]
    if missing:
        raise ShardError(f"no shard of {', '.join(missing)}: the site needs one of every language "
                         f"({', '.join(first.languages)}).")
    return [by_lang[lang] for lang in first.languages]


# --- assembling ----------------------------------------------------------------------------------


def assemble_site(folders: list[Path], site_dir: Path, root: Path) -> tuple[str, ...]:
    """Merge the shards in `folders` into the site at `site_dir` and publish it there atomically, with the
    rules of `publish` (`root`: the folder the site may not replace, the project's in a project). The
    languages assembled. Raises ShardError or `publish.PublishError`; nothing is written then."""
    if not folders:
        raise ShardError("name the shard folders to assemble, one per language.")
    read = [read_shard(Path(folder)) for folder in folders]
    shards = checked_shards(read, {shard.folder: Path(folder) for shard, folder in zip(read, folders)})
    target = site_target(root, site_dir)
    _refuse_overlap(target, shards)
    clean_leftovers(target)
    with work_folder(target) as work:
        with reported(target):
            staging = work / "staging"
            for shard in shards:
                _copy_part(shard, staging if shard.is_default else staging / shard.lang)
        publish(staging, target, work)
    return shards[0].languages


def _refuse_overlap(target: Path, shards: list[Shard]) -> None:
    """The site may not replace a shard, lie in one or hold one: publishing would delete what it is made of."""
    for shard in shards:
        if target.is_relative_to(shard.folder) or shard.folder.is_relative_to(target):
            raise ShardError(f"the site folder {target} overlaps the shard {shard.folder}; assemble into a "
                             "folder outside the shards, for example site/.")


def _copy_part(shard: Shard, destination: Path) -> None:
    """Copy a shard's part of the site to `destination`, without the shard's markers. Only folders and
    regular files are copied: a symbolic link in a shard (which coursegen never makes) is refused, as it
    would publish whatever it points to."""
    source = shard.part
    for folder, subfolders, files in os.walk(source):
        here = Path(folder)
        copy = destination / here.relative_to(source)
        copy.mkdir(parents=True)
        for name in sorted(subfolders + files):
            path = here / name
            if path.is_symlink() or not (path.is_dir() or path.is_file()):
                raise ShardError(f"{path} in the {shard.lang} shard is not a plain file or folder; build the "
                                 "shard again.")
            if name in files and not (here == shard.folder and name in MARKERS):
                shutil.copyfile(path, copy / name)
