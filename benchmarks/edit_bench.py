"""How long an author waits for a save: `edit_s`, from saving one module to `coursegen serve` serving the
rebuilt page (goal <= 1.0 s for the shipped content, <= 0.1 x the clean build at 300 modules x 3 languages).

Copies the project (framework/, content/, site_overrides/) to a temporary folder (the shipped content is
never modified), starts `coursegen serve` on it on a free port, waits for the first build, then `--rounds`
times appends a new sentence to one module and polls the module's page until the sentence is served.
Prints `edit_s_<library>: <seconds>` per round with the machine's load average, `first_build_s_<library>`
once (the preview's first build, a clean one: the copy has no cache) and `edit_vs_first_build_ratio_<library>`
per round. `--synthetic 300` measures a synthetic library of 300 modules x 3 languages instead.

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
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            first = wait_until(lambda: 'livereload(' in page(url), process)
            print(f"first_build_s_{name}: {first:.2f}", flush=True)
            for round_ in range(1, args.rounds + 1):
                time.sleep(1.5)  # let the server's watcher settle after the previous build
                sentence = f"Edit benchmark sentence {round_} {time.time_ns()}."
                with module.open("a", encoding="utf-8") as out:
                    out.write(f"\n{sentence}\n")
                edit_s = wait_until(lambda: sentence in page(f"{url}modules/{module.stem}/"), process)
                load = f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores"
                print(f"edit_s_{name}: {edit_s:.2f} ({load})", flush=True)
                print(f"edit_vs_first_build_ratio_{name}: {edit_s / first:.2f}", flush=True)
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    main()
