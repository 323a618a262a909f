"""The order a learner reads the modules in, for each module page's previous and next module.

The rule, one order for the whole library so that "next" and "previous" always lead back and forth: the
courses in the order of their ids, each course's modules in the course's order, a module that several
courses share at its first place only; then the modules that no course lists, in the order of their ids.
The trainer edition follows the same order among its module pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..page_paths import trainer_rel

if TYPE_CHECKING:
    from ..library import Library

#: A page's neighbours: the docs paths of the page before it and after it (None at either end).
Neighbours = tuple[str | None, str | None]


def module_order(library: Library) -> list[str]:
    """The module ids in reading order (see the module's docstring for the rule)."""
    order: dict[str, None] = {}
    for course_id in sorted(library.courses):
        for module_id in library.courses[course_id].meta.modules:
            if module_id in library.modules:
                order.setdefault(module_id)
    for module_id in sorted(library.modules):
        order.setdefault(module_id)
    return list(order)


def page_chain(rels: list[str], first_previous: str | None = None) -> dict[str, Neighbours]:
    """Pages that follow each other in the order of `rels`, the first one after `first_previous`."""
    chain = [first_previous, *rels]
    return {rel: (chain[index], chain[index + 2] if index + 2 < len(chain) else None)
            for index, rel in enumerate(rels)}


def module_neighbours(library: Library) -> dict[str, Neighbours]:
    """Docs path of every module page, learner and trainer edition -> its previous and next module's."""
    rels = [library.modules[module_id].rel for module_id in module_order(library)]
    neighbours: dict[str, Neighbours] = {}
    for edition in (rels, [trainer_rel(rel) for rel in rels]):
        neighbours.update(page_chain(edition))
    return neighbours
