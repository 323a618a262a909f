"""The templates of coursegen's generated pages and blocks (Jinja2): text is escaped by construction.

Every value a template prints is escaped for the context the template writes:

- HTML templates (`*.html`) autoescape: a title, a statement or a definition is text, whatever it holds,
  even where the HTML sits inside a Markdown paragraph (a glossary tooltip does): see `html_text`;
- Markdown templates (`*.md`) pass every value through `md_text`, which makes it literal text for a
  Markdown renderer (HTML characters as entities, Markdown punctuation backslash-escaped, one line).
  In a Markdown template, a value inside an HTML attribute is written `{{ value | e }}`.

A value that is already markup (a rendered block, a link a template made, a body of generated Markdown) is
a `Markup` object and goes in as it is; nothing else does. The templates live in `site_overrides/coursegen/`
beside the theme overrides; a project overrides one by putting a file of the same name in its own
`site_overrides/coursegen/`. This module knows nothing about MkDocs.
"""

from __future__ import annotations

import hashlib
import re
import threading
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from .compiled_templates import keep_compiled
from .file_state import State, files_state
from .sized_memo import SizedMemo

__all__ = ["BUILTIN_OVERRIDES", "Markup", "Templates", "md_block", "md_text", "md_url"]

#: The theme overrides shipped with coursegen (Material `custom_dir`, and the generated pages' templates).
#: Installed from a wheel they are part of the package; in a clone (or an editable install) they are the
#: project root's `site_overrides/`, where they are edited.
_PACKAGE = Path(__file__).resolve().parent
BUILTIN_OVERRIDES = next((folder for folder in (_PACKAGE / "site_overrides", _PACKAGE.parents[1] / "site_overrides")
                          if (folder / "main.html").is_file()), _PACKAGE / "site_overrides")
#: The folder of coursegen's own templates inside an overrides folder.
TEMPLATE_FOLDER = "coursegen"

#: Characters Python-Markdown (with the tables extension) gives a meaning and lets a backslash escape.
#: `<`, `>` and `&` are written as entities instead (a backslash before an entity would stay visible).
_MARKDOWN_PUNCTUATION = re.compile(r"[\\`*_{}\[\]()#+\-.!|]")
_SPACE = re.compile(r"\s+")


def md_text(value: object) -> Markup:
    """`value` as literal text on one line of Markdown: nothing in it is read as markup."""
    if isinstance(value, Markup):
        return value
    text = _SPACE.sub(" ", str(value)).strip()
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\g<0>", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if text.startswith(":"):  # a line starting with ':' would be read as a definition (def_list)
        text = "&#58;" + text[1:]
    return Markup(text)


def md_block(value: object) -> Markup:
    """Plain text of several paragraphs (separated by blank lines) as literal Markdown paragraphs."""
    if isinstance(value, Markup):
        return value
    paragraphs = [md_text(part) for part in re.split(r"\n[ \t]*\n", str(value))]
    return Markup("\n\n").join(part for part in paragraphs if part)


#: Characters that would end or break the destination of a Markdown link.
_URL_UNSAFE = re.compile(r"[\s<>()\\]")


def md_url(url: object) -> Markup:
    """A link destination for Markdown: characters that would end or break it are percent-encoded."""
    return Markup(_URL_UNSAFE.sub(lambda m: "".join(f"%{byte:02X}" for byte in m.group().encode()), str(url)))


def _finalize_markdown(value: object) -> object:
    return "" if value is None else md_text(value)


#: Characters Python-Markdown reads as markup even between the tags of inline HTML (escapes, code,
#: emphasis, links, attribute lists). HTML templates write them as character references, so that a value
#: stays text when its HTML is placed in a Markdown paragraph.
_INLINE_MARKUP = {char: f"&#{ord(char)};" for char in "\\`*_[]{}"}
_INLINE_TABLE = str.maketrans(_INLINE_MARKUP)
#: The same, and the characters HTML reads as markup, written as markupsafe's `escape` writes them.
_HTML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;", **_INLINE_MARKUP})
_HTML_SPECIAL = re.compile(r"[&<>\"'\\`*_\[\]{}]")


def html_text(value: object) -> Markup:
    """`value` as HTML text (or attribute value) that no Markdown renderer reads as markup.

    In one pass, and none for the many values that hold no such character: HTML templates call this for
    every value they print (a fifth of the time a framework page took went to escaping)."""
    if isinstance(value, Markup):
        return value
    if hasattr(value, "__html__"):  # markup of another kind, taken as markupsafe takes it
        return Markup(str(escape(value)).translate(_INLINE_TABLE))
    text = value if type(value) is str else str(value)
    return Markup(text.translate(_HTML_TEXT) if _HTML_SPECIAL.search(text) else text)


def html_list(items: list[object], lang: str) -> Markup:
    """Items (text, or HTML such as links) as HTML, joined as language `lang` lists them (see `i18n.list_in`).
    Each item is escaped first; the list's own words and punctuation come from CLDR."""
    from .i18n import list_in  # here: i18n imports the library, which imports this module

    parts = [html_text(item) for item in items]
    slots = [f"\ue000{index}\ue001" for index in range(len(parts))]  # private-use: in no CLDR pattern
    joined = str(escape(list_in(slots, lang)))
    for slot, part in zip(slots, parts):
        joined = joined.replace(slot, str(part), 1)
    return Markup(joined)


def _finalize_html(value: object) -> object:
    return "" if value is None else html_text(value)


#: What Python's `getattr` finds on a plain dict (a dict has no instance attributes of its own).
_DICT_ATTRIBUTES = frozenset(dir(dict))


class QuickSandbox(SandboxedEnvironment):
    """Jinja's sandbox, judging each attribute of each kind of value once. Its judgement of an attribute
    (`SandboxedEnvironment.is_safe_attribute`: private, or internal to a function, method, class, frame or
    generator) depends on the value's type and the attribute's name only, and templates read the same few
    attributes of the same few kinds of values hundreds of thousands of times a build: the check was a tenth
    of rendering a page. A dict's keys are read without asking for an attribute first (see `getattr`).
    Everything else (str.format's wrapping, calls, operators) is the sandbox's own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._judged: dict[tuple[type, str], bool] = {}

    def getattr(self, obj: Any, attribute: str) -> Any:
        """`obj.attribute` in a template. Read from a plain dict, a name that is none of a dict's attributes is
        a key, as the sandbox's own `getattr` finds after Python's `getattr` raised: most values templates
        get are dicts, so each of their reads raised and caught an AttributeError first."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        if obj.__class__ is not key[0]:  # a value that says it is of another class is judged every time
            return super().is_safe_attribute(obj, attr, value)
        judged = self._judged.get(key)
        if judged is None:
            judged = self._judged[key] = super().is_safe_attribute(obj, attr, value)
        return judged


@lru_cache(maxsize=16)
def _environments(search_path: tuple[str, ...], state: State) -> tuple[jinja2.Environment, jinja2.Environment]:
    """The HTML and the Markdown environment over one search path, as its files are (`state`: see
    `Templates`). Both are Jinja's sandbox: a fork's page templates come from anyone's pull request, and may
    not walk from a value to Python's internals (and from there to the files or commands of the machine that
    builds). Jinja does not look at a template's file again once compiled (`auto_reload` off): each lookup
    looked twice, thousands of times a build."""
    options = {"loader": jinja2.FileSystemLoader(list(search_path)), "trim_blocks": True, "lstrip_blocks": True,
               "keep_trailing_newline": True, "undefined": jinja2.StrictUndefined, "auto_reload": False}
    html = keep_compiled("coursegen-html", QuickSandbox(autoescape=True, finalize=_finalize_html, **options))
    markdown = keep_compiled("coursegen-markdown",
                             QuickSandbox(autoescape=False, finalize=_finalize_markdown, **options))
    markdown.filters["md_url"] = md_url
    html.filters["list_in"] = html_list
    return html, markdown


def template_folders(root: Path | None) -> tuple[str, ...]:
    """Where templates are looked up: the project's own folder first, then coursegen's."""
    folders = [BUILTIN_OVERRIDES / TEMPLATE_FOLDER]
    if root is not None:
        own = Path(root) / "site_overrides" / TEMPLATE_FOLDER
        if own.is_dir() and own.resolve() != folders[0].resolve():
            folders.insert(0, own)
    return tuple(str(folder) for folder in folders)


class Templates:
    """Renders coursegen's templates for one project.

    The environments are those of the template folders' files as they are when this is made (each build
    makes its own): a long-running process (`coursegen serve`, its workers) gets new ones at the next build
    once any template was edited, added (a project's new override of one of coursegen's) or removed. So a
    kept render (`keep_renders`) is never that of an older file, nor of one a template imports."""

    def __init__(self, root: Path | None = None) -> None:
        folders = template_folders(root)
        self._html, self._markdown = _environments(folders, files_state(folders))

    # Both return plain `str`: a `Markup` result would escape any text it is later joined with. A result
    # that goes into another template is wrapped in `Markup` there, where it is plain to see.
    def html(self, name: str, **context: object) -> str:
        """An HTML template (`name.html`), autoescaped."""
        return _RENDERS.render(self._html.get_template(f"{name}.html"), context)

    def markdown(self, name: str, **context: object) -> str:
        """A Markdown template (`name.md`), every value made literal text by `md_text`."""
        return _RENDERS.render(self._markdown.get_template(f"{name}.md"), context)


class _Unkeyable(Exception):
    """A context holds a value `render_key` cannot name by its content."""


def render_key(value: object) -> object:
    """A value of a template's context as a hashable value that equals another's exactly when a template
    cannot tell the two apart: text and markup (`Markup`) of the same characters differ, so do 1, 1.0 and
    True, and the order of a dict's keys (a template may loop over them). A method of an object that has a
    `render_key` and names the method among its `keyed_methods` (what it says depends on that key only: the
    site's words in one language, see `pages.localizer`) counts by that key. Raises `_Unkeyable` for
    anything else (a model object, any other function)."""
    kind = type(value)
    if kind is str or value is None:
        return value
    if kind is Markup:
        return ("markup", str(value))
    if kind is dict:
        return ("dict", *((render_key(key), render_key(item)) for key, item in value.items()))
    if kind is list or kind is tuple:
        return (kind.__name__, *map(render_key, value))
    if kind is int or kind is float or kind is bool:
        return (kind.__name__, value)
    owner = getattr(value, "__self__", None)
    if callable(value) and getattr(value, "__name__", None) in getattr(type(owner), "keyed_methods", ()):
        return ("method", type(owner).__qualname__, value.__name__, owner.render_key)
    raise _Unkeyable(kind.__name__)


def _digest(context: dict) -> bytes:
    """A context's `render_key`, hashed: what is kept of it is a few bytes, not the library's text."""
    return hashlib.blake2b(repr(render_key(context)).encode("utf-8", "surrogatepass"), digest_size=24).digest()


class _Renders:
    """The outputs of templates rendered in this process, by template and context (see `keep_renders`):
    none while `limit` is 0, as in every process that builds once.

    A template renders the same text from the same context (`render_key`): Jinja's sandbox keeps it from
    anything else but the context. Only a render that left its context as it was is kept, so a template
    that changes a list it was given renders every time, as without this memory. A template whose file
    changed is a new `Template` (see `Templates`) and is rendered again.
    """

    def __init__(self) -> None:
        self.outputs: SizedMemo[tuple, tuple[jinja2.Template, str]] = SizedMemo(size=lambda kept: len(kept[1]))
        self.lock = threading.Lock()  # the preview's quick and background builds generate at the same time

    @property
    def limit(self) -> int:
        return self.outputs.limit

    def render(self, template: jinja2.Template, context: dict) -> str:
        if not self.limit:
            return template.render(context)
        try:
            key = (template.name, template.filename, _digest(context))
        except _Unkeyable:
            return template.render(context)
        with self.lock:
            kept = self.outputs.get(key)
        if kept is not None and kept[0] is template:
            return kept[1]
        output = template.render(context)
        with suppress(_Unkeyable):
            if _digest(context) == key[2]:
                with self.lock:
                    self.outputs.put(key, (template, output))
        return output

    def keep(self, limit: int) -> None:
        with self.lock:
            self.outputs.resize(limit)


_RENDERS = _Renders()


def keep_renders(limit: int) -> None:
    """From now on, this process keeps what its templates render, up to `limit` characters of output (0:
    nothing, and what was kept is let go): a process that generates the same pages again and again (the
    live preview, after each save) renders again only the templates whose context or file changed."""
    _RENDERS.keep(limit)
