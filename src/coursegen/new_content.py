"""`coursegen new module "Title"` and `coursegen new course "Title"`: a file from a template, valid at once.

A module gets the next free id in the library's style (`M18` after `M17`); a course gets a slug of its title
(`home-care-basics`), as the shipped courses have. The file name is a slug of the title too; nothing that
exists is ever overwritten (another name is chosen for the file, and an id that is taken is refused).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .checks import ITEM_ID
from .library import Library
from .scaffold_files import ScaffoldError, create, yaml_value
from .templates import md_text

SCAFFOLDS = Path(__file__).resolve().parent / "scaffolds"
_NUMBERED = re.compile(r"^(?P<prefix>[A-Za-z]+)(?P<number>\d+)$")


@dataclass(frozen=True)
class NewItem:
    """What was created: the id and the project-relative path of the file."""

    id: str
    path: str


def slug(title: str, fallback: str) -> str:
    """A file name and id from a title: ASCII letters, digits and hyphens (`Ayuda en casa` -> `ayuda-en-casa`)."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:60].rstrip("-") or fallback


def next_module_id(library: Library) -> str:
    """One more than the highest numbered module id, with the same prefix and digits (`M17` -> `M18`)."""
    numbered = [match for match in map(_NUMBERED.match, library.modules) if match]
    if not numbered:
        return "M01"
    highest = max(numbered, key=lambda match: int(match.group("number")))
    width = len(highest.group("number"))
    return f"{highest.group('prefix')}{int(highest.group('number')) + 1:0{width}d}"


def _free_name(library: Library, folder: str, base: str) -> str:
    """`content/<folder>/<base>.md`, or `<base>-2.md` and so on when that name is taken."""
    taken = {rel.lower() for rel in library.content_files}
    name, number = base, 1
    while f"{folder}/{name}.md".lower() in taken or (library.content_dir / folder / f"{name}.md").exists():
        number += 1
        name = f"{base}-{number}"
    return f"content/{folder}/{name}.md"


def _render(name: str, **values: object) -> str:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(SCAFFOLDS)), autoescape=False,
                                     keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    environment.filters.update({"yaml": yaml_value, "md": md_text})
    return environment.get_template(f"{name}.md").render(values)


def _checked_id(item_id: str, known: dict, kind: str) -> str:
    if not ITEM_ID.match(item_id):
        raise ScaffoldError(f"{item_id!r} cannot be a {kind} id: use letters, digits, '-' and '_', "
                            "starting with a letter or digit.")
    if item_id in known:
        raise ScaffoldError(f"the {kind} id {item_id} is already used by {known[item_id].where.path}.")
    return item_id


def _known(codes: tuple[str, ...], known: dict, kind: str) -> None:
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ScaffoldError(f"{unknown[0]} is not a {kind} of this project.")


def new_module(library: Library, title: str, item_id: str | None = None, outcomes: tuple[str, ...] = ()) -> NewItem:
    """Create a module from the template; its outcomes default to the framework's first one (a module must
    name at least one)."""
    module_id = _checked_id(item_id or next_module_id(library), library.modules, "module")
    _known(outcomes, library.outcomes, "learning outcome")
    outcomes = outcomes or tuple(list(library.outcomes)[:1])
    if not outcomes:
        raise ScaffoldError("the framework has no learning outcome yet: a module must name one it teaches.")
    path = _free_name(library, "modules", slug(title, module_id.lower()))
    license_ = library.framework.license if library.framework else "CC-BY-4.0"
    _write(library, path, _render("module", id=module_id, title=title, outcomes=outcomes, license=license_,
                                 term=next(iter(library.terms), None)))
    return NewItem(module_id, path)


def new_course(library: Library, title: str, item_id: str | None = None, modules: tuple[str, ...] = ()) -> NewItem:
    """Create a course from the template, its id a slug of the title unless given."""
    base = item_id or slug(title, "course")
    course_id = base if item_id else _free_id(base, library.courses)
    _checked_id(course_id, library.courses, "course")
    _known(modules, library.modules, "module")
    path = _free_name(library, "courses", course_id)
    _write(library, path, _render("course", id=course_id, title=title, modules=modules))
    return NewItem(course_id, path)


def _free_id(base: str, known: dict) -> str:
    candidate, number = base, 1
    while candidate in known:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _write(library: Library, path: str, text: str) -> None:
    if not create(library.root, path, text):  # a file appeared since the library was read
        raise ScaffoldError(f"{path} exists already; nothing was written.")
