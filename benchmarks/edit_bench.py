"""How long an author waits for a save: `edit_s`, from saving one module to `coursegen serve` serving the
rebuilt page (goal <= 1.0 s for the shipped content, <= 0.1 x the clean build at 300 modules x 3 languages).

Copies the project (framework/, content/, site_overrides/) to a temporary folder (the shipped content is
never modified), starts `coursegen serve` on it on a free port, waits for the first build, then `--rounds`
times appends a new sentence to one module and polls the module's page until the sentence is served.
The preview shows the saved language first and then builds the whole site in the background (see
`coursegen.site.preview`): each round waits until that background build has ended ("Preview updated" in the
server's output) before it saves, then saves twice more, the second time as soon as the first is served,
while the background build of the first runs.
Prints, per round, `edit_s_<library>: <seconds>` (a save to an idle preview) with the machine's load average,
`edit_vs_first_build_ratio_<library>`, `full_preview_s_<library>` (from the save until the whole site,
search included, is updated) and `edit_s_back_to_back_<library>` (the second save); and
`first_build_s_<library>` once (the preview's first build, a clean one: the copy has no cache).
`--synthetic 300` measures a synthetic library of 300 modules x 3 languages instead.

    python benchmarks/edit_bench.py [--rounds 2] [--module NAME] [--synthetic N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # 127.0.0.1 never through a proxy
DEADLINE_S = 300  # for a hung server, not a goal


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def page(url: str) -> str:
    try:
        with DIRECT.open(url, timeout=DEADLINE_S) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8")
    except OSError:
        return ""  # not listening yet


def wait_until(condition, process: subprocess.Popen) -> float:
    """Poll every 20 ms until `condition` holds; the seconds waited."""
    start = time.monotonic()
    while not condition():
        if process.poll() is not None or time.monotonic() - start > DEADLINE_S:
            raise SystemExit("coursegen serve stopped or hung")
        time.sleep(0.02)
    return time.monotonic() - start


class Updates:
    """Counts the server's "Preview updated" lines (one per full build), read from its standard error."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.count = 0
        self.last: list[str] = []  # the server's last lines, shown when it stops or hangs
        threading.Thread(target=self._read, args=(process.stderr,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self.last = [*self.last[-19:], line.rstrip("\n")]
            if line.startswith("Preview updated"):
                self.count += 1


def save_and_wait(module: Path, tag: str, url: str, process: subprocess.Popen) -> float:
    """Append a sentence to `module`; the seconds until its page serves it."""
    sentence = f"Edit benchmark sentence {tag}."
    with module.open("a", encoding="utf-8") as out:
        out.write(f"\n{sentence}\n")
    return wait_until(lambda: sentence in page(f"{url}modules/{module.stem}/"), process)


def copy_project(into: Path) -> Path:
    root = into / "project"
    for name in ("framework", "content", "site_overrides"):
        if (REPOSITORY / name).is_dir():
            shutil.copytree(REPOSITORY / name, root / name)
    return root


def synthetic_project(into: Path, modules: int) -> Path:
    """A synthetic library of `modules` modules in 3 languages (see synthetic.py; the theme is coursegen's)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from synthetic import generate

    return generate(into / "project", languages=3, areas=10, outcomes=4 * modules, modules=modules, words=600)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=2)
    options.add_argument("--module", default=None, help="the module to edit (default: the first one)")
    options.add_argument("--synthetic", type=int, metavar="N",
                         help="a synthetic library of N modules x 3 languages instead of the shipped content")
    args = options.parse_args()
    name = f"synthetic{args.synthetic}x3" if args.synthetic else "shipped"
    with tempfile.TemporaryDirectory(prefix="edit-bench-") as temporary:
        root = (synthetic_project(Path(temporary), args.synthetic) if args.synthetic
                else copy_project(Path(temporary)))
        module = root / "content" / "modules" / f"{args.module}.md" if args.module else min(
            path for path in (root / "content" / "modules").glob("*.md") if path.stem.count(".") == 0)
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        env = {**os.environ, "PYTHONPATH": str(REPOSITORY / "src")}
        process = subprocess.Popen([sys.executable, "-m", "coursegen.cli", "serve", "--root", str(root),
                                    "--dev-addr", f"127.0.0.1:{port}"], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        updates = Updates(process)
        try:
            run_rounds(args, name, module, url, process, updates)
        except SystemExit:
            print("\n".join(["the server's last lines:", *updates.last]), file=sys.stderr)
            raise
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()


def run_rounds(args, name: str, module: Path, url: str, process: subprocess.Popen, updates: Updates) -> None:
    """The measurements (see the module's text)."""
    first = wait_until(lambda: 'livereload(' in page(url), process)
    print(f"first_build_s_{name}: {first:.2f}", flush=True)
    wait_until(lambda: updates.count >= 1, process)
    for round_ in range(1, args.rounds + 1):
        time.sleep(1.0)  # let the server's watcher settle after the previous build
        done = updates.count
        edit_s = save_and_wait(module, f"{round_} {time.time_ns()}", url, process)
        load = f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores"
        print(f"edit_s_{name}: {edit_s:.2f} ({load})", flush=True)
        print(f"edit_vs_first_build_ratio_{name}: {edit_s / first:.2f}", flush=True)
        full = edit_s + wait_until(lambda: updates.count > done, process)
        print(f"full_preview_s_{name}: {full:.2f}", flush=True)
        time.sleep(1.0)
        save_and_wait(module, f"{round_}b {time.time_ns()}", url, process)
        edit_s = save_and_wait(module, f"{round_}c {time.time_ns()}", url, process)  # at once
        done = updates.count  # the second save's full build stopped the first's, or followed it
        print(f"edit_s_back_to_back_{name}: {edit_s:.2f} (saved again as soon as the first save was "
              "served, while its full build ran)", flush=True)
        wait_until(lambda: updates.count > done, process)  # idle again: the last full build ended


if __name__ == "__main__":
    main()
