"""Analysis time against input size: a super-linear step shows as a rising column.

    .venv/bin/python -m bench.analysis_scaling [--words 1000 10000 100000] [--limit 120]

For each size, two texts: ordinary articles (the ScrapingHub gold texts from
../shared/corpus, or NEWSMON_CORPUS, stitched together; a synthetic article when
the corpus is absent) and the hostile text of issue #22 (speech verbs, names,
roles and stray quote marks with no sentence end, in one paragraph). Each is
wrapped in a page and every analysis step is timed on its own input, printing
milliseconds per 1,000 words it looked at. A linear step prints the same figure
in every row.

"statements (capped)" is what a pass runs: the first ``analysis.max_statement_chars``
characters, so its figure is per 1,000 words of that prefix; "statements (whole)"
is the extractor over all of the text. "store" is what the store does with the
capped step's statements: one item and its statements, identity and mentions,
written to a fresh SQLite file.

Each measurement is the CPU time of a child process (so other load on the machine
does not pass for cost), stopped after --limit seconds of wall time, so a step
that explodes prints "> limit" instead of holding the benchmark.
"""

from __future__ import annotations

import argparse
import html
import itertools
import json
import multiprocessing
import os
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from bench.common import CORPUS, REPO, machine

if TYPE_CHECKING:
    from newsmon.analyse import AnalysedArticle
    from newsmon.config import Config
    from storage.store import Store

# The words of the hostile page in issue #22: every one of them is something the
# statement finder reacts to, and none of them ends a sentence.
HOSTILE_WORDS = (
    *[
        "the",
        "minister",
        "said",
        "spokesperson",
        "told",
        "reporters",
        "China",
        "Russia",
        "Ukraine",
        "according",
        "to",
    ],
    *[
        "Wang",
        "Yi",
        "Lavrov",
        "stressed",
        "Foreign",
        "Ministry",
        "added",
        "that",
        "Peskov",
        "Kremlin",
        "noted",
    ],
    *[
        "ceasefire",
        "talks",
        "President",
        "Putin",
        "Xi",
        "Jinping",
        "warned",
        "ambassador",
        "envoy",
        "Beijing",
    ],
    *["Moscow", "Kyiv", "announced"],
    *['"', "“", "”", "«", ",", "'", "—"],
)

SYNTHETIC_ARTICLE = (
    "Diplomats gathered again on Monday for the peace talks between Russia and Ukraine, "
    "with a ceasefire and a prisoner exchange at the top of the agenda in Istanbul.\n"
    '"China backs a ceasefire monitored by neutral states," Chinese Foreign Ministry '
    "spokesperson Lin Jian told a regular press briefing in Beijing.\n"
    "Delegations are expected to meet again next week to discuss the details of a ceasefire "
    "memorandum and humanitarian corridors, officials said."
)


def hostile_text(words: int, seed: int = 22) -> str:
    """The issue's hostile page body: random analysis trigger words, no sentence end."""
    rng = random.Random(seed)
    return " ".join(rng.choice(HOSTILE_WORDS) for _ in range(words))


def ordinary_text(words: int) -> str:
    """Real news articles one after another, paragraphs kept, cut at ``words`` words."""
    paragraphs = _corpus_paragraphs() or SYNTHETIC_ARTICLE.split("\n")
    chosen: list[str] = []
    count = 0
    round_number = 0
    while count < words:
        for paragraph in paragraphs:
            # Past the first round, a marker keeps a reused paragraph distinct, so
            # repeated-paragraph removal does not shrink the input being measured.
            text = paragraph if round_number == 0 else f"{paragraph} ({round_number})"
            chosen.append(text)
            count += len(text.split())
            if count >= words:
                break
        round_number += 1
    return "\n".join(chosen)


def _corpus_paragraphs() -> list[str]:
    # NEWSMON_CORPUS points at the corpus from a checkout that is not beside shared/.
    corpus = Path(os.environ.get("NEWSMON_CORPUS", CORPUS))
    truth = corpus / "extraction" / "scrapinghub-aeb" / "ground-truth.json"
    if not truth.exists():
        return []
    articles = json.loads(truth.read_text(encoding="utf-8"))
    return [
        paragraph.strip()
        for _, article in sorted(articles.items())
        for paragraph in article.get("articleBody", "").split("\n")
        if len(paragraph.split()) >= 8
    ]


def as_page(text: str, title: str = "Scaling") -> str:
    """A minimal news page with TEXT as its article body, one <p> per paragraph."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n"))
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{paragraphs}</article></body></html>"
    )


# Inputs smaller than this many words are timed over several runs.
REPEAT_WORDS = 200_000

STEPS = (
    "extract",
    "clean",
    "topics",
    "statements (capped)",
    "statements (whole)",
    "signature",
    "identity keys",
    "store",
)


def _run_step(step: str, kind: str, words: int, scratch: Path, sender: Connection) -> None:
    """In a child: build the step's input, then time only the step itself.

    Sends the words the step looks at, then the fastest run so far after each run.
    """
    from newsmon.analyse import DEFAULT_ANALYSIS, cap_for_statements
    from newsmon.config import load_config
    from newsmon.dedup import content_hash, drop_repeated_paragraphs, signature
    from newsmon.extract import clean_text, extract_html
    from newsmon.statements import extract_statements, normalise_statement, statement_keys
    from newsmon.topics import Taxonomy

    config = load_config(REPO / "sources.yaml")
    text = hostile_text(words) if kind == "hostile" else ordinary_text(words)
    cleaned = drop_repeated_paragraphs(clean_text(text))
    taxonomy = Taxonomy(config.topics)
    capped, _ = cap_for_statements(cleaned, DEFAULT_ANALYSIS.max_statement_chars)

    def identity_keys(value: str) -> None:
        # The store keys every statement; a hostile page's one "sentence" is the whole text.
        statement_keys(value)
        normalise_statement(value)

    def whole_signature(value: str) -> None:
        signature(value)
        content_hash(value)

    work: dict[str, tuple[Callable[[str], object], str]] = {
        "extract": (lambda page: extract_html(page, "https://bench.example/a"), as_page(text)),
        "clean": (lambda value: drop_repeated_paragraphs(clean_text(value)), text),
        "topics": (lambda value: taxonomy.classify("Scaling", value), cleaned),
        "statements (capped)": (lambda value: extract_statements(value, config.speakers), capped),
        "statements (whole)": (
            lambda value: extract_statements(value, config.speakers, max_chars=len(value)),
            cleaned,
        ),
        "signature": (whole_signature, cleaned),
        "identity keys": (identity_keys, cleaned),
    }
    prepare: Callable[[], None] = _nothing
    if step == "store":
        storer = _Storer(capped, config, scratch)
        work[step], prepare = (storer, capped), storer.prepare
    function, argument = work[step]
    sender.send(len(argument.split()) if step != "extract" else words)
    # Warm up first: loading the language model and compiling regexes is a one-time
    # cost of the process, not a cost per word.
    prepare()
    function(argument[:2000])
    # Small inputs run several times (the fastest run counts), so timer noise and a
    # neighbour's burst of CPU do not pass for a cost per word.
    fastest = float("inf")
    for _ in range(max(1, REPEAT_WORDS // words)):
        prepare()
        started = time.process_time()
        function(argument)
        fastest = min(fastest, time.process_time() - started)
        sender.send(fastest)


class _Storer:
    """Storing a text as a new item, with the statements a pass finds in it, in a fresh store.

    ``prepare`` (not timed) opens a new SQLite store before each run, so no run finds
    the statements of the one before and migrating is not counted; the statements
    and the signature are worked out once, outside the timing.
    """

    def __init__(self, text: str, config: Config, directory: Path) -> None:
        from storage.store import Store

        self.config = config
        self.directory = directory
        self.analysed = {text: self._analysed(text)}
        self.template = directory / "template.db"
        Store(f"sqlite:///{self.template}")  # migrated once; each run starts from a copy
        self.runs = itertools.count()
        self.store: Store | None = None

    def _analysed(self, text: str) -> AnalysedArticle:
        from newsmon.analyse import AnalysedArticle
        from newsmon.dedup import content_hash, signature
        from newsmon.models import Article
        from newsmon.statements import extract_statements

        url = "https://bench.example/scaling"
        article = Article(url, url, "Scaling", text, "https://bench.example/feed.xml")
        article.statements = extract_statements(text, self.config.speakers)
        return AnalysedArticle(article, content_hash(text), signature(text))

    def prepare(self) -> None:
        from storage.store import Store

        run = next(self.runs)
        (self.directory / f"{run - 1}.db").unlink(missing_ok=True)
        database = self.directory / f"{run}.db"
        shutil.copyfile(self.template, database)
        self.store = Store(f"sqlite:///{database}")

    def __call__(self, value: str) -> object:
        assert self.store is not None, "prepare() opens the store a run writes to"
        analysed = self.analysed.get(value) or self._analysed(value)
        return self.store.store_articles([analysed], routes=())


def _nothing() -> None:
    """No preparation: the step's input is ready."""


def measure(step: str, kind: str, words: int, limit: float) -> tuple[float, int] | None:
    """Seconds the step took and the words it looked at, or None past LIMIT."""
    receiver, sender = multiprocessing.Pipe(duplex=False)
    scratch = Path(tempfile.mkdtemp(prefix="newsmon-scaling-"))
    child = multiprocessing.get_context("fork").Process(
        target=_run_step, args=(step, kind, words, scratch, sender), daemon=True
    )
    child.start()
    sender.close()
    seconds: float | None = None
    looked_at = words
    deadline = time.monotonic() + limit + 60  # building the input is not timed
    if receiver.poll(max(0.0, deadline - time.monotonic())):
        with suppress(EOFError):
            looked_at = int(receiver.recv())
    while receiver.poll(max(0.0, deadline - time.monotonic())):
        try:
            seconds = float(receiver.recv())  # the fastest run so far
        except EOFError:
            break
    child.kill()
    child.join()
    shutil.rmtree(scratch, ignore_errors=True)
    return (seconds, looked_at) if seconds is not None and seconds <= limit else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per measurement")
    parser.add_argument("--kinds", nargs="+", default=["ordinary", "hostile"])
    args = parser.parse_args()
    print(f"# analysis CPU time per 1,000 words looked at (ms), {machine()}")
    runs = f"fastest of {REPEAT_WORDS:,} / words runs (at least one)"
    print(f"# {runs}, each stopped after {args.limit:.0f} s\n")
    print("| text | words | " + " | ".join(STEPS) + " |")
    print("|---|---:|" + "---:|" * len(STEPS))
    for kind in args.kinds:
        for words in args.words:
            cells = []
            for step in STEPS:
                measured = measure(step, kind, words, args.limit)
                if measured is None:
                    cells.append(f"> {args.limit:.0f} s")
                else:
                    seconds, looked_at = measured
                    cells.append(f"{seconds * 1e6 / max(1, looked_at):.2f}")
            print(f"| {kind} | {words:,} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
