"""The theme's files (Material's CSS, script and icon, coursegen's stylesheet) as the site ships them: once.

Every language site is built by MkDocs on its own, and each would get its own copy of the same theme files
(`/assets/`, `/es/assets/`, ...): a reader who switches language would download them again. So the default
language's site keeps them, the other languages ship none and their pages point one folder up, at the
default language's copy (`../assets/...` from the language's root). Source-map references go too: the maps
are not shipped, and every browser's developer tools would ask for them in vain.

Plain text work on the rendered page, without MkDocs: the language plugin uses it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection

#: A source-map comment at the end of a minified script or stylesheet.
_SOURCE_MAP = re.compile(r"\n?(//# sourceMappingURL=[^\n]*|/\*# sourceMappingURL=[^*]*\*/)\s*$")
#: The URL attributes the theme writes theme files into.
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"#?]*)(")')


def without_source_map(text: str) -> str:
    """A script or stylesheet without its closing source-map reference (the map is not shipped)."""
    return _SOURCE_MAP.sub("\n", text, count=1)


def page_folder(page_url: str) -> str:
    """The folder a page's relative links start from: its URL up to the last "/" ("" at the site root)."""
    return page_url[:page_url.rfind("/") + 1] if "/" in page_url else ""


def shared_theme_links(output: str, page_url: str, theme_urls: Collection[str], home: str) -> str:
    """The page with its links to the theme's files pointing at the shared copy, `home` (a relative path
    such as "../", from this language site's root to the site that holds them). Other links are kept."""
    if not home:
        return output
    folder = page_folder(page_url)

    def shared(match: re.Match[str]) -> str:
        url = match.group(2)
        if not url or url.startswith("/") or ":" in url.split("/")[0]:
            return match.group(0)
        target = posixpath.normpath(posixpath.join(folder, url))
        if target not in theme_urls:
            return match.group(0)
        # up from the page's folder to its language's root, then on to the shared copy
        return f"{match.group(1)}{'../' * folder.count('/')}{home}{target}{match.group(3)}"

    return _URL_ATTRIBUTE.sub(shared, output)
