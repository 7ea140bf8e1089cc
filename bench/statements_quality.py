"""Statement extraction quality on the labelled set in bench/data/statements.yaml.

    .venv/bin/python -m bench.statements_quality [--verbose]

Quote spans: a predicted statement matches a labelled one when at least 60% of
the labelled words (normalised) appear in it in order-insensitive form; precision
is matched predictions over predictions, recall matched labels over labels.
Speaker and official accuracy are over matched labels (speaker: same name, or the
same surname). Novelty is decided exactly as the store does it (statement_keys
lookup, then same_statement against every statement seen before, in order) and
compared with the label, over matched labels.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import yaml

from bench.common import REPO
from newsmon.dedup import drop_repeated_paragraphs
from newsmon.extract import clean_text
from newsmon.models import Statement
from newsmon.statements import (
    SpeakerVocabulary,
    extract_statements,
    normalise_statement,
    same_statement,
    statement_keys,
)

DATA = Path(__file__).parent / "data" / "statements.yaml"
MATCH = 0.6


def coverage(label_words: str, predicted: str) -> float:
    wanted = normalise_statement(label_words).split()
    got = set(normalise_statement(predicted).split())
    return sum(w in got for w in wanted) / len(wanted) if wanted else 0.0


def same_speaker(predicted: str, labelled: str) -> bool:
    a, b = predicted.casefold().split(), labelled.casefold().split()
    return a == b or (bool(a) and bool(b) and (a[-1] == b[-1] or (a[0] == b[0] and len(a) > 1)))


class Known:
    """Statements seen so far, looked up the way the store looks them up."""

    def __init__(self) -> None:
        self.seen: list[Statement] = []
        self.keys: dict[str, set[int]] = {}

    def is_new(self, statement: Statement) -> bool:
        text = statement.text
        candidates = {i for key in statement_keys(text) for i in self.keys.get(key, ())}
        return not any(
            same_statement(self.seen[i].text, text, self.seen[i].kind, statement.kind)
            for i in sorted(candidates)
        )

    def add(self, statement: Statement) -> None:
        index = len(self.seen)
        self.seen.append(statement)
        for key in statement_keys(statement.text):
            self.keys.setdefault(key, set()).add(index)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    vocabulary = SpeakerVocabulary()
    known = Known()
    labels = predictions = matched_predictions = matched_labels = 0
    speaker_ok = official_ok = novelty_ok = 0
    for article in data["articles"]:
        raw = (
            (REPO / "seeds" / article["seed"]).read_text(encoding="utf-8")
            if "seed" in article
            else article["text"]
        )
        text = drop_repeated_paragraphs(clean_text(raw))
        predicted: list[Statement] = extract_statements(text, vocabulary)
        novelty = []
        for statement in predicted:  # in article order, as the store records them
            novelty.append(known.is_new(statement))
            known.add(statement)
        predictions += len(predicted)
        used: set[int] = set()
        for label in article["statements"]:
            labels += 1
            scores = [(coverage(label["words"], p.text), i) for i, p in enumerate(predicted)]
            best, index = max(scores, default=(0.0, -1))
            if best < MATCH:
                if args.verbose:
                    print(f"MISSED  {label['speaker']}: {label['words']!r}")
                continue
            matched_labels += 1
            used.add(index)
            statement = predicted[index]
            speaker_ok += same_speaker(statement.speaker.name, label["speaker"])
            official_ok += statement.speaker.official == label["official"]
            novelty_ok += novelty[index] == label["new"]
            if args.verbose and not same_speaker(statement.speaker.name, label["speaker"]):
                print(f"SPEAKER {statement.speaker.name!r} for {label['speaker']!r}")
            if args.verbose and novelty[index] != label["new"]:
                print(f"NOVELTY {novelty[index]} for {label['words']!r}")
        matched_predictions += len(used)
        if args.verbose:
            for i, p in enumerate(predicted):
                if i not in used:
                    print(f"EXTRA   {p.speaker.name}: {p.text[:90]!r}")
    precision = matched_predictions / predictions if predictions else 0.0
    recall = matched_labels / labels
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        f"{labels} labelled statements in {len(data['articles'])} articles; {predictions} predicted"
    )
    print(f"quote spans: precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")
    print(f"speaker accuracy  {speaker_ok / matched_labels:.3f}")
    print(f"official accuracy {official_ok / matched_labels:.3f}")
    print(f"novelty accuracy  {novelty_ok / matched_labels:.3f}")


if __name__ == "__main__":
    main()
