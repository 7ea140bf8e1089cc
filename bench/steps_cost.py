"""Where a page's analysis time goes: each step of ``newsmon.analyse`` against bare extraction.

    .venv/bin/python -m bench.steps_cost [--pages 150] [--rounds 3]

One process, no pool, no network: the same corpus pages bench.throughput serves,
decoded once. Per page and per step, in the order the pipeline runs them:
trafilatura.extract alone (the bare loop's work), newsmon's extraction
(``extract_html``: bare_extraction with metadata, decoding, cleaning, language),
then the boundary cleaning (``clean_article``: control characters; the page furniture
went in extract_html, and analyse does not clean again) + repeated paragraphs, topics,
statements, each statement's topics, and the content hash with the MinHash signature
(of the folding that dropping repeated paragraphs leaves, as in ``analyse``). Each
figure is CPU time of this process (time.process_time), which the machine's other load
inflates far less than wall time, the median of ROUNDS passes over the pages; the load is printed.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import trafilatura

from bench.common import REPO, load, machine
from bench.throughput import corpus_pages
from newsmon.config import load_config
from newsmon.decoding import decode_html
from newsmon.dedup import fingerprints_of_folded, without_repeated_paragraphs
from newsmon.extract import extract_html
from newsmon.sanitize import clean_text
from newsmon.statements import extract_statements
from newsmon.topics import Taxonomy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    config = load_config(Path(REPO / "sources.yaml"))
    taxonomy = Taxonomy(config.topics)
    vocabulary = config.speakers
    html = [decode_html(page) for page in corpus_pages()[: args.pages]]
    print(f"machine: {machine()}; {len(html)} pages, one process; {load()}")
    texts = [extract_html(h).text for h in html]
    cleaned, folded = zip(*(without_repeated_paragraphs(clean_text(t)) for t in texts), strict=True)
    topics = [taxonomy.classify("", t) for t in cleaned]
    spans = [[s.spans for s in extract_statements(t, vocabulary)] for t in cleaned]
    steps: dict[str, Callable[[int], Any]] = {
        "trafilatura.extract (bare loop)": lambda i: trafilatura.extract(html[i]),
        "extract_html (newsmon extraction)": lambda i: extract_html(html[i]),
        "boundary clean + repeated paragraphs": lambda i: without_repeated_paragraphs(
            clean_text(texts[i])
        ),
        "topics": lambda i: taxonomy.classify("", cleaned[i]),
        "statements": lambda i: extract_statements(cleaned[i], vocabulary),
        "statement topics": lambda i: taxonomy.label_statements(cleaned[i], spans[i], topics[i]),
        "content hash + MinHash signature": lambda i: fingerprints_of_folded(folded[i]),
    }
    rounds: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(args.rounds):
        for name, step in steps.items():
            started = time.process_time()
            for i in range(len(html)):
                step(i)
            rounds[name].append((time.process_time() - started) * 1000 / len(html))
    ms = {name: statistics.median(values) for name, values in rounds.items()}
    bare = ms["trafilatura.extract (bare loop)"]
    for name, value in ms.items():
        spread = f"{min(rounds[name]):.2f}–{max(rounds[name]):.2f}"
        print(f"  {name:<36} {value:7.2f} CPU ms/page ({spread}); {value / bare:.2f}x bare extract")
    analysis = sum(v for k, v in ms.items() if not k.startswith("trafilatura"))
    own = ms["extract_html (newsmon extraction)"]
    print(
        f"whole analysis {analysis:.2f} CPU ms/page = {analysis / bare:.2f}x the bare loop's"
        f" trafilatura.extract (0.7x throughput needs <= 1.43x), {analysis / own:.2f}x"
        f" newsmon's own extraction alone (fast=True, no fallback extractors); {load()}"
    )


if __name__ == "__main__":
    main()
