"""How long an author waits for a save: `edit_s`, from saving one module to `coursegen serve` serving the
rebuilt page (goal <= 1.0 s for the shipped content).

Copies the project (framework/, content/, site_overrides/) to a temporary folder (the shipped content is
never modified), starts `coursegen serve` on it on a free port, waits for the first build, then `--rounds`
times appends a new sentence to one module and polls the module's page until the sentence is served.
Prints `edit_s: <seconds>` per round with the machine's load average, and `first_build_s` once.

    python benchmarks/edit_bench.py [--rounds 2] [--module communication-older-people-families]
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


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=2)
    options.add_argument("--module", default="communication-older-people-families")
    args = options.parse_args()
    with tempfile.TemporaryDirectory(prefix="edit-bench-") as temporary:
        root = copy_project(Path(temporary))
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        env = {**os.environ, "PYTHONPATH": str(REPOSITORY / "src")}
        process = subprocess.Popen([sys.executable, "-m", "coursegen.cli", "serve", "--root", str(root),
                                    "--dev-addr", f"127.0.0.1:{port}"], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            print(f"first_build_s: {wait_until(lambda: 'livereload(' in page(url), process):.2f}", flush=True)
            module = root / "content" / "modules" / f"{args.module}.md"
            for round_ in range(1, args.rounds + 1):
                time.sleep(1.5)  # let the server's watcher settle after the previous build
                sentence = f"Edit benchmark sentence {round_} {time.time_ns()}."
                with module.open("a", encoding="utf-8") as out:
                    out.write(f"\n{sentence}\n")
                edit_s = wait_until(lambda: sentence in page(f"{url}modules/{args.module}/"), process)
                print(f"edit_s: {edit_s:.2f} (load average {os.getloadavg()[0]:.2f})", flush=True)
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    main()
