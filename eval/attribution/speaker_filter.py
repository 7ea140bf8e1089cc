"""A learned estimate of "speaker wrong" for tagger statements (issue #15): measured, not shipped.

    .venv/bin/python -m eval.attribution.speaker_filter --holdout-model H [--dev T]

Each statement built from the tagger's labels gets features available at run time (how its
speaker was found, its cue, the tagger's Content/Source/Cue marginals, distances), and a
logistic model estimates whether it is matched to a gold speech attribution with the wrong
speaker (bench.attribution's "pronoun by mention"). The model is fit on the train holdout's
own statements (the holdout model never saw those articles) and scored by 6-fold
cross-validation by article; dropping the statements whose cross-validated estimate reaches
a threshold gives the bench's figures at each threshold. ``--dev T`` then fits on all
holdout statements and applies threshold T once to dev's statements under the shipped model.
H is the holdout model (`python -m eval.attribution.train --holdout --output H`). Figures
and the decision: eval/attribution/README.md.
"""

from __future__ import annotations

import argparse
import math
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import newsmon.statements.extraction as extraction
import newsmon.statements.learned as learned
import newsmon.statements.tagger as tagger_module
from bench.attribution import PRONOUNS, Prediction, predict, score_article
from eval.attribution.polnear import Article, articles
from newsmon.statements import SpeakerVocabulary
from newsmon.statements.names import SAY_VERBS
from newsmon.statements.vocabulary import word_set

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+[\"“‘']?[A-Z]")
PATHS = ("tagged", "subject", "recovered", "subject_named", "previous")
FOLDS = 6


@dataclass
class Row:
    """One predicted statement: its run-time features and what the bench made of it."""

    article: str
    index: int
    features: list[float]
    rule: bool  # a statement of rules.py, which the filter leaves alone
    scored: bool  # matched to a speech attribution with a Source
    right: bool  # … and its speaker right by mention


@dataclass
class _Seen:
    """What the tagger and _from_tagger knew of each Content piece, by its offsets."""

    pieces: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    marginals: dict[int, list[tuple[float, float]]] = field(default_factory=dict)


@contextmanager
def _watching(seen: _Seen) -> Iterator[None]:
    """Record, while extraction runs, the tagger's marginals and each piece's speaker path."""
    content_probability, found_in, from_tagger = (
        tagger_module._content_probability,
        learned.found_in,
        extraction._from_tagger,
    )

    def probability(tagger: Any, labels: list[str]) -> list[float]:
        out = content_probability(tagger, labels)
        if out:
            marginal = tagger.marginal
            seen.marginals[id(labels)] = [
                (
                    marginal("B-SRC", i) + marginal("I-SRC", i),
                    marginal("B-CUE", i) + marginal("I-CUE", i),
                )
                for i in range(len(labels))
            ]
        return out

    def pieces(tagged: Any, index: int) -> list[learned.Found]:
        out = found_in(tagged, index)
        for item in out:
            seen.pieces[(item.start, item.end)] = _tagger_features(seen, tagged, item)
        return out

    def statement(text: str, item: learned.Found, context: Any, previous: Any) -> Any:
        record = seen.pieces.setdefault((item.start, item.end), {})
        if item.source is not None:
            labelled = record.get("labelled_source", True)
            path = "tagged" if labelled else "subject"
            record["path"] = "recovered" if item.confidence == 1.0 else path
        else:
            record["path"] = "previous" if previous is not None else "subject_named"
        record["cue"], record["cue_at"], record["source_at"] = (
            text[item.cue[0] : item.cue[1]] if item.cue else "",
            item.cue,
            item.source,
        )
        return from_tagger(text, item, context, previous)

    tagger_module._content_probability = probability
    learned.found_in = pieces
    extraction._from_tagger = statement
    try:
        yield
    finally:
        tagger_module._content_probability = content_probability
        learned.found_in = found_in
        extraction._from_tagger = from_tagger


def _tagger_features(seen: _Seen, tagged: Any, item: learned.Found) -> dict[str, Any]:
    tokens, labels = tagged.tokens, tagged.labels

    def within(span: tuple[int, int] | None) -> list[int]:
        if span is None:
            return []
        return [i for i, t in enumerate(tokens) if t.start < span[1] and span[0] < t.end]

    def runs(role: str) -> int:
        return sum(
            1
            for i, lab in enumerate(labels)
            if lab == f"B-{role}"
            or (lab == f"I-{role}" and (i == 0 or not labels[i - 1].endswith(role)))
        )

    source, cue = within(item.source), within(item.cue)
    content = [i for i, t in enumerate(tokens) if item.start <= t.start < item.end]
    found = {
        "confidence": item.confidence,
        "quoted": item.quoted,
        # A source the tagger did not label came from the subject rules (subjects.py).
        "labelled_source": any(labels[i].endswith("SRC") for i in source) or not source,
        "source_runs": runs("SRC"),
        "cue_runs": runs("CUE"),
    }
    marginals = seen.marginals.get(id(labels))
    if not marginals or not cue:  # no Cue in the sequence: the tagger computed none
        return found
    return found | {
        "cue_marginal": sum(marginals[i][1] for i in cue) / len(cue) if cue else 1.0,
        "source_marginal": sum(marginals[i][0] for i in source) / len(source) if source else 0.0,
        "other_source_marginal": max(
            (m[0] for i, m in enumerate(marginals) if i not in source), default=0.0
        ),
        "source_in_content": max((marginals[i][0] for i in content), default=0.0),
        "cue_in_content": max((marginals[i][1] for i in content if i not in cue), default=0.0),
    }


class _CueRates:
    """How often each word lies inside a gold Cue of the given articles (training data)."""

    def __init__(self, training: list[Article]) -> None:
        self.seen: Counter[str] = Counter()
        self.in_cue: Counter[str] = Counter()
        for article in training:
            cue_chars = {c for a in article.attributions for s, e in a.cue for c in range(s, e)}
            for match in _WORD.finditer(article.text):
                word = match.group(0).lower()
                self.seen[word] += 1
                self.in_cue[word] += match.start() in cue_chars

    def rate(self, word: str, least: int = 1) -> float:
        count = self.seen[word.lower()]
        return self.in_cue[word.lower()] / count if count >= least else 0.0


def _features(
    text: str, prediction: Prediction, record: dict[str, Any], rates: _CueRates
) -> list[float]:
    speech_words = set(SAY_VERBS) | word_set("cue_words") | word_set("recovery_cues")
    content = text[prediction.start : prediction.end]
    words = _WORD.findall(content)
    lower = [w.lower() for w in words]
    content_rates = [rates.rate(w, least=5) for w in lower[2:]]
    cue, cue_at, source_at = record.get("cue", ""), record.get("cue_at"), record.get("source_at")
    cue_words = _WORD.findall(cue)
    gap, crossing, inside, after = 0, False, False, False
    if cue_at and source_at:
        low, high = (
            (source_at[1], cue_at[0]) if source_at[0] < cue_at[0] else (cue_at[1], source_at[0])
        )
        gap = max(0, high - low)
        crossing = bool(_SENTENCE_END.search(text[low:high])) if low < high else False
        inside = prediction.start <= source_at[0] < prediction.end
        after = source_at[0] > cue_at[0]
    speaker = prediction.speaker
    surname = speaker.split()[-1].lower() if speaker.split() else ""
    return [
        1.0,
        *(float(record.get("path") == path) for path in PATHS[1:]),
        float(any(w.lower() in speech_words for w in cue_words)),
        max((rates.rate(w) for w in cue_words), default=0.0),
        record.get("confidence", 1.0),
        float(record.get("quoted", False)),
        math.log1p(len(words)),
        float(bool(_SENTENCE_END.search(content))),
        float(crossing),
        float(inside),
        float(after),
        math.log1p(gap),
        float(bool(cue_at) and cue_at[0] < prediction.start),
        float(speaker.lower() in PRONOUNS),
        float(speaker[:1].islower()),
        min(len(speaker.split()), 5) / 5,
        float(len(prediction.spans) > 1),
        max(content_rates, default=0.0),
        min(sum(r >= 0.3 for r in content_rates), 5) / 5,
        min(sum(w in speech_words for w in lower[1:]), 3) / 3,
        math.log1p(sum(1 for w in words if w[:1].isupper())),
        float(surname in lower),
        min(sum(content.count(q) for q in '"“”'), 4) / 4,
        min(len(cue_words), 4) / 4,
        record.get("cue_marginal", 1.0),
        record.get("source_marginal", 0.0),
        record.get("other_source_marginal", 0.0),
        record.get("source_in_content", 0.0),
        record.get("cue_in_content", 0.0),
        min(record.get("source_runs", 0), 5) / 5,
        min(record.get("cue_runs", 0), 5) / 5,
    ]


def collect(
    selected: list[Article], rates: _CueRates
) -> tuple[list[Row], list[tuple[Article, list[Prediction]]]]:
    """Every statement of the articles with its features, and the predictions to rescore."""
    vocabulary = SpeakerVocabulary()
    rows: list[Row] = []
    runs = []
    for article in selected:
        seen = _Seen()
        with _watching(seen):
            predictions = predict(article.text, vocabulary)
        scored = score_article(article, predictions)
        wrong = {i for i, _ in scored["wrong_speaker"]}
        matched = {i for i, _ in scored["scored"]}
        for i, prediction in enumerate(predictions):
            record = seen.pieces.get(prediction.spans[0], {})
            rows.append(
                Row(
                    article.name,
                    i,
                    _features(article.text, prediction, record, rates),
                    rule="path" not in record,
                    scored=i in matched,
                    right=i in matched and i not in wrong,
                )
            )
        runs.append((article, predictions))
    return rows, runs


def fit(
    x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 3000
) -> Callable[[np.ndarray], np.ndarray]:
    """Logistic regression on standardised features (gradient descent), as a scorer."""
    mean, spread = x[:, 1:].mean(0), x[:, 1:].std(0) + 1e-9

    def standard(z: np.ndarray) -> np.ndarray:
        out = z.copy()
        out[:, 1:] = (z[:, 1:] - mean) / spread
        return out

    z = standard(x)
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-z @ w))
        w -= 0.5 * (z.T @ (p - y) + l2 * np.r_[0, w[1:]]) / len(y)
    return lambda new: 1 / (1 + np.exp(-standard(new) @ w))


def figures(runs: list[tuple[Article, list[Prediction]]], dropped: set[tuple[str, int]]) -> str:
    totals: Counter[str] = Counter()
    for article, predictions in runs:
        kept = [p for i, p in enumerate(predictions) if (article.name, i) not in dropped]
        scored = score_article(article, kept)
        totals.update({k: v for k, v in scored.items() if isinstance(v, int)})
    precision = totals["matched_predictions"] / totals["predictions"]
    recall = totals["speech_found"] / totals["speech"]
    f1 = 2 * precision * recall / (precision + recall)
    return (
        f"drop {len(dropped):4d}  F1 {f1:.4f} (P {precision:.3f} R {recall:.3f})"
        f"  speaker by mention {totals['speaker_ok_mention'] / totals['speaker_total']:.4f}"
        f" ({totals['speaker_ok_mention']} of {totals['speaker_total']})"
    )


def _thresholds(
    rows: list[Row],
    runs: list[tuple[Article, list[Prediction]]],
    estimate: dict[tuple[str, int], float],
) -> None:
    print(f"  t none   {figures(runs, set())}")
    by_key = {(r.article, r.index): r for r in rows}
    for t in np.arange(0.2, 0.61, 0.025):
        dropped = {key for key, p in estimate.items() if p >= t}
        wrong = sum(by_key[k].scored and not by_key[k].right for k in dropped)
        right = sum(by_key[k].right for k in dropped)
        print(f"  t {t:.3f}  {figures(runs, dropped)}  dropped: {wrong} wrong, {right} right")


def _with_model(path: str | None) -> None:
    """Tag with the model at PATH from now on (None: the shipped one)."""
    if path is None:
        os.environ.pop("NEWSMON_ATTRIBUTION_MODEL", None)
    else:
        os.environ["NEWSMON_ATTRIBUTION_MODEL"] = path
    tagger_module._model.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--holdout-model", required=True, help="the tagger trained without the holdout (fold 0)"
    )
    parser.add_argument(
        "--fold-models",
        nargs=5,
        default=None,
        help="the taggers trained without folds 1-5 (train --holdout --fold K): the filter is"
        " then fit on the statements of all six folds, each fold's from its own tagger",
    )
    parser.add_argument("--dev", type=float, default=None, help="apply this threshold to dev once")
    args = parser.parse_args()
    train = list(articles("train"))
    models = [args.holdout_model, *(args.fold_models or [])]
    folds: list[tuple[list[Row], list[tuple[Article, list[Prediction]]]]] = []
    for k, model in enumerate(models):
        _with_model(model)
        rates = _CueRates([a for n, a in enumerate(train) if n % 6 != k])
        folds.append(collect(train[k::6], rates))
    estimates: list[dict[tuple[str, int], float]] = []
    if len(folds) == 1:  # within the holdout, by article
        rows = [r for r in folds[0][0] if not r.rule]
        names = sorted({r.article for r in rows})
        part = {name: n % FOLDS for n, name in enumerate(names)}
        estimate: dict[tuple[str, int], float] = {}
        for k in range(FOLDS):
            fit_on = [r for r in rows if part[r.article] != k]
            held = [r for r in rows if part[r.article] == k]
            scores = _fit_rows(fit_on)(np.array([r.features for r in held]))
            estimate.update(
                {(r.article, r.index): float(p) for r, p in zip(held, scores, strict=True)}
            )
        estimates.append(estimate)
    else:  # each fold from the other five
        for k, (rows, _) in enumerate(folds):
            fit_on = [
                r for j, (other, _) in enumerate(folds) if j != k for r in other if not r.rule
            ]
            held = [r for r in rows if not r.rule]
            scores = _fit_rows(fit_on)(np.array([r.features for r in held]))
            estimates.append(
                {(r.article, r.index): float(p) for r, p in zip(held, scores, strict=True)}
            )
    for k, ((rows, runs), estimate) in enumerate(zip(folds, estimates, strict=True)):
        wrong = sum(r.scored and not r.right for r in rows if not r.rule)
        print(f"fold {k}: {len(rows)} statements, {len(estimate)} from the tagger, {wrong} wrong")
        _thresholds(rows, runs, estimate)
    if len(folds) > 1:
        print("all folds:")
        _thresholds(
            [r for rows, _ in folds for r in rows],
            [run for _, runs in folds for run in runs],
            {key: p for estimate in estimates for key, p in estimate.items()},
        )
    if args.dev is None:
        return
    estimator = _fit_rows([r for rows, _ in folds for r in rows if not r.rule])
    _with_model(None)
    rates = _CueRates(train if len(folds) > 1 else [a for n, a in enumerate(train) if n % 6])
    rows, runs = collect(list(articles("dev")), rates)
    held = [r for r in rows if not r.rule]
    scores = estimator(np.array([r.features for r in held]))
    dropped = {(r.article, r.index) for r, p in zip(held, scores, strict=True) if p >= args.dev}
    print(f"dev none   {figures(runs, set())}")
    print(f"dev t {args.dev:.3f}  {figures(runs, dropped)}")


def _fit_rows(rows: list[Row]) -> Callable[[np.ndarray], np.ndarray]:
    """The estimate of "matched, speaker wrong" fit on these statements."""
    x = np.array([r.features for r in rows])
    return fit(x, np.array([float(r.scored and not r.right) for r in rows]))


if __name__ == "__main__":
    main()
