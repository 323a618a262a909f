"""The generated file set's building blocks: paths between pages and front matter."""

from __future__ import annotations

import posixpath

from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from coursegen.pages import front_matter, relative_md, relative_url

segment = st.sampled_from(["a", "b", "modules", "index", "x-y"])
docs_path = st.lists(segment, min_size=0, max_size=3).map(lambda parts: "/".join(parts + ["page.md"]))
index_path = st.lists(segment, min_size=0, max_size=3).map(lambda parts: "/".join(parts + ["index.md"]))
any_docs_path = st.one_of(docs_path, index_path)


@settings(max_examples=300, deadline=None)
@given(any_docs_path, any_docs_path)
def test_relative_md_agrees_with_posixpath(from_rel, to_rel):
    assert relative_md(from_rel, to_rel) == posixpath.relpath(to_rel, posixpath.dirname(from_rel) or ".")


@settings(max_examples=300, deadline=None)
@given(any_docs_path, any_docs_path)
def test_relative_url_leads_from_one_page_url_to_the_other(from_rel, to_rel):
    """Resolved against the directory URL of `from_rel`, the link lands on the directory URL of `to_rel`."""
    def url(rel: str) -> str:
        stem = rel[:-3]
        return "" if stem == "index" else (stem[:-5] if stem.endswith("/index") else stem + "/")

    link = relative_url(from_rel, to_rel, "frag")
    assert link.endswith("/#frag")
    resolved = posixpath.normpath(posixpath.join(url(from_rel) or ".", link[:-len("#frag")]))
    assert resolved == (url(to_rel).rstrip("/") or ".")


meta_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "description", "robots", "cg_fallback"]), meta_text),
       st.lists(meta_text, max_size=3))
def test_front_matter_reads_back_as_the_same_data_in_mkdocs(meta, hide):
    """Front matter is written as JSON; MkDocs reads it as YAML and must get exactly the same values,
    whatever the characters (quotes, colons, line and paragraph separators, emoji)."""
    data = {**meta, "hide": hide}
    body, read = get_data(front_matter(data, "# Heading\n\nText."))
    assert read == data
    assert body.strip() == "# Heading\n\nText."


def _resolve(folder: str, url: str) -> str:
    """Where a relative URL written in `folder` leads (a path below the site root)."""
    return posixpath.normpath(posixpath.join(folder or ".", url))


@settings(max_examples=300, deadline=None)
@given(any_docs_path, any_docs_path, any_docs_path)
def test_rebased_markdown_links_lead_where_they_led(source_rel, out_rel, target_rel):
    """A link written for one page and rebased for another (trainer notes) still names the same file;
    links with a scheme, absolute links, fragments and code are left as they are."""
    from coursegen.page_paths import rebase_markdown

    link = relative_md(source_rel, target_rel, "x")
    text = f"[a]({link}) [b](https://example.org/p) [c](/abs.md) [d](#here) `[e]({link})`"
    rebased = rebase_markdown(text, source_rel, out_rel)
    new = rebased[rebased.index("(") + 1:rebased.index(")")]
    assert _resolve(posixpath.dirname(out_rel), new) == target_rel + "#x"
    assert rebased.endswith(f" [b](https://example.org/p) [c](/abs.md) [d](#here) `[e]({link})`")


@settings(max_examples=100, deadline=None)
@given(any_docs_path, any_docs_path, any_docs_path)
def test_rebased_reference_definitions_lead_where_they_led(source_rel, out_rel, target_rel):
    """A reference-style link's definition is a link too: rebased like an inline one, its title kept, and
    left as it is inside code; one in `<...>` stays in `<...>` (it may hold a space)."""
    from coursegen.page_paths import rebase_markdown, reference_definitions

    link = relative_md(source_rel, target_rel, "x")
    text = (f"See [the guide][g].\n\n[g]: {link} \"The guide\"\n [s]: <{link}>\n"
            f"[w]: https://example.org/p\n\n```\n[c]: {link}\n```\n")
    rebased = rebase_markdown(text, source_rel, out_rel)
    lines = rebased.split("\n")
    new, title = lines[2].removeprefix("[g]: ").rsplit(" ", 2)[0], lines[2].rsplit(" ", 2)[1:]
    assert _resolve(posixpath.dirname(out_rel), new) == target_rel + "#x" and title == ['"The', 'guide"']
    assert lines[3] == f" [s]: <{new}>" and lines[4] == "[w]: https://example.org/p" and lines[7] == f"[c]: {link}"
    assert reference_definitions(text).split("\n") == [f'[g]: {link} "The guide"', f"[s]: <{link}>",
                                                        "[w]: https://example.org/p"]


@settings(max_examples=300, deadline=None)
@given(any_docs_path, any_docs_path, any_docs_path)
def test_rebased_html_urls_lead_where_they_led(source_rel, out_rel, target_rel):
    """A learner page's rendered HTML shown in its trainer twin: every relative href and src is rebased to
    the twin's folder, and leads to the same directory URL; other URLs are left as they are."""
    from coursegen.page_paths import page_url, rebase_html, url_folder

    source, out = url_folder(page_url(source_rel)), url_folder(page_url(out_rel))
    href = relative_url(source_rel, target_rel, "x")
    html = f'<a href="{href}">a</a><img src="https://example.org/i.png"><a href="#here">b</a>'
    rebased = rebase_html(html, source, out)
    new = rebased[len('<a href="'):rebased.index('">')]
    assert _resolve(out, new[:-len("#x")]) == (page_url(target_rel).rstrip("/") or ".")
    assert new.endswith("/#x")
    assert rebased.endswith('<img src="https://example.org/i.png"><a href="#here">b</a>')


def test_additions_get_ids_distinct_from_the_page_they_join():
    """HTML converted on its own (a trainer note) and put into a page: its ids that the page has are
    renamed as Python-Markdown numbers repeated headings, with the links and labels in it that name them;
    values and text that only look like attributes stay as they are."""
    from coursegen.pages.trainer import distinct_ids, element_ids

    note = ('<h2 id="assessment">Assessment<a class="headerlink" href="#assessment">¶</a></h2>\n'
            '<p title="a > b id=&quot;assessment&quot;">See <a href="#assessment">it</a>, '
            '<a href="#plan">the plan</a> and id="assessment" in text.</p>\n'
            '<fieldset aria-labelledby="cg-quiz-1 legend"><input id="cg-quiz-1" type="radio">'
            '<label for="cg-quiz-1">x</label></fieldset><p id="own">y</p>')
    page = ('<h2 id="assessment">A</h2><h2 id="assessment_1">B</h2><input class="x" id="cg-quiz-1">'
            '<h2 id="plan">C</h2><p>Text that says id="own" is no id.</p>')
    placed: set[str] = set()
    html, renamed = distinct_ids(note, page, placed)
    assert renamed == {"assessment": "assessment_2", "cg-quiz-1": "cg-quiz-1_1", "own": "own_1"}
    assert html == note.replace('id="assessment">', 'id="assessment_2">').replace(
        'href="#assessment"', 'href="#assessment_2"').replace('"cg-quiz-1 legend"', '"cg-quiz-1_1 legend"').replace(
        'id="cg-quiz-1"', 'id="cg-quiz-1_1"').replace('for="cg-quiz-1"', 'for="cg-quiz-1_1"').replace(
        '<p id="own">', '<p id="own_1">')
    assert 'id="assessment" in text' in html and 'id=&quot;assessment&quot;' in html
    assert placed == {"assessment_2", "cg-quiz-1_1", "own_1"} == element_ids(html)
    # a second addition is kept apart from the first one too; one without a clash is left as it is
    assert distinct_ids('<h3 id="own_1">Own</h3>', page, placed)[0] == '<h3 id="own_1_1">Own</h3>'
    assert distinct_ids('<h3 id="new">New</h3>', page, placed) == ('<h3 id="new">New</h3>', {})
