"""Reading files: positions, duplicate keys, encodings, size and alias limits, front matter."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
import yaml

from coursegen.sources import (
    _COMPOSER,
    MAX_FILE_BYTES,
    SAFE_LOADER,
    Position,
    Source,
    parse_yaml,
    read_bytes,
    read_text,
    split_front_matter,
)


def test_positions_of_keys_and_values_are_one_based() -> None:
    doc, diagnostics = parse_yaml("a: 1\nb:\n  - x\n  - {c: 2}\n", "f.yaml")
    assert not diagnostics
    assert doc.data == {"a": 1, "b": ["x", {"c": 2}]}
    assert doc.at(("b", 1, "c")) == Position(4, 9)
    assert doc.at(("b",), key=True) == Position(2, 1)
    assert doc.at(("b", 7, "x")) == Position(3, 3)  # missing: the nearest ancestor that exists


def test_duplicate_key_is_reported_and_first_value_kept() -> None:
    doc, diagnostics = parse_yaml("title: One\nother: x\ntitle: Two\n", "f.yaml")
    assert doc.data["title"] == "One"
    assert [(d.code, d.line, d.column) for d in diagnostics] == [("CG103", 3, 1)]
    assert "line 1" in diagnostics[0].message


def test_merge_keys_still_work() -> None:
    doc, diagnostics = parse_yaml("base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3\n", "f.yaml")
    assert not diagnostics
    assert doc.data["item"] == {"x": 1, "y": 3}


def test_alias_bomb_is_refused() -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    doc, diagnostics = parse_yaml("\n".join(lines) + "\n", "bomb.yaml")  # 10^12 nodes if it were expanded
    assert doc is None and [d.code for d in diagnostics] == ["CG108"]


def test_deep_nesting_is_refused() -> None:
    doc, diagnostics = parse_yaml("[" * 500 + "]" * 500, "deep.yaml")
    assert doc is None and diagnostics[0].code == "CG108"


def test_syntax_error_has_position_and_hint() -> None:
    _, diagnostics = parse_yaml("title: a\n\tbad: tab\n", "f.yaml")
    assert diagnostics[0].code == "CG102" and diagnostics[0].line == 2
    assert "tab" in diagnostics[0].hint


def test_not_utf8_reports_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes("line one\nline twó\n".encode("latin-1"))
    source, diagnostics = read_text(path, "a.md")
    assert source.text is None
    assert [(d.code, d.line, d.column) for d in diagnostics] == [("CG101", 2, 8)]


def test_file_too_large_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    source, diagnostics = read_text(path, "big.md")
    assert source.text is None and diagnostics[0].code == "CG107"


def test_unreadable_file_is_a_diagnostic(tmp_path: Path) -> None:
    source, diagnostics = read_text(tmp_path / "gone.md", "gone.md")
    assert source.text is None and diagnostics[0].code == "CG110"


def test_a_fifo_in_place_of_a_listed_file_is_refused_without_waiting(tmp_path: Path) -> None:
    """A file replaced by a fifo between the walk and the read: the read must not wait for a writer."""
    fifo = tmp_path / "swapped.md"
    os.mkfifo(fifo)
    results: list = []
    reader = threading.Thread(target=lambda: results.append(read_bytes(fifo, "swapped.md")), daemon=True)
    reader.start()
    reader.join(10)
    if reader.is_alive():  # it waits for a writer: release it, then fail
        with open(fifo, "wb"):
            pass
        pytest.fail("read_bytes waited on a fifo")
    data, diagnostics = results[0]
    assert data is None and [(d.code, d.variant) for d in diagnostics] == [("CG110", "special")]


def test_a_folder_in_place_of_a_file_is_a_diagnostic(tmp_path: Path) -> None:
    (tmp_path / "a.md").mkdir()
    data, diagnostics = read_bytes(tmp_path / "a.md", "a.md")
    assert data is None and [(d.code, d.variant) for d in diagnostics] == [("CG110", "file")]
    assert "directory" in diagnostics[0].message


def test_a_file_is_read_whole_however_many_reads_it_takes(tmp_path: Path) -> None:
    path = tmp_path / "long.md"
    payload = bytes(range(256)) * 4099  # about a megabyte: more than one read of the descriptor
    path.write_bytes(payload)
    assert read_bytes(path, "long.md") == (payload, [])


def test_front_matter_positions_are_file_lines() -> None:
    text = "---\nid: M01\ntitle: x\n---\n\n# Body\n"
    markdown_file, diagnostics = split_front_matter(Source(Path("m.md"), "m.md", text))
    assert not diagnostics
    assert markdown_file.meta.at(("title",)).line == 3
    assert markdown_file.body_line == 5
    assert markdown_file.body == "\n# Body\n"


def test_no_front_matter_is_plain_markdown() -> None:
    markdown_file, diagnostics = split_front_matter(Source(Path("p.md"), "p.md", "# Title\n"))
    assert not diagnostics and not markdown_file.has_front_matter and markdown_file.body == "# Title\n"


#: Scalars of every kind the safe loader tells apart by their text, and the nodes around them.
_EVERY_KIND = """\
plain: text
empty:
tilde: ~
null_word: Null
yes_word: yes
off_word: Off
true_word: TRUE
number: 12
negative: -3
octal: 0o17
hex: 0x1F
sexagesimal: 1:30
float: 1.5e3
dot_float: .5
infinity: -.inf
not_a_number: .NaN
date: 2024-01-31
time: 2024-01-31 10:00:00Z
quoted_number: "12"
single_quoted: 'yes'
literal: |
  block
folded: >
  folded
merge:
  <<: {a: 1}
  b: 2
value_key: =
flow: [1, two, 3.0, null, {x: y}]
explicit: !!str 12
explicit_int: !!int "7"
nested:
  - - deep: true
"""


def _tags(node: yaml.Node) -> list[str]:
    tags = [node.tag]
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            tags += _tags(key) + _tags(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            tags += _tags(item)
    return tags


def test_the_quick_resolver_gives_every_node_the_tag_pyyaml_gives() -> None:
    quick = yaml.compose(_EVERY_KIND, Loader=_COMPOSER)
    pyyaml = yaml.compose(_EVERY_KIND, Loader=SAFE_LOADER)
    assert _COMPOSER is not SAFE_LOADER  # the quick resolver is in use
    assert _tags(quick) == _tags(pyyaml)
    assert len(set(_tags(quick))) >= 9  # the document does reach every kind of tag
    constructible = _EVERY_KIND.replace("value_key: =\n", "")  # PyYAML has no constructor for `=`
    doc, diagnostics = parse_yaml(constructible, "kinds.yaml")
    assert diagnostics == [] and doc is not None
    assert doc.data == yaml.load(constructible, Loader=SAFE_LOADER)


@pytest.mark.parametrize("written", ["0", "7", "42", "012", "0o17", "0x1A", "1_000", "-3", "+5", "190:20:30", "08"])
def test_numbers_read_as_pyyaml_reads_them(written: str) -> None:
    doc, diagnostics = parse_yaml(f"n: {written}\n", "n.yaml")
    expected = yaml.load(f"n: {written}\n", Loader=SAFE_LOADER)["n"]
    assert not diagnostics and doc.data["n"] == expected and type(doc.data["n"]) is type(expected)
