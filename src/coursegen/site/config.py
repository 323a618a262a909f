"""coursegen's MkDocs settings, as plain data: the one owner of them.

`mkdocs_settings` holds what every coursegen site needs whichever adapter builds it (the theme with its
overrides, the Markdown extensions, the link check); `site_config` adds one language's site for
`coursegen build`'s workers, `preview_config` is the mkdocs.yml `coursegen serve --lang` writes for a project
without one, and the `coursegen` MkDocs plugin supplies the same settings to any mkdocs.yml that names it
(see `mkdocs_plugin.supply_settings`), so a project's mkdocs.yml need not repeat them.
"""

from __future__ import annotations

from pathlib import Path

from ..i18n import direction, language_marks, language_name
from ..library import Library
from ..pages import FileSet, localizer
from ..templates import BUILTIN_OVERRIDES
from ..theme import own_overrides

MARKDOWN_EXTENSIONS = [
    "attr_list", "md_in_html", "tables", "def_list", "admonition", "footnotes",
    {"toc": {"permalink": True, "toc_depth": 3}},
]


def markdown_extensions(permalink_title: str) -> list:
    """`MARKDOWN_EXTENSIONS` with the heading permalinks' title (a tooltip and accessible name) in the
    page's language: Python-Markdown's default is English on every page."""
    toc = {"toc": {**MARKDOWN_EXTENSIONS[-1]["toc"], "permalink_title": permalink_title}}
    return [*MARKDOWN_EXTENSIONS[:-1], toc]


#: Sections and pruning keep each page's navigation small: page size must not grow with the library. The
#: footer links each page to the previous and next one (module pages: in reading order, see pages.reading_order).
THEME_FEATURES = ["navigation.sections", "navigation.prune", "navigation.top", "navigation.footer"]


#: The site's words the theme overrides say (header, search dialog, 404 page, offline copy, read-aloud buttons).
UI_KEYS = ("search", "close", "language", "trainers", "not_found", "not_found_text", "not_found_home",
           "offline_save", "offline_size", "offline_saving", "offline_saved", "offline_remove", "offline_failed",
           "offline_title", "offline_text", "offline_home",
           "read_aloud", "read_aloud_pause", "read_aloud_resume", "read_aloud_stop")


def overrides_dir(root: Path) -> Path:
    """The project's own `site_overrides/` if it has one, else the overrides shipped with coursegen."""
    return own_overrides(root) or BUILTIN_OVERRIDES


def language_links(library: Library, lang: str) -> list[dict[str, str]]:
    """The switcher entries for a page of the `lang` site: each language's site root relative to this one."""
    default = library.default_language
    links = []
    for other in library.languages:
        if lang == default:
            prefix = "" if other == default else f"{other}/"
        else:
            prefix = "" if other == lang else ("../" if other == default else f"../{other}/")
        links.append({"lang": other, "name": language_name(other), "prefix": prefix,
                      "dir": direction(other)})
    return links


def mkdocs_settings(root: Path) -> dict:
    """The settings every coursegen site has. Material's search is off (Pagefind replaces it)."""
    return {
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "custom_dir": str(overrides_dir(root)),
            "font": False,  # no Google Fonts: the site makes no request to another origin
            "features": THEME_FEATURES,
        },
        "markdown_extensions": MARKDOWN_EXTENSIONS,
        "validation": {"links": {"anchors": "warn"}},
    }


def site_config(library: Library, files: FileSet, *, docs_dir: Path, site_dir: Path, root: Path,
                strict: bool, assembled: bool = False) -> dict:
    """The MkDocs config of one language site: the shared settings, the language, its navigation and the
    data the theme overrides need (switcher, search labels).

    `assembled`: the site becomes part of `coursegen build`'s assembled site, where every language but the
    default one (at the root) takes the theme's files from the root's copy (see `site.theme_assets`)."""
    lang = files.lang
    local = localizer(library, lang)
    settings = mkdocs_settings(root)
    return {
        **settings,
        "site_name": local.framework_title(),
        "site_description": local.site_description(),  # the meta description of pages without their own
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "strict": strict,
        "theme": {**settings["theme"], "language": lang, "direction": direction(lang)},
        "markdown_extensions": markdown_extensions(local.t("permalink")),
        "plugins": [],  # an empty list, not absent: absent means MkDocs' default search plugin
        "nav": files.nav,
        "extra": {
            "coursegen": {
                "lang": lang,
                "short_name": local.site_name(),  # the header's title and `<title>`'s suffix
                # its language and direction when it is the default language's (the header and drawer mark it)
                **language_marks("short_name", local.site_name_language()),
                "languages": language_links(library, lang),
                "ui": {key: local.t(key) for key in UI_KEYS},
                "shared_theme": "../" if assembled and lang != library.default_language else "",
            },
        },
    }


def preview_config(root: Path) -> dict:
    """An mkdocs.yml for `coursegen serve` in a project that has none: content/ as docs, the plugin on (it
    supplies the rest of the settings)."""
    return {
        "site_name": root.name,
        "docs_dir": str(root / "content"),
        "plugins": [{"coursegen": {"root": str(root)}}],
    }
