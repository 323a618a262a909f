"""Text that coursegen hands to the theme, escaped once, at the adapter: titles, descriptions, the site name.

Material's templates print `page.title`, `page.meta.title`, `page.meta.description`, `config.site_name` and
navigation titles without escaping (MkDocs' Jinja environment has no autoescape), and a few places escape
them again with `| e`. Handing them over as `Markup` (escaped text) makes both right: the raw prints show the
text, and `| e` leaves a `Markup` as it is. Used by `plugin.LanguagePlugin`, whose hooks both MkDocs
adapters run, so that no page, nav entry or `<title>` ever carries a content author's markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

#: Front-matter keys the theme prints as text.
TEXT_META = ("title", "description")


def as_text(value: object) -> object:
    """A string as escaped `Markup` (once: `Markup` stays as it is); anything else unchanged."""
    return escape(value) if isinstance(value, str) else value


def escape_site_name(config: MkDocsConfig) -> None:
    """The site name (the framework's title) as text in the header, the drawer and `<title>`, and the site
    description (the meta description of pages without their own) as text in its attribute."""
    config["site_name"] = as_text(config["site_name"])
    if config.get("site_description"):
        config["site_description"] = as_text(config["site_description"])


def escape_page_meta(page: Page) -> None:
    """A page's title and description as text (the title is also what the navigation shows)."""
    for key in TEXT_META:
        if key in page.meta:
            page.meta[key] = as_text(page.meta[key])


def escape_nav(nav: Navigation) -> None:
    """Section titles of the navigation as text (page entries take their page's escaped title)."""
    stack = list(nav.items)
    while stack:
        item = stack.pop()
        if getattr(item, "children", None):
            stack.extend(item.children)
        if item.is_section and isinstance(item.title, str) and not isinstance(item.title, Markup):
            item.title = escape(item.title)
