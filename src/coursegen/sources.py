"""Reading source files: bytes -> text -> YAML data with positions, and front matter split from Markdown.

Nothing here knows about the content model. Every problem becomes a Diagnostic; nothing raises for bad
content. YAML is parsed with PyYAML's safe composer (the C one where available) and turned into plain data by
our own walk over the node graph, which keeps the line and column of every key and value, refuses duplicate
keys (PyYAML silently keeps the last one, losing data) and bounds alias expansion and nesting.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from .diagnostics import Diagnostic, make

try:  # the C composer is several times faster; the pure-Python one behaves the same
    from yaml import CSafeLoader as _Loader
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]
    _Parser = _Loader  # type: ignore[assignment, misc]

#: PyYAML's safe loader, the C one where available, for files read as plain data (no positions needed).
SAFE_LOADER = _Loader


def _quick_resolver(loader: type[yaml.SafeLoader], parser: type | None = None) -> type[yaml.SafeLoader]:
    """`loader` with PyYAML's tag resolution in fewer steps, same tags; on `parser` alone where given (a
    composer needs no constructor).

    The composer asks the resolver for the tag of every node, in Python even under the C composer: a
    large library has hundreds of thousands of nodes. PyYAML's resolver builds two lists per question
    and looks at path resolvers the safe loader never has; this one looks up a tuple made once. Where a
    loader does have wildcard or path resolvers, it is returned as it is. Built on the C parser alone, a
    composer of one front matter skips setting up a constructor and a resolver it never uses (a library
    composes a document per file: thousands).
    """
    table = {first: tuple(pairs) for first, pairs in loader.yaml_implicit_resolvers.items()}
    if None in table or loader.yaml_path_resolvers:
        return loader
    scalar, sequence, mapping = loader.DEFAULT_SCALAR_TAG, loader.DEFAULT_SEQUENCE_TAG, loader.DEFAULT_MAPPING_TAG
    no_resolvers: tuple[tuple[str, re.Pattern[str]], ...] = ()

    class QuickLoader(parser or loader):  # type: ignore[valid-type, misc]
        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            return None  # only path resolvers use the path

        def ascend_resolver(self) -> None:
            return None

        def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
            if kind is yaml.ScalarNode:
                if implicit[0]:  # a plain scalar: true, 12, 2024-01-01, null... by its first character
                    for tag, pattern in table.get(value[:1], no_resolvers):
                        if pattern.match(value):
                            return tag
                return scalar
            return mapping if kind is yaml.MappingNode else sequence

    QuickLoader.__name__ = QuickLoader.__qualname__ = f"Quick{loader.__name__}"
    return QuickLoader


#: The loader of documents whose positions are kept (see `parse_yaml`).
_COMPOSER = _quick_resolver(_Loader, _Parser)

MAX_FILE_BYTES = 2 * 1024 * 1024
#: A text file of more lines is refused: a real module has hundreds, and the Markdown scan's cost is per line
#: (2 MB of one-character lines would take the scan 10 s or more; at this limit the worst is about a second).
MAX_FILE_LINES = 50_000
#: How many YAML values one file may expand to, counting every use of an alias.
MAX_YAML_VALUES = 200_000
MAX_YAML_DEPTH = 64

Key = tuple[Any, ...]


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class YamlDoc:
    """Plain data from a YAML text, and its node graph, which knows where each key and value stands.

    Positions are looked up only when a diagnostic (or a translation unit) needs one, by walking the nodes
    along the data path, so loading pays nothing for them. A mapping's keys are indexed on its first lookup:
    the framework's thousands of texts look up their lines through the same few mappings.
    """

    data: Any
    node: yaml.Node | None = None
    line_offset: int = 0
    _keys: dict[int, dict[Any, tuple[yaml.Node, yaml.Node]]] = field(default_factory=dict, repr=False,
                                                                      compare=False)

    def at(self, path: Key, *, key: bool = False) -> Position:
        """The position (1-based) of the value at `path` (or of its key), else of its nearest ancestor."""
        node, key_node = self.node, None
        for part in path:
            child = self._child(node, part)
            if child is None:
                break
            key_node, node = child
        target = key_node if key and key_node is not None else node
        if target is None:
            return Position(1 + self.line_offset, 1)
        return Position(target.start_mark.line + 1 + self.line_offset, target.start_mark.column + 1)

    def _child(self, node: yaml.Node | None, part: Any) -> tuple[yaml.Node | None, yaml.Node] | None:
        """(key node, value node) of `part` inside a mapping or sequence node; the first of duplicate keys."""
        if isinstance(node, yaml.MappingNode):
            keys = self._keys.get(id(node))  # the graph lives as long as the document: ids stay unique
            if keys is None:
                keys = self._keys[id(node)] = _key_index(node)
            try:
                return keys.get(part)
            except TypeError:  # an unhashable part names no key
                return None
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            return None, node.value[part]
        return None


def _key_index(node: yaml.MappingNode) -> dict[Any, tuple[yaml.Node, yaml.Node]]:
    """Key -> (key node, value node) of a mapping node, keeping the first of duplicate keys."""
    index: dict[Any, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in _pairs(node):
        key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
        if isinstance(key, (str, int, float, bool)):  # the kinds of key data can have (see `_Builder`)
            index.setdefault(key, (key_node, value_node))
    return index


#: One constructor for all scalars (making one per document costs time). It caches every node it builds and
#: never forgets them, so each use is followed by emptying its caches: `coursegen serve` validates for days.
_CONSTRUCTOR = SafeConstructor()
_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG = "tag:yaml.org,2002:int"
_MERGE_TAG = "tag:yaml.org,2002:merge"


def _scalar(node: yaml.ScalarNode) -> Any:
    if node.tag == _STR_TAG:  # by far the most common: skip the constructor's dispatch
        return node.value
    value = node.value
    # the next most common: a plain decimal number (a level, hours). One with a leading 0 is octal in YAML 1.1,
    # and one with a sign, `_` or `0x` is left to the constructor
    if node.tag == _INT_TAG and value.isdigit() and value.isascii() and (value[0] != "0" or value == "0"):
        return int(value)
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    except (ConstructorError, ValueError, TypeError, OverflowError):
        return node.value  # an odd timestamp or number: keep the text, the model will judge it
    finally:
        _CONSTRUCTOR.constructed_objects.clear()
        _CONSTRUCTOR.recursive_objects.clear()


def _pairs(node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    """Key/value pairs, with YAML merge keys (`<<: *base`) expanded the way PyYAML does."""
    if _MERGE_TAG not in [key_node.tag for key_node, _ in node.value]:  # list `in`: C speed, runs per mapping
        return node.value
    pairs: list[tuple[yaml.Node, yaml.Node]] = []
    merged: list[tuple[yaml.Node, yaml.Node]] = []
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE_TAG:
            sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            for source in sources:
                if isinstance(source, yaml.MappingNode):
                    merged.extend(source.value)
        else:
            pairs.append((key_node, value_node))
    explicit = {k.value for k, _ in pairs if isinstance(k, yaml.ScalarNode)}
    return pairs + [(k, v) for k, v in merged if not (isinstance(k, yaml.ScalarNode) and k.value in explicit)]


@dataclass
class Source:
    """A file read as text. `text` is None when it could not be decoded."""

    path: Path  # absolute
    rel: str  # relative to the project root, with forward slashes
    text: str | None


def read_bytes(path: Path, rel: str) -> tuple[bytes | None, list[Diagnostic]]:
    """A file's bytes, refusing a file that is too large without reading it, and anything but a regular file.

    One descriptor answers both questions (its size, then its bytes): asking the path for its size first
    looked the path up twice, a third of the cost of reading a project's many small files. The open does
    not wait for a writer, so a fifo put in place of a listed file is refused, not waited for.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | _OPEN_FLAGS)
    except OSError as exc:
        return None, [make("CG110.file", rel, 1, 1, reason=exc.strerror)]
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            return None, [make("CG110.file", rel, 1, 1, reason=os.strerror(errno.EISDIR))]
        if not stat.S_ISREG(status.st_mode):
            return None, [make("CG110.special", rel, 1, 1)]
        if status.st_size > MAX_FILE_BYTES:
            return None, [_too_large(rel, status.st_size)]
        data = os.read(descriptor, status.st_size + 1)
        if len(data) <= status.st_size:  # a short read of a regular file is its end: one read is enough
            return data, []
        chunks = [data]  # the file grew since its size was asked: read on to its end, within the limit
        while chunk := os.read(descriptor, 65536):
            chunks.append(chunk)
            size = sum(map(len, chunks))
            if size > MAX_FILE_BYTES:
                return None, [_too_large(rel, size)]
        return b"".join(chunks), []
    except OSError as exc:
        return None, [make("CG110.file", rel, 1, 1, reason=exc.strerror)]
    finally:
        os.close(descriptor)


#: Flags of every source file's open: not inherited by a child process, not waiting for a fifo's writer.
_OPEN_FLAGS = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _too_large(rel: str, size: int) -> Diagnostic:
    return make("CG107.bytes", rel, 1, 1, size_kb=size // 1024, limit_mb=MAX_FILE_BYTES // (1024 * 1024))


def read_text(path: Path, rel: str, raw: bytes | None = None) -> tuple[Source, list[Diagnostic]]:
    """Read a file as UTF-8 (or decode `raw`, its bytes read already), refusing files that are too large or
    not text. Line ends become "\n"."""
    if raw is None:
        raw, problems = read_bytes(path, rel)
        if raw is None:
            return Source(path, rel, None), problems
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[:exc.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return Source(path, rel, None), [
            make("CG101", rel, line, column)
        ]
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:  # Windows (CRLF) and old Mac (CR) line ends: every later step sees only "\n"
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.count("\n") + 1
    if lines > MAX_FILE_LINES:
        return Source(path, rel, None), [
            make("CG107.lines", rel, 1, 1, lines=lines, limit=MAX_FILE_LINES)
        ]
    return Source(path, rel, text), []


class _TooLarge(Exception):
    """A YAML document that expands too far: `variant` is the CG108 situation, `args` its arguments."""

    def __init__(self, node: yaml.Node, variant: str, **args: object) -> None:
        super().__init__(variant)
        self.node = node
        self.variant = variant
        self.arguments = args


class _Builder:
    """Turns a composed YAML node graph into plain data, refusing duplicate keys and runaway aliases."""

    def __init__(self, rel: str, line_offset: int) -> None:
        self.rel = rel
        self.line_offset = line_offset
        self.diagnostics: list[Diagnostic] = []
        self.budget = MAX_YAML_VALUES
        self.top: yaml.Node | None = None

    def pos(self, node: yaml.Node) -> Position:
        return Position(node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1)

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _TooLarge(node, "values")
        if depth > MAX_YAML_DEPTH:
            raise _TooLarge(node, "depth", depth=MAX_YAML_DEPTH)
        if depth == 1:
            self.top = node  # an explosion is reported at the top-level value that causes it
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.child(item, depth) for item in node.value]
        return _scalar(node)

    def child(self, node: yaml.Node, depth: int) -> Any:
        """`build` of a child of a node at `depth`, in fewer steps for plain text: most values are."""
        if node.tag == _STR_TAG and type(node) is yaml.ScalarNode and depth < MAX_YAML_DEPTH:
            self.budget -= 1
            if self.budget < 0:
                raise _TooLarge(node, "values")
            if depth == 0:
                self.top = node
            return node.value
        return self.build(node, depth + 1)

    def mapping(self, node: yaml.MappingNode, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        pairs = _pairs(node)
        first_keys: dict[Any, yaml.Node] | None = None  # made at the first duplicate: most mappings have none
        for key_node, value_node in pairs:
            key = key_node.value if key_node.tag == _STR_TAG and type(key_node) is yaml.ScalarNode else _key(key_node)
            if key in result:
                first_keys = first_keys or _first_key_nodes(pairs)
                where, first = self.pos(key_node), self.pos(first_keys[key])
                self.diagnostics.append(make("CG103", self.rel, where.line, where.column, key=key,
                                             first_line=first.line))
                continue
            result[key] = self.child(value_node, depth)
        return result


def _key(node: yaml.Node) -> str | int | float | bool:
    """A mapping key as the data holds it: a text, number or true/false; anything else as its text."""
    key = _scalar(node) if isinstance(node, yaml.ScalarNode) else str(node.value)
    return key if isinstance(key, (str, int, float, bool)) else str(key)


def _first_key_nodes(pairs: list[tuple[yaml.Node, yaml.Node]]) -> dict[Any, yaml.Node]:
    """Each key of a mapping -> the node of its first occurrence."""
    first: dict[Any, yaml.Node] = {}
    for key_node, _ in pairs:
        first.setdefault(_key(key_node), key_node)
    return first


def parse_yaml(text: str, rel: str, line_offset: int = 0) -> tuple[YamlDoc | None, list[Diagnostic]]:
    """Parse one YAML document. Returns None as data (with diagnostics) when it cannot be used."""
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        column = mark.column + 1 if mark else 1
        if not exc.problem:
            return None, [make("CG102.unknown", rel, line, column)]
        problem = exc.problem.rstrip(".")  # PyYAML's own words, in English: an argument, not a template
        return None, [make(f"CG102.{_yaml_situation(problem)}", rel, line, column, problem=problem)]
    except yaml.YAMLError as exc:
        return None, [make("CG102.other", rel, 1 + line_offset, 1, problem=str(exc))]
    if node is None:
        return YamlDoc({}, line_offset=line_offset), []
    builder = _Builder(rel, line_offset)
    try:
        doc = YamlDoc(builder.build(node), node, line_offset)
    except (_TooLarge, RecursionError) as exc:
        culprit = builder.top or (exc.node if isinstance(exc, _TooLarge) else None)
        where = builder.pos(culprit) if culprit is not None else Position(1 + line_offset, 1)
        variant, args = (exc.variant, exc.arguments) if isinstance(exc, _TooLarge) else ("deep", {})
        return None, [make(f"CG108.{variant}", rel, where.line, where.column, **args)]
    return doc, builder.diagnostics


def _yaml_situation(problem: str) -> str:
    """Which CG102 situation PyYAML's problem is, so that the hint says how to fix it."""
    if "tab" in problem:
        return "tab"
    if "mapping values are not allowed" in problem:
        return "colon_in_value"
    if "could not find expected ':'" in problem or "simple key" in problem:
        return "missing_colon"
    if "found character" in problem and "cannot start any token" in problem:
        return "bad_start"
    return "syntax"


@dataclass
class MarkdownFile:
    """A Markdown source split into front matter and body."""

    source: Source
    meta: YamlDoc | None  # None: no front matter, or it could not be used
    body: str
    body_line: int  # the file line (1-based) on which the body starts
    has_front_matter: bool


_FIRST_FENCE = re.compile(r"---[ \t]*\r?(?:\n|$)")
_FENCE_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)


def split_front_matter(source: Source) -> tuple[MarkdownFile, list[Diagnostic]]:
    """Split `---` front matter from a Markdown text. Missing front matter is not an error here."""
    text = source.text or ""
    opening = _FIRST_FENCE.match(text)
    if not opening:
        return MarkdownFile(source, None, text, 1, False), []
    closing = _FENCE_CLOSE.search(text, opening.end())
    if closing is None:
        return MarkdownFile(source, None, "", text.count("\n") + 2, True), [
            make("CG105", source.rel, 1, 1)
        ]
    body_start = text.find("\n", closing.end())
    body_start = len(text) if body_start == -1 else body_start + 1
    doc, diagnostics = parse_yaml(text[opening.end():closing.start()], source.rel, line_offset=1)
    if doc is not None and not isinstance(doc.data, dict):
        diagnostics.append(make("CG106.front_matter", source.rel, 2, 1))
        doc = None
    body_line = text.count("\n", 0, body_start) + 1
    return MarkdownFile(source, doc, text[body_start:], body_line, True), diagnostics


def load_yaml_file(source: Source) -> tuple[YamlDoc | None, list[Diagnostic]]:
    """Parse a whole YAML file that must hold a mapping at the top."""
    doc, diagnostics = parse_yaml(source.text or "", source.rel)
    if doc is not None and not isinstance(doc.data, dict):
        position = doc.at(())
        diagnostics.append(make("CG106.file", source.rel, position.line, position.column))
        return None, diagnostics
    return doc, diagnostics
