"""The project's own theme overrides (`site_overrides/`): their templates must parse, and an error they raise
while the site renders is reported at its template and line, as a diagnostic (CG113).

Jinja alone, no MkDocs: `coursegen validate` checks the templates without loading the site builder.
"""

from __future__ import annotations

import hashlib
import json
import traceback
from contextlib import suppress
from functools import lru_cache
from pathlib import Path

import jinja2

from .diagnostics import Diagnostic, make
from .messages import Phrase, phrase
from .sources import read_text
from .templates import TEMPLATE_FOLDER
from .user_cache import user_cache_folder, write_whole

#: The project's theme overrides folder (Material `custom_dir`), used when it has a `main.html`.
OVERRIDES = "site_overrides"



def own_overrides(root: Path) -> Path | None:
    """The project's own `site_overrides/` when the site uses it (it has a `main.html`), else None."""
    folder = Path(root) / OVERRIDES
    return folder if (folder / "main.html").is_file() else None


def check_templates(root: Path) -> list[Diagnostic]:
    """CG113 for every template of the project's own overrides that Jinja cannot parse, at its line: the
    theme's (used when the folder has a `main.html`) and coursegen's page templates (`coursegen/`, each used
    on its own, overriding the one shipped with coursegen).

    Only files that lie inside the project are read (a link to a file elsewhere is not followed)."""
    root = Path(root).resolve()
    diagnostics: list[Diagnostic] = []
    parsed_before = _ParsedBefore()
    for path in _own_templates(root):
        if not path.is_file() or not path.resolve().is_relative_to(root):
            continue
        source, problems = read_text(path, path.relative_to(root).as_posix())
        diagnostics += problems
        if source.text is not None:
            diagnostics += parsed_before.problems(source.text, source.rel)
    parsed_before.keep()
    return diagnostics


class _ParsedBefore:
    """The texts of templates that parsed, by checksum (with Jinja's version), kept in coursegen's private
    folder of the user's cache (see `user_cache`): parsing a project's theme overrides was a fifth of
    validating the shipped content, every `validate` and `build` again for the same files. A template
    that does not parse is never kept, so it is reported every time. Without the folder, every template
    is parsed."""

    FILE = "parsed.json"
    #: At most this many checksums are kept (the last ones seen): a project has a hundred templates or so.
    LIMIT = 4096

    def __init__(self) -> None:
        self.folder = user_cache_folder("template-checks")
        self.known: dict[str, None] = {}  # in the order they were last seen
        self.seen: dict[str, None] = {}
        if self.folder is not None:
            with suppress(OSError, ValueError, TypeError):
                found = json.loads((self.folder / self.FILE).read_text(encoding="utf-8"))
                self.known = dict.fromkeys(item for item in found if isinstance(item, str))

    def problems(self, text: str, rel: str) -> tuple[Diagnostic, ...]:
        """What parsing the template `text` (at `rel`) finds, without parsing it when it parsed before."""
        digest = hashlib.blake2b(f"{jinja2.__version__}\0{text}".encode("utf-8", "surrogatepass"),
                                 digest_size=16).hexdigest()
        found = () if digest in self.known else _parsed(text, rel)
        if not found:
            self.seen[digest] = None
        return found

    def keep(self) -> None:
        """Write the checksums back (those seen now last) when the list changed."""
        kept = ([digest for digest in self.known if digest not in self.seen] + list(self.seen))[-self.LIMIT:]
        if self.folder is None or kept == list(self.known):
            return
        write_whole(self.folder / self.FILE, json.dumps(kept))


def _own_templates(root: Path) -> list[Path]:
    """The project's templates: the theme overrides' `*.html`, and coursegen's `*.html`/`*.md` page templates."""
    theme = own_overrides(root)
    pages = root / OVERRIDES / TEMPLATE_FOLDER
    found = set(theme.rglob("*.html")) if theme else set()
    if pages.is_dir():
        found |= {path for pattern in ("*.html", "*.md") for path in pages.glob(pattern)}
    return sorted(found)


#: MkDocs' theme environment has no extensions: the same syntax.
_SYNTAX = jinja2.Environment()


@lru_cache(maxsize=1024)
def _parsed(text: str, rel: str) -> tuple[Diagnostic, ...]:
    """CG113 when Jinja cannot parse the template `text`. Pure, so kept: the live preview checks every
    template on every save."""
    try:
        _SYNTAX.parse(text, name=rel, filename=rel)
    except jinja2.TemplateSyntaxError as error:
        return (syntax_error(error, rel),)
    return ()


def syntax_error(error: jinja2.TemplateSyntaxError, rel: str) -> Diagnostic:
    """CG113 for a template Jinja cannot parse."""
    return make("CG113.syntax", rel, error.lineno or 1, 1, problem=_sentence(error.message))


def render_error(error: BaseException, root: Path) -> Diagnostic | None:
    """CG113 for an error raised while the site's pages were rendered, at the innermost line of the
    project's own templates that it passed through; None when it passed through none of them (then it is
    not the project's: the theme's or coursegen's own)."""
    root = Path(root).resolve()
    folders = [folder.resolve() for folder in (own_overrides(root), root / OVERRIDES / TEMPLATE_FOLDER)
               if folder is not None and folder.is_dir()]
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:  # raised while loading, not rendering
        rel = _relative(Path(error.filename), folders, root)
        return syntax_error(error, rel) if rel else None
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        rel = _relative(Path(frame.filename), folders, root)
        if rel:
            return make("CG113.render", rel, frame.lineno or 1, 1, problem=_plain(error))
    return None


def _relative(path: Path, folders: list[Path], root: Path) -> str | None:
    """`path` relative to the project when it is a template of one of `folders`, else None."""
    path = path.resolve()
    if path.suffix not in (".html", ".md") or not any(path.is_relative_to(folder) for folder in folders):
        return None
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else None


def _plain(error: BaseException) -> str | Phrase:
    """The error in a few words: Jinja's own message (in English) where there is one."""
    if isinstance(error, jinja2.TemplateNotFound):
        return phrase("theme.missing_template", name=repr(error.name))
    text = str(error) or type(error).__name__
    return _sentence(text if isinstance(error, jinja2.TemplateError) else f"{type(error).__name__}: {text}")


def _sentence(text: str | None) -> str | Phrase:
    text = (text or "").strip()
    if not text:
        return phrase("theme.unknown_error")
    return text if text.endswith(".") else text + "."
