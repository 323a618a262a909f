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
import subprocess
import sys
import threading
from pathlib import Path


def _tree(pid: int) -> list[int]:
    """`pid` and every process below it."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            tasks = list(Path(f"/proc/{current}/task").glob("*/children"))
        except OSError:
            continue  # the process ended meanwhile
        for task in tasks:
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
    """The highest sum seen over this process's tree, sampled every `interval` seconds by another process
    (a sampling thread here would make a build start its workers from a fork server instead of forking:
    coursegen forks only a single-threaded process). The sampler leaves itself out of the sum."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak_kb = 0
        self._sampler: subprocess.Popen | None = None

    def __enter__(self) -> PeakMemory:
        self._sampler = subprocess.Popen([sys.executable, __file__, str(os.getpid()), str(self.interval)],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        return self

    def __exit__(self, *exc) -> None:
        out, _ = self._sampler.communicate("stop\n")  # closing its input stops it; it prints the peak
        if self._sampler.returncode != 0 or not out.strip():  # a peak of 0 would read as a figure
            raise RuntimeError(f"the memory sampler failed (exit status {self._sampler.returncode})")
        self.peak_kb = int(out.strip())

    @property
    def mb(self) -> float:
        return self.peak_kb / 1024


def _watch(pid: int, interval: float) -> None:
    """Sample until the standard input closes, then print the peak in KB."""
    peak, done = 0, threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    while True:
        peak = max(peak, sum(_kb(each) for each in _tree(pid) if each != os.getpid()))
        if done.wait(interval):
            break
    print(peak)


if __name__ == "__main__":
    _watch(int(sys.argv[1]), float(sys.argv[2]))
