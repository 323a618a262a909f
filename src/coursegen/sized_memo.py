"""A memo bounded by the size of what it holds: values by key, the most recently used last, the oldest let go
when the total passes the limit. The live preview's process and workers keep what a save's build would make
again (cache entries, rendered templates) in these, so that a long session's memory stays bounded."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class SizedMemo(Generic[K, V]):
    """Values by key within `limit` in all, each counted by `size` (0: nothing is kept). A value larger than
    the limit is never kept, and lets nothing else go."""

    def __init__(self, size: Callable[[V], int] = len) -> None:
        self.size = size
        self.limit = 0
        self.total = 0
        self._values: OrderedDict[K, V] = OrderedDict()

    def __len__(self) -> int:
        return len(self._values)

    def get(self, key: K) -> V | None:
        """The value kept under `key` (now the most recently used), or None."""
        value = self._values.get(key)
        if value is not None:
            self._values.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        """Keep `value` under `key`, letting the oldest values go while the total passes the limit."""
        if self.size(value) > self.limit:
            return
        if key in self._values:
            self.total -= self.size(self._values.pop(key))
        self._values[key] = value
        self.total += self.size(value)
        self._trim()

    def resize(self, limit: int, keep: Callable[[K], bool] = lambda key: True) -> None:
        """A new limit (the oldest values go until the rest fits), keeping only the keys `keep` accepts."""
        self.limit = max(limit, 0)
        for key in [key for key in self._values if not keep(key)]:
            self.total -= self.size(self._values.pop(key))
        self._trim()

    def _trim(self) -> None:
        while self.total > self.limit:
            self.total -= self.size(self._values.popitem(last=False)[1])
