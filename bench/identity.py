"""Statement identity across outlets, on real news nobody here wrote (PolNeAR train + dev).

    .venv/bin/python -m bench.identity [--verbose] [--order date|reverse|both] [--cache FILE]

PolNeAR (../shared/corpus/attribution/polnear) holds 924 US election articles from
7 publishers, with every attribution's Content span marked by hand. The gold lines
are the quoted stretches inside Content spans (“…”, "…", either mixed, NYT's ''…''), and the
Content spans without quotes (reported speech). Two lines of articles from
different publishers are

* the same line when their words align in order over at least 90% of the shorter,
  or they share a run of 12 words (windows of one line);
* different lines when under 60% of the shorter aligns (the grey band between is
  left out of both figures).

A shared line is a same-line pair of quotes, the shorter of at least 12 words.
The current extractor runs on every article (``newsmon.analyse.analyse``), every
article is stored through the real ``Store`` in a temporary SQLite file, and each
mention read back is mapped to the gold lines whose words it carries. Then:

* identity recall: shared lines extracted in both articles whose mentions share a
  statement id;
* identity precision: joined mention pairs (same statement, different articles)
  with a gold verdict that are the same line; hard negatives are different-line
  pairs sharing a run of 5 words or more;
* first publisher: for linked shared lines whose two articles have different
  dates, the statement's first item has the earliest date among its mentions.

``--order date`` stores oldest first, ``reverse`` newest first (the first
publisher then has to be corrected when the earlier copy arrives), ``both`` runs
both. Article text is read from the corpus and never written into the repository.

``--cache FILE`` (for diagnosis, never for a reported figure) keeps the analysed
articles in a pickle outside the repository and reads them back while the code of
``newsmon/`` other than ``statements/identity.py`` is unchanged: a change to identity
is then tried in a minute rather than a quarter of an hour, but extraction's own
merging of restated quotes (which calls identity) is not re-run, so report only a run
without it.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import re
import tempfile
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from difflib import SequenceMatcher
from itertools import combinations
from pathlib import Path
from typing import Any

from sqlmodel import select

from bench.common import CORPUS, REPO, machine
from bench.common import load as load_average
from newsmon.analyse import AnalysedArticle, analyse
from newsmon.models import Article
from newsmon.statements import SpeakerVocabulary
from newsmon.topics import Taxonomy
from storage.models import Item, StatementRecord
from storage.store import Store

POLNEAR = CORPUS / "attribution" / "polnear"
SHARED_WORDS = 12  # a shared line: the shorter quote has at least this many words
SAME = 0.9  # share of the shorter's words aligned in order: the same line
DIFFERENT = 0.6  # under this: different lines
HARD = 5  # a different-line pair sharing a run this long is a hard negative
# A quote opens with a curly or straight mark and closes at the next closing mark of
# either: PolNeAR mixes them ("…” and “…"), and a straight mark read only up to the next
# straight one would lose such quotes or run two together across the text between them.
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{3,}?)[”\"]|''([^\n]{3,}?)''")


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    return re.sub(r"[^\w\s]", " ", text.casefold()).split()


@dataclass(frozen=True)
class Line:
    """One gold line: a quote inside a Content span, or a Content span without quotes."""

    article: str
    index: int
    words: tuple[str, ...]
    quoted: bool


@dataclass
class Source:
    name: str
    publisher: str
    published: date
    title: str
    text: str
    lines: list[Line] = field(default_factory=list)


def load(corpus: Path) -> list[Source]:
    sources = []
    for split in ("train", "dev"):
        for path in sorted((corpus / split / "text").glob("*.txt")):
            annotations = sorted((corpus / split / "attributions").glob(f"{path.stem}_*.ann"))
            if not annotations:
                continue
            publisher, day, _ = path.stem.split("_", 2)
            text = path.read_text(encoding="utf-8")
            source = Source(
                path.stem, publisher, date.fromisoformat(day), text.split("\n", 1)[0], text
            )
            source.lines = _lines(path.stem, text, annotations[0].read_text(encoding="utf-8"))
            sources.append(source)
    return sources


def _lines(name: str, text: str, standoff: str) -> list[Line]:
    contents = []
    for row in standoff.splitlines():
        parts = row.split("\t")
        if len(parts) < 3 or not parts[0].startswith("T") or not parts[1].startswith("Content "):
            continue
        ranges = parts[1].split(" ", 1)[1]
        contents.append([tuple(map(int, r.split())) for r in ranges.split(";")])
    quotes = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    found: list[tuple[tuple[str, ...], bool]] = []
    for segments in contents:
        inside = [
            (qs, qe)
            for qs, qe in quotes
            if any(min(qe, e) - max(qs, s) > (qe - qs) / 2 for s, e in segments)
        ]
        if inside:
            found += [(tuple(words(text[qs:qe])), True) for qs, qe in inside]
        else:
            found.append((tuple(words(" ".join(text[s:e] for s, e in segments))), False))
    unique = dict.fromkeys((w, q) for w, q in found if len(w) >= 4)
    return [Line(name, i, w, q) for i, (w, q) in enumerate(unique)]


def alignment(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[float, int]:
    """Share of the shorter's words aligned in order (runs of 2+), and the longest run."""
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    matched = sum(block.size for block in blocks if block.size >= 2)
    return matched / min(len(a), len(b)), max((block.size for block in blocks), default=0)


def verdict(a: Line, b: Line) -> str | None:
    """The gold verdict on two lines: "same", "different" or None (the grey band)."""
    share, run = alignment(a.words, b.words)
    if share >= SAME or run >= SHARED_WORDS:
        return "same"
    return "different" if share < DIFFERENT else None


def shared_lines(sources: list[Source]) -> list[tuple[Line, Line]]:
    """Same-line quote pairs, the shorter of 12+ words, across articles of two publishers."""
    publisher = {s.name: s.publisher for s in sources}
    by_shingle: dict[tuple[str, ...], set[Line]] = defaultdict(set)
    for source in sources:
        for line in source.lines:
            if line.quoted and len(line.words) >= SHARED_WORDS:
                for i in range(len(line.words) - 5):
                    by_shingle[line.words[i : i + 6]].add(line)
    candidates: set[tuple[Line, Line]] = set()
    for group in by_shingle.values():
        for a, b in combinations(sorted(group, key=lambda x: (x.article, x.index)), 2):
            if publisher[a.article] != publisher[b.article]:
                candidates.add((a, b))
    return sorted(
        (pair for pair in candidates if verdict(*pair) == "same"),
        key=lambda p: (p[0].article, p[0].index, p[1].article, p[1].index),
    )


@dataclass
class Stored:
    """What the store decided: each mention's statement and gold lines, each record's first item."""

    statement_of: dict[tuple[str, int], set[int]]  # (article, line index) -> statement ids
    mentions: dict[int, list[tuple[str, str]]]  # statement id -> [(article, mention text)]
    first: dict[int, str]  # statement id -> article of its first item
    seconds: float


def store_all(sources: list[Source], analysed: dict[str, AnalysedArticle], reverse: bool) -> Stored:
    ordered = sorted(sources, key=lambda s: (s.published, s.name), reverse=reverse)
    lines = {s.name: s.lines for s in sources}
    # Memory-backed where the machine has it: the figure is identity, not disk speed.
    scratch = "/dev/shm" if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(dir=scratch) as folder:
        store = Store(f"sqlite:///{Path(folder) / 'identity.db'}")
        started = time.process_time()
        for source in ordered:
            store.store_article(analysed[source.name], routes=[])
        seconds = time.process_time() - started
        article_of = {f"https://{s.publisher}.example/{s.name}": s.name for s in sources}
        statement_of: dict[tuple[str, int], set[int]] = defaultdict(set)
        mentions: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for row in store.export_statements():
            name = article_of[row["item_url"]]
            mentions[row["statement_id"]].append((name, row["text"]))
            for line in carried(row["text"], lines[name]):
                statement_of[(name, line.index)].add(row["statement_id"])
        with store.session() as session:
            urls = dict(session.exec(select(Item.id, Item.url)).all())
            first = {
                record_id: article_of[urls[item_id]]
                for record_id, item_id in session.exec(
                    select(StatementRecord.id, StatementRecord.first_item_id)
                ).all()
                if record_id is not None
            }
        store.engine.dispose()
    return Stored(statement_of, mentions, first, seconds)


def carried(text: str, lines: list[Line]) -> list[Line]:
    """The gold lines of an article whose words a mention carries (or that carry it)."""
    said = tuple(words(text))
    vocabulary = set(said)
    found = []
    for line in lines:
        if len(vocabulary.intersection(line.words)) < 4:
            continue
        share, _ = alignment(said, line.words)
        if share >= 0.8:
            found.append(line)
    return found


def evaluate(
    sources: list[Source],
    pairs: list[tuple[Line, Line]],
    negatives: list[tuple[Line, Line]],
    stored: Stored,
) -> dict[str, Any]:
    by_name = {s.name: s for s in sources}
    lines = {(s.name, line.index): line for s in sources for line in s.lines}
    extracted_both = linked = one_only = neither = 0
    dated = dated_right = 0
    split: list[tuple[Line, Line]] = []
    wrong_first: list[tuple[Line, Line]] = []
    for a, b in pairs:
        ids_a = stored.statement_of.get((a.article, a.index), set())
        ids_b = stored.statement_of.get((b.article, b.index), set())
        if not ids_a and not ids_b:
            neither += 1
            continue
        if not ids_a or not ids_b:
            one_only += 1
            continue
        extracted_both += 1
        common = ids_a & ids_b
        if not common:
            split.append((a, b))
            continue
        linked += 1
        if by_name[a.article].published == by_name[b.article].published:
            continue
        dated += 1
        statement = min(common)
        earliest = min(by_name[name].published for name, _ in stored.mentions[statement])
        if by_name[stored.first[statement]].published == earliest:
            dated_right += 1
        else:
            wrong_first.append((a, b))
    # Precision: every pair of mentions joined under one statement, from different articles.
    gold_of: dict[tuple[str, int], list[Line]] = defaultdict(list)
    for (name, index), ids in stored.statement_of.items():
        for statement in ids:
            gold_of[(name, statement)].append(lines[(name, index)])
    true_joins = false_joins = grey = ungolded = hard = 0
    false: list[tuple[str, str]] = []
    for statement, held in stored.mentions.items():
        for (name_a, text_a), (name_b, text_b) in combinations(held, 2):
            if name_a == name_b:
                continue
            gold_a, gold_b = gold_of.get((name_a, statement)), gold_of.get((name_b, statement))
            if not gold_a or not gold_b:
                ungolded += 1
                continue
            verdicts = {verdict(x, y) for x in gold_a for y in gold_b}
            if "same" in verdicts:
                true_joins += 1
            elif verdicts == {"different"}:
                false_joins += 1
                hard += any(alignment(x.words, y.words)[1] >= HARD for x in gold_a for y in gold_b)
                false.append((text_a, text_b))
            else:
                grey += 1
    negatives_both = negatives_joined = 0
    for a, b in negatives:
        ids_a = stored.statement_of.get((a.article, a.index), set())
        ids_b = stored.statement_of.get((b.article, b.index), set())
        if ids_a and ids_b:
            negatives_both += 1
            negatives_joined += bool(ids_a & ids_b)
    return {
        "shared": len(pairs),
        "negatives": len(negatives),
        "negatives_both": negatives_both,
        "negatives_joined": negatives_joined,
        "article_pairs": len({(a.article, b.article) for a, b in pairs}),
        "both": extracted_both,
        "linked": linked,
        "one_only": one_only,
        "neither": neither,
        "dated": dated,
        "dated_right": dated_right,
        "true_joins": true_joins,
        "false_joins": false_joins,
        "hard_false": hard,
        "grey": grey,
        "ungolded": ungolded,
        "split": split,
        "wrong_first": wrong_first,
        "false": false,
    }


def hard_negatives(sources: list[Source]) -> list[tuple[Line, Line]]:
    """Different-line quote pairs across publishers that share a run of 5+ words."""
    publisher = {s.name: s.publisher for s in sources}
    by_shingle: dict[tuple[str, ...], set[Line]] = defaultdict(set)
    for source in sources:
        for line in source.lines:
            for i in range(len(line.words) - HARD + 1):
                by_shingle[line.words[i : i + HARD]].add(line)
    pairs = {
        (a, b)
        for group in by_shingle.values()
        if len(group) <= 50
        for a, b in combinations(sorted(group, key=lambda x: (x.article, x.index)), 2)
        if publisher[a.article] != publisher[b.article]
    }
    return sorted(
        (pair for pair in pairs if verdict(*pair) == "different"),
        key=lambda p: (p[0].article, p[0].index, p[1].article, p[1].index),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--order", choices=["date", "reverse", "both"], default="both")
    parser.add_argument("--corpus", type=Path, default=POLNEAR, help="the PolNeAR folder")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument(
        "--cache", type=Path, help="pickle of the analysed articles, outside the repository"
    )
    args = parser.parse_args()
    sources = load(args.corpus)
    if not sources:
        parser.error(f"no PolNeAR articles under {args.corpus}")
    pairs, negatives = shared_lines(sources), hard_negatives(sources)
    started = time.process_time()
    analysed = _cached(args.cache, sources) if args.cache else None
    if analysed is None:
        analysed = analyse_all(sources)
        if args.cache:
            args.cache.write_bytes(pickle.dumps((_fingerprint(), analysed)))
    else:
        print(f"analysis read from {args.cache}: for diagnosis, not a reportable figure")
    analysis = time.process_time() - started
    statements = sum(len(a.article.statements) for a in analysed.values())
    print(f"PolNeAR train+dev: {len(sources)} articles, 7 publishers; {machine()}")
    print(
        f"{statements} statements extracted in {analysis:.1f} s CPU; {len(negatives)} "
        "hard-negative line pairs (two publishers, different lines sharing a run of 5 words)"
    )
    orders = ["date", "reverse"] if args.order == "both" else [args.order]
    for order in orders:
        stored = store_all(sources, analysed, reverse=order == "reverse")
        result = evaluate(sources, pairs, negatives, stored)
        first = "oldest" if order == "date" else "newest"
        print(f"\nstored {first} first in {stored.seconds:.1f} s CPU ({load_average()})")
        print("\n".join(table(result)))
        if args.verbose:
            for a, b in result["split"]:
                print(f"SPLIT  {a.article} | {b.article}")
                print(f"  {' '.join(a.words)}\n  {' '.join(b.words)}")
            for a, b in result["wrong_first"]:
                print(f"FIRST  {a.article} | {b.article}: {' '.join(a.words)[:80]}")
            for text_a, text_b in result["false"]:
                print(f"FALSE  {text_a!r}\n       {text_b!r}")
    print(
        "\ncommand: python -m bench.identity"
        + ("" if args.order == "both" else f" --order {args.order}")
    )


def analyse_all(sources: list[Source]) -> dict[str, AnalysedArticle]:
    """Every article through the real analysis, as a monitor pass would see it."""
    taxonomy, vocabulary = Taxonomy({}), SpeakerVocabulary()
    return {
        s.name: analyse(
            Article(
                url=f"https://{s.publisher}.example/{s.name}",
                canonical_url=f"https://{s.publisher}.example/{s.name}",
                title=s.title,
                text=s.text,
                source="polnear",
                published=datetime(
                    s.published.year, s.published.month, s.published.day, tzinfo=UTC
                ),
                site=s.publisher,
            ),
            taxonomy,
            vocabulary,
        )
        for s in sources
    }


def _fingerprint() -> str:
    """The analysis code a cache was made with: ``newsmon/`` less the identity test."""
    digest = hashlib.sha256()
    for path in sorted((REPO / "newsmon").rglob("*")):
        if path.is_file() and path.name != "identity.py" and "__pycache__" not in path.parts:
            digest.update(path.relative_to(REPO).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _cached(path: Path, sources: list[Source]) -> dict[str, AnalysedArticle] | None:
    if not path.is_file():
        return None
    fingerprint, analysed = pickle.loads(path.read_bytes())  # our own file, outside the repository
    if fingerprint != _fingerprint() or set(analysed) != {s.name for s in sources}:
        print(f"{path} was made by other analysis code or articles: analysing again")
        return None
    return dict(analysed)


def table(r: dict[str, Any]) -> list[str]:
    recall = r["linked"] / r["both"] if r["both"] else 0.0
    joins = r["true_joins"] + r["false_joins"]
    precision = r["true_joins"] / joins if joins else 1.0
    rows = [
        (
            f"shared lines (quotes of {SHARED_WORDS}+ words, two publishers)",
            f"{r['shared']} in {r['article_pairs']} article pairs",
        ),
        ("extracted in both articles", str(r["both"])),
        (
            "extracted in one only / neither (the extractor's share)",
            f"{r['one_only']} / {r['neither']}",
        ),
        ("identity recall, extracted in both", f"**{recall:.3f}** ({r['linked']}/{r['both']})"),
        ("identity recall, all shared lines", f"{r['linked'] / max(r['shared'], 1):.3f}"),
        (
            "identity precision, joined pairs with a verdict",
            f"**{precision:.3f}** ({r['true_joins']}/{joins}; {r['false_joins']} false, "
            f"{r['hard_false']} of them hard negatives)",
        ),
        (
            "hard negatives extracted in both / joined",
            f"{r['negatives_both']} / **{r['negatives_joined']}**",
        ),
        ("joined pairs in the grey band / without gold", f"{r['grey']} / {r['ungolded']}"),
        ("first publisher right, distinct dates", f"**{r['dated_right']}/{r['dated']}**"),
    ]
    return ["| measure | value |", "|---|---|"] + [f"| {m} | {v} |" for m, v in rows]


if __name__ == "__main__":
    main()
