"""The peak memory of a process tree, sampled while it works (Linux: /proc).

A build runs in several processes (a worker per language, Pagefind under each): their memory is summed.
Each process counts with its proportional set size (PSS), so pages that forked workers share with the parent
count once, shared among them, not once per process as resident sizes would; where PSS is not readable the
resident size is used instead.

    with PeakMemory() as peak:
        build()
    print(peak.mb)
"""

from __future__ import annotations

import os
import threading
from pathlib import Path


def _tree(pid: int) -> list[int]:
    """`pid` and every process below it."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                queue += [int(child) for child in task.read_text().split()]
            except OSError:
                pass  # the task ended meanwhile
    return found


def _kb(pid: int) -> int:
    """The process's PSS (else its resident size) in KB; 0 for a process that has ended."""
    for path, field in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(field):
                    return int(line.split()[1])
        except OSError:
            continue
    return 0


class PeakMemory:
    """Samples the sum over this process's tree every `interval` seconds; `mb` is the highest sum seen."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while True:
            self.peak_kb = max(self.peak_kb, sum(_kb(pid) for pid in _tree(os.getpid())))
            if self._stop.wait(self.interval):
                return

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def mb(self) -> float:
        return self.peak_kb / 1024
