"""The templates' indentation is taken out of built pages without changing what a reader sees (`whitespace`)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from coursegen.site.whitespace import collapse_whitespace

RAW = ("pre", "textarea", "script", "style")


class Tree(HTMLParser):
    """A page as a list of events, with text as a browser renders it (runs of HTML white space are one
    space) except inside the raw-text and preformatted elements, where it is kept exactly."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.events: list[tuple] = []
        self.raw = 0

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, tuple(attrs)))
        self.raw += tag in RAW

    def handle_endtag(self, tag):
        self.events.append(("end", tag))
        self.raw -= tag in RAW

    def handle_data(self, data):
        text = data if self.raw else re.sub(r"[ \t\n\r\f]+", " ", data)
        if self.events and self.events[-1][0] == "text":  # the parser may cut one text node in two
            self.events[-1] = ("text", self.events[-1][1] + text)
        else:
            self.events.append(("text", text))

    def handle_comment(self, data):
        self.events.append(("comment", data))

    def handle_decl(self, decl):
        self.events.append(("decl", decl))


def rendered(html: str) -> list[tuple]:
    tree = Tree()
    tree.feed(html)
    tree.close()
    return tree.events


def outside_raw_text(html: str) -> str:
    return re.sub(r"<(pre|script|style|textarea)\b.*?</\1>", "<raw>", html, flags=re.DOTALL)


PAGE = """<!doctype html>
<html lang="ar" dir="rtl">
  <head>
    <meta charset="utf-8">
    <meta name="description" content="two
       lines">
    <script>
      var   a = 1;
    </script>
    <style>
      p  { color: red }
    </style>
  </head>
  <body>
    <!-- a
         comment -->
    <a title="a > b
        c" href="#x">
      link
    </a>
    <pre><code>  line one
      line two
</code></pre>
    <textarea>
  kept
</textarea>
    <p>no\u00a0\n  break\u00a0 space</p>
    <span>inline</span> <span>runs</span>  <em>stay</em>
  </body>
</html>
"""


def test_indentation_between_tags_is_gone() -> None:
    out = outside_raw_text(collapse_whitespace(PAGE))
    assert re.search(r">\n[ \t]+<", outside_raw_text(PAGE))  # the sample is indented
    assert re.search(r">\n[ \t]+<", out) is None and "\n\n" not in out


def test_what_a_reader_sees_is_unchanged() -> None:
    assert rendered(collapse_whitespace(PAGE)) == rendered(PAGE)


def test_raw_text_comments_and_attribute_values_are_kept_byte_for_byte() -> None:
    out = collapse_whitespace(PAGE)
    for kept in ("<script>\n      var   a = 1;\n    </script>", "<style>\n      p  { color: red }\n    </style>",
                 "<!-- a\n         comment -->", 'title="a > b\n        c"', 'content="two\n       lines"',
                 "<pre><code>  line one\n      line two\n</code></pre>", "<textarea>\n  kept\n</textarea>"):
        assert kept in out


def test_a_no_break_space_is_not_white_space() -> None:
    out = collapse_whitespace(PAGE)
    assert "<p>no\u00a0\nbreak\u00a0 space</p>" in out  # the line break's run ends at the no-break space
    assert "<span>inline</span> <span>runs</span>  <em>stay</em>" in out  # no line break: not touched


def test_collapsing_twice_changes_nothing() -> None:
    once = collapse_whitespace(PAGE)
    assert collapse_whitespace(once) == once


@given(st.lists(st.sampled_from(["<p>", "</p>", "<b title='x\n >y'>", "</b>", " ", "\n",
                                 "\n    ", "\t", "\u00a0", "text", "<!--c\n -->", "<script>\n  x  \n</script>",
                                 "<pre> a\n  b </pre>",
                                 "&amp;", "<br>", "a\n\n  b"]), max_size=30))
def test_any_mix_renders_the_same(pieces: list[str]) -> None:
    html = "".join(pieces)
    assert rendered(collapse_whitespace(html)) == rendered(html)


def test_a_built_page_has_no_indentation_outside_code(multilingual_build) -> None:
    _, site, _ = multilingual_build
    outside = outside_raw_text((site / "ar" / "modules" / "role" / "index.html").read_text(encoding="utf-8"))
    assert re.search(r">\n[ \t]+<", outside) is None
    assert "\n\n" not in outside
