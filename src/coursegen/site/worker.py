"""The worker side of `coursegen build`: one language's site built by MkDocs from an in-memory file set.

Imported only in worker processes, so that validating a project never loads MkDocs. The generated pages go to
MkDocs as generated files (see `plugin.LanguagePlugin`): nothing is written to a docs folder and read back.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import yaml
from jinja2 import TemplateError

from ..markdown_anchors import TOC_SLUG
from ..project import collector_paused
from .jobs import LanguageJob, LanguageOutcome, html_pages
from .page_cache import PageCache
from .plugin import LanguagePlugin
from .theme_listing import use_quick_listing


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings and errors so that the parent process can report them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs(job: LanguageJob) -> LanguageOutcome:
    """Build one language's site with MkDocs' Python API (its plugin indexes it with Pagefind).

    `job` has its file set and its MkDocs config (as data; its docs folder exists and is empty). A theme
    template's error is raised for the caller to report at its template and line.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    use_quick_listing()
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    # A conversion that logged a warning is not cached (see `page_cache`): the count tells.
    cache = PageCache(job.cache, job.config, lambda: len(collect.messages)) if job.cache else None
    plugin = LanguagePlugin(job.files, cache=cache, search_from=None if job.search else job.live)
    try:
        config = load_config(config_file=io.StringIO(yaml.safe_dump(job.config, allow_unicode=True)))
        config.plugins["coursegen-files"] = plugin
        config.mdx_configs.setdefault("toc", {}).update(TOC_SLUG)  # code, so not in the YAML config
        with collector_paused():  # 5% of a language's build went to collections that found little
            build(config)
    except TemplateError:
        raise  # the caller reports it at its template and line (TemplateNotFound is an OSError too)
    except (MkDocsException, OSError) as error:
        return LanguageOutcome(errors=(*collect.messages, str(error)))
    finally:
        logger.removeHandler(collect)
    return LanguageOutcome(pages=html_pages(Path(job.config["site_dir"])), errors=tuple(plugin.search_problems),
                           warnings=tuple(collect.messages))
