"""Evaluate newsmon.statements against the hand-labelled set in this folder.

Run from the repository root: ``.venv/bin/python eval/statements/evaluate.py``.

Span criterion: a predicted span matches a gold span when their character
overlap is at least half of the shorter of the two (one largely contains the
other). A gold statement is found when any of its spans matches a span of a
predicted statement; each predicted statement is used for one gold statement.
Quote precision = matched predicted statements / predicted statements; recall =
found gold statements / gold statements. Speaker, official and novelty accuracy
are measured over found gold statements. Speaker is right when the gold name's
last word appears in the predicted name (case-insensitive). Novelty walks the
articles in labels.yaml order exactly as the store would: it looks up earlier
statements by ``statement_keys`` and calls ``same_statement`` on each candidate.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from newsmon.statements import (  # noqa: E402
    SpeakerVocabulary,
    extract_statements,
    same_statement,
    statement_keys,
)


def _locate(text: str, needles: list[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    starts: dict[str, int] = {}
    for needle in needles:
        at = text.find(needle, starts.get(needle, 0))
        if at < 0:
            raise ValueError(f"label span not found in article: {needle!r}")
        starts[needle] = at + 1
        spans.append((at, at + len(needle)))
    return spans


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def run(verbose: bool = True, reported_confidence: float | None = None) -> dict[str, float]:
    """Every figure the evaluation prints; ``verbose`` also lists each miss. A
    ``reported_confidence`` other than the shipped default measures that setting."""
    say = print if verbose else (lambda *_: None)
    here = Path(__file__).resolve().parent
    labels = yaml.safe_load((here / "labels.yaml").read_text(encoding="utf-8"))
    vocabulary = (
        SpeakerVocabulary()
        if reported_confidence is None
        else SpeakerVocabulary(reported_confidence=reported_confidence)
    )
    index: dict[str, list[tuple[str, str]]] = {}  # key: (text, kind) of statements seen
    gold_total = predicted_total = found = speaker_ok = official_ok = novelty_ok = 0
    elapsed = 0.0
    for article in labels["articles"]:
        text = (ROOT / article["file"]).read_text(encoding="utf-8")
        started = time.perf_counter()
        predicted = extract_statements(text, vocabulary)
        elapsed += time.perf_counter() - started
        predicted_total += len(predicted)
        # Novelty as the store decides it, against everything stored before this article.
        is_new = []
        for statement in predicted:
            candidates = {c for k in statement_keys(statement.text) for c in index.get(k, [])}
            is_new.append(
                not any(
                    same_statement(text, statement.text, kind, statement.kind)
                    for text, kind in candidates
                )
            )
        used: set[int] = set()
        for gold in article.get("statements") or []:
            gold_total += 1
            spans = _locate(text, gold["spans"])
            hit = next(
                (
                    i
                    for i, p in enumerate(predicted)
                    if i not in used and any(_overlaps(g, s) for g in spans for s in p.spans)
                ),
                None,
            )
            if hit is None:
                say(f"  missed  {article['file']}: {gold['spans'][0][:70]!r}")
                continue
            used.add(hit)
            found += 1
            got = predicted[hit]
            surname = gold["speaker"].split()[-1].lower()
            if surname in got.speaker.name.lower():
                speaker_ok += 1
            else:
                say(f"  speaker {article['file']}: {gold['speaker']!r} got {got.speaker.name!r}")
            if got.speaker.official == gold["official"]:
                official_ok += 1
            else:
                say(f"  official {article['file']}: {gold['speaker']!r} got {got.speaker}")
            if is_new[hit] == gold["new"]:
                novelty_ok += 1
            else:
                say(f"  novelty {article['file']}: {gold['spans'][0][:60]!r} got new={is_new[hit]}")
        for i, p in enumerate(predicted):
            if i not in used:
                say(f"  extra   {article['file']}: {p.text[:70]!r} ({p.speaker.name})")
        for statement in predicted:
            for key in statement_keys(statement.text):
                index.setdefault(key, []).append((statement.text, statement.kind))
    precision = found / predicted_total if predicted_total else 0.0
    recall = found / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    articles = len(labels["articles"])
    print(f"articles {articles}  gold statements {gold_total}  predicted {predicted_total}")
    print(f"quote spans   precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")
    print(f"speaker accuracy  {speaker_ok / max(found, 1):.3f}  ({speaker_ok}/{found})")
    print(f"official accuracy {official_ok / max(found, 1):.3f}  ({official_ok}/{found})")
    print(f"novelty accuracy  {novelty_ok / max(found, 1):.3f}  ({novelty_ok}/{found})")
    print(f"extraction time   {1000 * elapsed / len(labels['articles']):.2f} ms/article")
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "speaker": speaker_ok / max(found, 1),
        "official": official_ok / max(found, 1),
        "novelty": novelty_ok / max(found, 1),
        "gold": gold_total,
        "articles": len(labels["articles"]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reported-confidence",
        type=float,
        default=None,
        help="SpeakerVocabulary.reported_confidence to measure (default: the shipped default)",
    )
    run(reported_confidence=parser.parse_args().reported_confidence)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
