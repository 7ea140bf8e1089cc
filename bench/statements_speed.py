"""Statement extraction speed, memory and scaling, beside plain trafilatura extraction.

    .venv/bin/python -m bench.statements_speed [--pages 60] [--max-words 100000] [--profile N]

1. Per article: ScrapingHub pages (shared/corpus/extraction/scrapinghub-aeb), each page's
   gold article text. Baseline: ``trafilatura.extract`` of the same page's HTML. Reports ms
   per 800 words for both, on one core, and the growth of peak memory (tracemalloc) over a
   pass of extract_statements.
2. Scaling (issue #22): time per 1,000 words at 1k, 10k and 100k words, for ordinary text
   (the gold texts stitched together) and for a hostile run-on text of speech verbs, names
   and stray quote marks with no sentence end. The ratio of the slowest to the fastest rate
   must stay under 2.

Times are CPU time of this process (time.process_time), so other work on a shared machine
does not count; one process uses one core. ``--profile N`` runs one more pass over the pages
under cProfile and prints its N costliest functions by their own time (cProfile slows
Python calls more than C ones: read the shares, not the milliseconds).
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import json
import pstats
import time
import tracemalloc
from pathlib import Path

import trafilatura

from bench.common import machine
from eval.attribution.polnear import REPO
from newsmon.statements import SpeakerVocabulary, extract

HOSTILE_UNIT = (
    'the minister said spokesperson told reporters China " “ ” according to officials '
    "Mr. Smith warned that Beijing’s envoy, said Sen. Ted Cruz, R-Texas, and the ministry "
)


def scrapinghub() -> Path:
    for parent in (REPO.parent, REPO.parent.parent):
        candidate = parent / "shared" / "corpus" / "extraction" / "scrapinghub-aeb"
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("shared/corpus/extraction/scrapinghub-aeb not found beside the repo")


def pages(limit: int) -> list[tuple[str, str]]:
    """(html, gold text) for the first ``limit`` pages in sorted order."""
    root = scrapinghub()
    gold = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    found = []
    for key in sorted(gold)[:limit]:
        html = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        found.append((html.decode("utf-8", errors="replace"), gold[key]["articleBody"]))
    return found


def words_of(texts: list[str], count: int, separator: str = "\n") -> str:
    """Texts joined by ``separator`` until there are ``count`` words."""
    words = 0
    parts: list[str] = []
    while words < count:
        for text in texts:
            parts.append(text)
            words += len(text.split())
            if words >= count:
                break
    return separator.join(parts)


def rate(text: str, vocabulary: SpeakerVocabulary) -> float:
    """Milliseconds per 1,000 words: the best of at least 3 runs and 2 seconds, so a busy
    machine's pauses count the same at every size."""
    words = len(text.split())
    best = float("inf")
    runs = 0
    spent = 0.0
    while runs < 3 or spent < 2.0:
        started = time.process_time()
        extract(text, vocabulary, max_chars=len(text) + 1)
        took = time.process_time() - started
        best, runs, spent = min(best, took), runs + 1, spent + took
    return 1000 * best / words * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--max-words", type=int, default=100_000)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    args = parser.parse_args()
    vocabulary = SpeakerVocabulary()
    found = pages(args.pages)
    texts = [text for _, text in found]
    extract(texts[0], vocabulary)  # load the model and word lists outside the timing
    total_words = sum(len(t.split()) for t in texts)
    started = time.process_time()
    for html, _ in found:
        trafilatura.extract(html)
    baseline = time.process_time() - started
    tracemalloc.start()
    started = time.process_time()
    for text in texts:
        extract(text, vocabulary)
    ours = time.process_time() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # tracemalloc slows Python down; time again without it.
    started = time.process_time()
    for text in texts:
        extract(text, vocabulary)
    ours = min(ours, time.process_time() - started)
    per800 = 800 / total_words * 1000
    print(f"machine: {machine()}")
    print(f"{len(found)} ScrapingHub pages, {total_words} gold words")
    print(f"  statements        {ours * per800:6.1f} ms per 800 words")
    print(f"  trafilatura       {baseline * per800:6.1f} ms per 800 words (HTML -> text)")
    print(f"  peak memory growth during statements: {peak / 1e6:.1f} MB (tracemalloc)")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [extract(text, vocabulary) for text in texts])
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)
    print("scaling: ms per 1,000 words")
    sizes = [n for n in (1_000, 10_000, 100_000) if n <= args.max_words]
    for name, source, separator in (
        ("ordinary", texts, "\n"),
        ("hostile", [HOSTILE_UNIT], " "),  # one paragraph, no sentence end
    ):
        rates = [rate(words_of(source, n, separator), vocabulary) for n in sizes]
        cells = "  ".join(f"{n // 1000:>4}k {r:7.2f}" for n, r in zip(sizes, rates, strict=True))
        print(f"  {name:9} {cells}   max/min {max(rates) / min(rates):.2f}")


if __name__ == "__main__":
    main()
