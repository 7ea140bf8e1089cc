"""Wall time of the commands people type most, as a new process each time.

    .venv/bin/python -m bench.cli_latency [--repeat 5] [--serve]

Measures, as the user pays it (interpreter start, imports, store, network):
1. `newsmon status` on a store that holds a pass's worth of items (target < 1.5 s);
2. `newsmon run` over a loopback feed that answers 304 (unchanged; target < 3 s);
3. two `newsmon run` started together, both of which must complete;
4. with --serve: `newsmon serve` started alone with a `* * * * *` cron, until its
   first scheduled monitor run has completed (target < 90 s; it waits for the
   next minute, so expect 20-80 s).
Prints the median and the spread of each; no Prefect API is used for 1-3.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import yaml

from bench.common import REPO, machine

NEWSMON = str(Path(sys.executable).with_name("newsmon"))
FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>bench</title>
<item><title>China calls for talks</title><link>{base}/a.html</link><guid>a</guid>
<description>"China supports dialogue," Foreign Ministry spokesperson Mao Ning said.</description>
</item></channel></rss>"""
PAGE = "<html><body><article><p>{text}</p></article></body></html>"


@contextmanager
def loopback_feed() -> Iterator[str]:
    """A feed with an ETag that answers 304 once the client has seen it."""
    stamp = formatdate(usegmt=True)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            if self.path == "/feed.xml" and self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.send_header("ETag", '"v1"')
                self.end_headers()
                return
            if self.path == "/feed.xml":
                body, kind = FEED.format(base=base).encode(), "application/rss+xml"
            else:
                text = "Beijing said on Monday it supports peace talks. " * 20
                body, kind = PAGE.format(text=text).encode(), "text/html; charset=utf-8"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("ETag", '"v1"')
            self.send_header("Last-Modified", stamp)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    finally:
        server.shutdown()
        server.server_close()


def write_config(directory: Path, feed: str, cron: str = "*/30 * * * *") -> Path:
    config = yaml.safe_load((REPO / "sources.yaml").read_text(encoding="utf-8"))
    config["seeds_dir"] = str(REPO / "seeds")
    config["feeds"] = [{"name": "bench", "url": feed}]
    config["fetch"]["allow_hosts"] = ["127.0.0.1"]
    config["schedule"]["cron"] = cron
    config["routes"] = []
    path = directory / "sources.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def clean_env(directory: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWSMON_"))}
    env["NEWSMON_STATE_DIR"] = str(directory / "state")
    return env


# CPU seconds the children used, beside wall time: on a machine that other work keeps
# busy, wall time measures the neighbours too, CPU time only the command.
CPU: list[float] = []


def timed(args: list[str], cwd: Path, env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([NEWSMON, *args], cwd=cwd, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall


def report(name: str, samples: list[float], target: float | None = None) -> None:
    median = statistics.median(samples)
    verdict = "" if target is None else (" ok" if median < target else f" OVER {target} s")
    cpu = f", CPU {statistics.median(CPU[-len(samples) :]):.2f} s" if CPU else ""
    print(
        f"{name:<42} median {median:6.2f} s  (min {min(samples):.2f}, max {max(samples):.2f},"
        f" n={len(samples)}{cpu}){verdict}"
    )
    CPU.clear()


def serve_until_first_run(directory: Path, env: dict[str, str], feed: str) -> float:
    """Seconds from starting `newsmon serve` alone to its first completed scheduled run."""
    from flows.server import free_port

    serve_dir = directory / "serve"
    serve_dir.mkdir()
    config = write_config(serve_dir, feed, cron="* * * * *")
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    started = time.perf_counter()
    command = [NEWSMON, "serve", "-c", str(config), "--db", f"sqlite:///{serve_dir / 's.db'}"]
    process = subprocess.Popen(
        [*command, "--prefect-port", str(port)],
        cwd=serve_dir,
        env={**env, "NEWSMON_STATE_DIR": str(serve_dir / "state")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while time.perf_counter() - started < 300:
            try:
                response = httpx.post(
                    f"{api}/flow_runs/filter",
                    json={"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}},
                    timeout=10,
                )
            except httpx.HTTPError:
                response = None
            if response is not None and response.status_code == 200 and response.json():
                return time.perf_counter() - started
            time.sleep(1)
        raise SystemExit("serve: no completed run within 300 s")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(90)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--serve", action="store_true", help="also time serve's first run")
    args = parser.parse_args()
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f} at the start")
    with tempfile.TemporaryDirectory() as tmp, loopback_feed() as feed:
        directory = Path(tmp)
        env = clean_env(directory)
        config = write_config(directory, feed)
        common = ["-c", str(config), "--db", f"sqlite:///{directory / 'bench.db'}"]
        first = timed(["run", *common], directory, env)
        report("first `newsmon run` (new store, 1 page)", [first])
        report(
            "`newsmon status`",
            [timed(["status", *common], directory, env) for _ in range(args.repeat)],
            1.5,
        )
        report(
            "`newsmon run`, feed unchanged (304)",
            [timed(["run", *common], directory, env) for _ in range(args.repeat)],
            3.0,
        )
        start = time.perf_counter()
        pair = [
            subprocess.Popen([NEWSMON, "run", *common], cwd=directory, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(2)
        ]  # fmt: skip
        codes = [p.wait(300) for p in pair]
        print(
            f"two `newsmon run` together: exit codes {codes},"
            f" both done in {time.perf_counter() - start:.2f} s"
        )
        if args.serve:
            CPU.clear()
            report(
                "`newsmon serve` to first completed run",
                [serve_until_first_run(directory, env, feed)],
                90,
            )


if __name__ == "__main__":
    main()
