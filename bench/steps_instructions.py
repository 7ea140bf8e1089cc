"""bench.steps_cost's ratio counted in instructions, which the machine's load does not move.

    .venv/bin/python -m bench.steps_instructions [--pages 20]

CPU time on this machine moves by 10-30% between runs of the same code (the other work on
its two cores), more than a round of optimisation changes. valgrind's cachegrind counts the
instructions a process runs, the same from run to run whatever else the machine does. Each
arm, trafilatura.extract alone (the bare loop's work) and newsmon's whole analysis of a page
(``extract_html`` then ``analyse``: the steps bench.steps_cost sums), runs in a process of
its own under cachegrind twice: over 5 warm-up pages only, and over those and PAGES more.
The difference, divided by PAGES, is the arm's instructions per page without start-up,
imports and the model's loading.
Instructions are not time (a cache miss costs more than an add), so this is the steadier
reading beside bench.steps_cost, not a replacement for it. Needs valgrind on the PATH.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.common import REPO, machine

WARM_UP = 5
ARMS = ("trafilatura.extract", "newsmon analysis")
_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def run_arm(arm: str, pages: int, decoded: int) -> None:
    """The arm's work over the warm-up pages and PAGES more (the process valgrind counts).

    DECODED pages are decoded first in both runs of an arm, so decoding, which the bare
    loop's trafilatura.extract does not do either, is no part of the difference."""
    import trafilatura

    from bench.throughput import corpus_pages
    from newsmon.analyse import analyse
    from newsmon.config import load_config
    from newsmon.decoding import decode_html
    from newsmon.extract import extract_html
    from newsmon.models import Article
    from newsmon.pipeline import clean_article
    from newsmon.topics import Taxonomy

    config = load_config(Path(REPO / "sources.yaml"))
    taxonomy, vocabulary = Taxonomy(config.topics), config.speakers

    def analysis(html: str) -> None:
        # The pipeline's own calls, as an analysis worker makes them: its extraction, the
        # control characters out (article_from_page), then ``analyse`` (repeated paragraphs,
        # topics, statements and their topics, the content hash and MinHash) of a text
        # extract_html has cleaned already (text_cleaned, as the worker says).
        url = "https://example.org/page"
        article = clean_article(Article(url, url, "", extract_html(html, url).text, "bench"))
        analyse(article, taxonomy, vocabulary, text_cleaned=True)

    step = trafilatura.extract if arm == ARMS[0] else analysis
    html = [decode_html(page) for page in corpus_pages()[: WARM_UP + decoded]]
    for page in html[: WARM_UP + pages]:
        step(page)


def instructions(arm: str, pages: int, decoded: int) -> int:
    command = [
        "valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
        sys.executable, "-m", "bench.steps_instructions", "--arm", arm, "--pages", str(pages),
        "--decoded", str(decoded),
    ]  # fmt: skip
    # A fixed hash seed: set iteration order, and so the instructions, is the same each run.
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    found = _REFS.search(done.stderr)
    if done.returncode or not found:
        raise RuntimeError(f"cachegrind run of {arm!r} failed:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--arm", choices=ARMS, help=argparse.SUPPRESS)
    parser.add_argument("--decoded", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.arm:
        run_arm(args.arm, args.pages, args.decoded)
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not on the PATH: install it (Debian: apt install valgrind)")
    print(f"machine: {machine()}; {args.pages} corpus pages after {WARM_UP} of warm-up")
    runs = [(arm, pages) for arm in ARMS for pages in (0, args.pages)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        counted = pool.map(lambda run: instructions(*run, args.pages), runs)
        counts = dict(zip(runs, counted, strict=True))
    per_page = {arm: (counts[arm, args.pages] - counts[arm, 0]) / args.pages for arm in ARMS}
    for arm, value in per_page.items():
        print(f"  {arm:<20} {value / 1e6:8.1f}M instructions per page")
    ratio = per_page[ARMS[1]] / per_page[ARMS[0]]
    print(f"whole analysis = {ratio:.2f}x trafilatura.extract, in instructions (0.7x: <= 1.43x)")


if __name__ == "__main__":
    main()
