"""Listings that continue on further pages (a coverage matrix, the module index, the trainer edition's list
of modules): which rows a page holds, its title, the links between its pages and the order they follow
each other in. One shape for every such listing, so that each is bounded the same way."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TypeVar

from ..page_paths import page_count, part_page, relative_url
from .reading_order import Neighbours, page_chain

Row = TypeVar("Row")


def part_rows(rows: Sequence[Row], part: int, per_page: int) -> Sequence[Row]:
    """The rows page `part` (from 1) of a listing holds."""
    return rows[(part - 1) * per_page:part * per_page]


def part_title(t: Callable[..., str], title: str, part: int, parts: int) -> str:
    """A page's title, with "page 2 of 5" when its listing takes several pages."""
    return f"{title} ({t('page_of', part=part, parts=parts)})" if parts > 1 else title


def part_links(rel: str, first: str, parts: int, current: int = 0) -> list[dict]:
    """Links from page `rel` to every page of the listing whose first page is `first` (none for one page),
    `current` marking the page itself: what the templates' `parts_nav` shows."""
    if parts <= 1:
        return []
    return [{"part": part, "href": relative_url(rel, part_page(first, part)), "current": part == current}
            for part in range(1, parts + 1)]


def part_generators(first: str, rows: int, per_page: int, write: Callable) -> dict[str, Callable]:
    """The docs path of every page of a listing of `rows` rows and `write` bound to its `part`, in order."""
    return {part_page(first, part): partial(write, part=part) for part in range(1, page_count(rows, per_page) + 1)}


def part_neighbours(first: str, rows: int, per_page: int) -> dict[str, Neighbours]:
    """The further pages of a listing (outside the navigation) in order, the second following the first."""
    return page_chain([part_page(first, part) for part in range(2, page_count(rows, per_page) + 1)], first)
