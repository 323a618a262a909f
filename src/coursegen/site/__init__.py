"""The site builder: the generated file set of every language, built by MkDocs + Material, searched by Pagefind."""

from .build import BuildEvent, BuildResult, build_site

__all__ = ["BuildEvent", "BuildResult", "build_site"]
