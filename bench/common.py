"""Shared helpers for the benchmarks."""

from __future__ import annotations

import platform
import re
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _corpus() -> Path:
    """../shared/corpus beside the clone; from a git worktree one level deeper, the
    nearest such folder above it; NEWSMON_CORPUS overrides both."""
    import os

    if os.environ.get("NEWSMON_CORPUS"):
        return Path(os.environ["NEWSMON_CORPUS"])
    for parent in REPO.parents:
        if (parent / "shared" / "corpus").is_dir():
            return parent / "shared" / "corpus"
    return REPO.parent / "shared" / "corpus"


CORPUS = _corpus()
_TOKEN = re.compile(r"\w+", re.UNICODE)


_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def cachegrind_instructions(module_args: list[str], env: dict[str, str] | None = None) -> int:
    """Instructions that ``python -m MODULE_ARGS`` runs, counted by valgrind's cachegrind
    (its children not traced), with a fixed hash seed: set iteration order, and so the
    instructions, is the same each run. ENV is added to the environment."""
    import os
    import subprocess
    import sys

    command = [
        "valgrind", "--tool=cachegrind", "--cache-sim=no", "--trace-children=no",
        "--cachegrind-out-file=/dev/null", sys.executable, "-m", *module_args,
    ]  # fmt: skip
    full_env = {**os.environ, "PYTHONHASHSEED": "0", **(env or {})}
    done = subprocess.run(command, cwd=REPO, env=full_env, capture_output=True, text=True)
    found = _REFS.search(done.stderr)
    if done.returncode or not found:
        raise RuntimeError(f"cachegrind run of {module_args} failed:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def machine() -> str:
    import os

    cpu = platform.processor() or platform.machine()
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def token_prf(predicted: str, gold: str) -> tuple[float, float, float]:
    """Bag-of-tokens precision, recall and F1 (the ScrapingHub benchmark's measure)."""
    got, want = Counter(_TOKEN.findall(predicted.lower())), Counter(_TOKEN.findall(gold.lower()))
    common = sum((got & want).values())
    if not got and not want:
        return 1.0, 1.0, 1.0
    precision = common / sum(got.values()) if got else 0.0
    recall = common / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def load() -> str:
    """The 1-, 5- and 15-minute load averages, to print beside every figure."""
    import os

    one, five, fifteen = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}/{fifteen:.1f}"


def median_spread(values: list[float]) -> str:
    """'median (min–max, n=k)': the figure and how far the rounds were apart."""
    import statistics

    return (
        f"{statistics.median(values):.2f} "
        f"(min {min(values):.2f}, max {max(values):.2f}, n={len(values)})"
    )


class TreeRSS:
    """Peak resident memory of this process and all its descendants, summed.

    A thread samples the live tree with psutil every ``interval`` seconds, so a child
    that lives less than one interval can be missed; ``resource.getrusage`` cannot
    give this figure, since it reports the largest single child, not their sum.

    Sampling is not cheap (psutil walks all of /proc to find the children: about 4 ms of
    CPU a sample here), and it runs in the measured process: ``cpu`` is what the samples
    cost, for a benchmark to take out of that process's CPU, as it is the instrument's,
    not the measured work's.
    """

    def __init__(self, interval: float = 0.05, exclude: tuple[int, ...] = ()) -> None:
        import threading

        self.interval = interval
        self.exclude = exclude  # roots of subtrees left out (a Prefect server started before)
        self.peak = 0
        self.start = 0  # the tree at entry: what the harness itself holds
        self.cpu = 0.0  # seconds of CPU the samples took, in whichever thread took them
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> int:
        started = time.thread_time()
        try:
            return self._sample()
        finally:
            self.cpu += time.thread_time() - started

    def _sample(self) -> int:
        import psutil

        root = psutil.Process()
        skip: set[int] = set()
        for pid in self.exclude:
            try:
                skip |= {pid, *(c.pid for c in psutil.Process(pid).children(recursive=True))}
            except psutil.NoSuchProcess:
                continue
        total = 0
        for process in [root, *root.children(recursive=True)]:
            if process.pid in skip:
                continue
            try:
                total += process.memory_info().rss
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        return total

    @staticmethod
    def sample_of(pid: int) -> int:
        """Resident memory of one process and its descendants, now."""
        import psutil

        root = psutil.Process(pid)
        total = 0
        for process in [root, *root.children(recursive=True)]:
            try:
                total += process.memory_info().rss
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.sample())
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeRSS:
        self.peak = self.start = self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.sample())

    @property
    def mib(self) -> float:
        return self.peak / 2**20
