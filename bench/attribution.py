"""Statement extraction on real news: PolNeAR attributions (issue #15's metric).

    .venv/bin/python -m bench.attribution [--split dev|train] [--verbose] [--limit N]

Each predicted statement (the words of all its spans) is matched one-to-one (greedily, best
first) to a gold attribution's Content span of the same article: a match needs at least 2
shared word tokens and containment >= 0.5 (shared tokens over the predicted statement's
tokens, or over the gold
span's). Tokens are compared by position in the text, so the same words elsewhere in the
article do not match. Precision = matched predictions / predictions (a prediction may match
any attribution, including thinking or wanting ones); recall = matched speech attributions /
speech attributions (cue is an act of saying; eval/attribution/polnear.py). Speaker accuracy
is over matched speech attributions that have a Source span, in three figures:

- "strict": right when the predicted speaker's surname (its last word, leaving out a
  possessive and Jr/Sr/II-IV) is among the gold Source's words. A pronoun source ("he",
  "who") is right here only when the extractor left the pronoun unresolved, so resolving
  pronouns can lower it.
- "pronoun by mention": strict, and also right when the gold Source is a bare pronoun and
  the speaker *mention* (where the extractor found the speaker in the text, printed as
  speaker_mention / speaker_start / speaker_end by `newsmon statements`) overlaps it.
- "pronoun by antecedent": strict, and also right when the gold Source is a bare pronoun and
  the resolved speaker's surname is in the nearest *named* gold Source before it in the
  article. PolNeAR's manual annotations have no coreference (only the automatic CoreNLP
  output, not shipped here), so this stand-in antecedent is approximate: it is wrong when
  "he" points past an intervening source, or at someone who is no annotated source.

Officials: bench/data/officials.yaml holds PolNeAR dev source phrases labelled official or
not by hand before measuring; accuracy is the share whose official flag (from the phrase
alone) equals the label, an unknown (None) counting as wrong.

Tune on train, measure on dev; the test split is never used.

Completion rules (newsmon/statements/completion.py, and cues.says_a_clause) were each kept
by what they add on the train holdout, with the tagger trained without it (``python -m
eval.attribution.train --holdout --output H`` then ``NEWSMON_ATTRIBUTION_MODEL=H python -m
bench.attribution --split train --holdout [--without RULE]``). All on: 1599 of 2954 found
from 1803 predictions (F1 0.676). Without ``says_a_clause`` (a clause after a verb of saying
needs less of the tagger's confidence): 1590 / 1793 (F1 0.674); with it off as well, without
``clause_end`` 1578 / 1779, without ``clause_start`` 1586 / 1789, without
``subject_before`` (the grammar's source for tagged content; recovery keeps its own) 1582 /
1783, without ``recovered`` 1566 / 1761; all five off: 1543 / 1734 (F1 0.662). Each rule's
additions are matched 8 to 10 times in 10 (recovered: 24 of 32).

Added on 2026-11-28 (holdout model of that day, reported_confidence 0.4, all else on: 1814
of 2954 found from 2100 predictions, F1 0.724): without ``subject_named_before`` (the
sentence's subject speaks for a cue with no source) 1774 / 2045; without
``transcript_line`` ("TAPPER: …") 1811 / 2099. The round's other steps are in
eval/attribution/README.md.
"""

from __future__ import annotations

import argparse
import bisect
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from eval.attribution.polnear import FOLDS, REPO, Article, add_holdout_arguments, articles
from newsmon.statements import SpeakerVocabulary
from newsmon.statements.official import official_status

OFFICIALS = REPO / "bench" / "data" / "officials.yaml"

_WORD = re.compile(r"\w+")
PRONOUNS = frozenset(
    [
        "he",
        "she",
        "they",
        "it",
        "we",
        "i",
        "you",
        "him",
        "her",
        "them",
        "us",
        "his",
        "their",
        "its",
        "our",
        "my",
        "who",  # "…, who said": a relative pronoun names no one either
    ]
)
# "Joseph R. Biden Jr", "Luther Stan Pate IV": a speaker's surname is the word before these.
GENERATIONS = frozenset(["jr", "sr", "ii", "iii", "iv"])


@dataclass(frozen=True)
class Prediction:
    """One predicted statement: its spans (a quote that runs on, or is restated, has more
    than one), its speaker, and where the speaker is named in the text, when known."""

    spans: tuple[tuple[int, int], ...]
    speaker: str
    mention: tuple[int, int] | None

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]


def predict(text: str, vocabulary: SpeakerVocabulary) -> list[Prediction]:
    """Every statement the extractor reports, with its speaker and speaker mention."""
    import newsmon.statements as statements

    extract = getattr(statements, "extract", None)
    if extract is None:  # the extractor before issue #15: no mentions
        return [
            Prediction(statement.spans, statement.speaker.name, None)
            for statement in statements.extract_statements(text, vocabulary)
        ]
    extraction = extract(text, vocabulary)
    return [
        Prediction(statement.spans, statement.speaker.name, next(filter(None, mentions), None))
        for statement, mentions in zip(extraction.statements, extraction.mentions, strict=True)
    ]


class Tokens:
    """Word token positions of one text, to count shared tokens between character spans."""

    def __init__(self, text: str) -> None:
        self.starts = [m.start() for m in _WORD.finditer(text)]
        self.ends = [m.end() for m in _WORD.finditer(text)]

    def within(self, spans: Sequence[tuple[int, int]]) -> set[int]:
        found: set[int] = set()
        for start, end in spans:
            first = bisect.bisect_left(self.starts, start)
            last = bisect.bisect_right(self.ends, end)
            found.update(range(first, last))
        return found


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def score_article(article: Article, predictions: list[Prediction]) -> dict[str, Any]:
    tokens = Tokens(article.text)
    gold = [tokens.within(a.content) for a in article.attributions]
    predicted = [tokens.within(p.spans) for p in predictions]
    pairs = []
    for i, p_tokens in enumerate(predicted):
        for j, g_tokens in enumerate(gold):
            shared = len(p_tokens & g_tokens)
            if shared < 2:
                continue
            containment = max(shared / len(p_tokens), shared / len(g_tokens))
            if containment >= 0.5:
                pairs.append((containment, shared, i, j))
    pairs.sort(key=lambda pair: (-pair[0], -pair[1], pair[2], pair[3]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    matches = []
    for _, _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        matches.append((i, j))
    speech = [j for j, a in enumerate(article.attributions) if a.speech]
    antecedents = _antecedents(article)
    out: dict[str, Any] = {
        "predictions": len(predictions),
        "matched_predictions": len(matches),
        "speech": len(speech),
        "speech_found": sum(1 for _, j in matches if article.attributions[j].speech),
        "speaker_total": 0,
        "speaker_ok": 0,
        "speaker_ok_mention": 0,
        "speaker_ok_antecedent": 0,
        "misses": [j for j in speech if j not in used_g],
        "false": [i for i in range(len(predictions)) if i not in used_p],
        "wrong_speaker": [],
        "scored": [],  # the predictions whose speaker is scored: (prediction, attribution)
    }
    for i, j in matches:
        attribution = article.attributions[j]
        if not attribution.speech or not attribution.source:
            continue
        out["speaker_total"] += 1
        out["scored"].append((i, j))
        source_words = set(_words(attribution.source_text))
        surname = _surname(predictions[i].speaker)
        ok = surname in source_words
        mention = predictions[i].mention
        pronoun = source_words <= PRONOUNS
        by_mention = (
            not ok
            and pronoun
            and mention is not None
            and any(mention[0] < b and a < mention[1] for a, b in attribution.source)
        )
        antecedent = antecedents.get(j)
        by_antecedent = pronoun and antecedent is not None and surname in antecedent
        out["speaker_ok"] += ok
        out["speaker_ok_mention"] += ok or by_mention
        out["speaker_ok_antecedent"] += ok or by_antecedent
        if not (ok or by_mention):
            out["wrong_speaker"].append((i, j))
    return out


def _surname(speaker: str) -> str:
    """The predicted speaker's last word, leaving out a possessive and a generation."""
    words = _words(speaker.replace("’s", "").replace("'s", ""))
    while len(words) > 1 and words[-1] in GENERATIONS:
        words.pop()
    return words[-1] if words else ""


def _antecedents(article: Article) -> dict[int, set[str]]:
    """For each attribution whose Source is a bare pronoun, the words of the nearest named
    Source before it in the text (PolNeAR has no coreference; this is its stand-in)."""
    found: dict[int, set[str]] = {}
    latest: set[str] | None = None
    ordered = sorted((a.source[0][0], j) for j, a in enumerate(article.attributions) if a.source)
    for _, j in ordered:
        source_text = article.attributions[j].source_text
        words = set(_words(source_text))
        if words <= PRONOUNS:
            if latest is not None:
                found[j] = latest
        elif _NAMED.search(source_text):
            latest = words
    return found


# A capitalised word that is not the first of the phrase ("The president" names no one).
_NAMED = re.compile(r"(?<!^)\b[A-Z][a-z]|^(?!(?:The|A|An)\b)[A-Z][a-z]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--verbose", action="store_true", help="list misses (use on train)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument(
        "--reported-confidence",
        type=float,
        default=None,
        help="SpeakerVocabulary.reported_confidence to measure (default: the shipped default)",
    )
    add_holdout_arguments(
        parser, "with --split train: only every 6th article (those train --holdout leaves out)"
    )
    parser.add_argument(
        "--without",
        choices=(
            "clause_end",
            "clause_start",
            "subject_before",
            "recovered",
            "says_a_clause",
            "subject_named_before",
            "transcript_line",
        ),
        action="append",
        default=[],
        help="switch a completion rule off, to measure what it adds (repeatable)",
    )
    args = parser.parse_args()
    _switch_off(args.without)
    vocabulary = (
        SpeakerVocabulary()
        if args.reported_confidence is None
        else SpeakerVocabulary(reported_confidence=args.reported_confidence)
    )
    totals: dict[str, int] = {}
    elapsed = 0.0
    selected = list(articles(args.split))
    if args.holdout:
        selected = selected[args.fold :: FOLDS]
    if args.limit:
        selected = selected[: args.limit]
    for article in selected:
        started = time.process_time()
        predictions = predict(article.text, vocabulary)
        elapsed += time.process_time() - started
        scored = score_article(article, predictions)
        for key, value in scored.items():
            if isinstance(value, int):
                totals[key] = totals.get(key, 0) + value
        if args.verbose:
            _show(article, predictions, scored)
    precision = totals["matched_predictions"] / max(1, totals["predictions"])
    recall = totals["speech_found"] / max(1, totals["speech"])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    speaker_total = max(1, totals["speaker_total"])
    print(
        f"PolNeAR {args.split}: {len(selected)} articles, {totals['speech']} speech attributions"
        f" (reported_confidence {vocabulary.reported_confidence})"
    )
    print(
        f"quote spans  precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}"
        f"  ({totals['matched_predictions']}/{totals['predictions']} predictions,"
        f" {totals['speech_found']}/{totals['speech']} found)"
    )
    print(
        f"speaker      {totals['speaker_ok'] / speaker_total:.3f} strict,"
        f" {totals['speaker_ok_mention'] / speaker_total:.3f} pronoun by mention,"
        f" {totals['speaker_ok_antecedent'] / speaker_total:.3f} pronoun by antecedent"
        f"  (of {totals['speaker_total']})"
    )
    # The counts, since a round's change is a few statements in a thousand and more.
    print(
        f"             right: {totals['speaker_ok']} strict,"
        f" {totals['speaker_ok_mention']} by mention,"
        f" {totals['speaker_ok_antecedent']} by antecedent"
    )
    print(f"extraction   {1000 * elapsed / max(1, len(selected)):.1f} ms/article (CPU time)")
    officials()


def _switch_off(rules: list[str]) -> None:
    """Replace completion rules, as learned.py calls them, by ones that change nothing."""
    import newsmon.statements.extraction as extraction
    import newsmon.statements.learned as learned

    unchanged: dict[str, tuple[object, Any]] = {
        "clause_end": (learned, lambda sequence, labels, last: last),
        "clause_start": (learned, lambda sequence, labels, first: first),
        "subject_before": (learned, lambda sequence, labels, cue: None),
        "recovered": (learned, lambda sequence, labels: []),
        "says_a_clause": (extraction, lambda words, cue: False),
        "subject_named_before": (extraction, lambda text, cue_start: None),
        "transcript_line": (learned, lambda sequence: None),
    }
    for rule in rules:
        module, replacement = unchanged[rule]
        setattr(module, rule, replacement)


def officials() -> None:
    """Official-flag accuracy on the hand-labelled source phrases."""
    items = yaml.safe_load(OFFICIALS.read_text(encoding="utf-8"))["items"]
    right = unknown = 0
    for item in items:
        got = official_status(item["phrase"])
        right += got is item["official"]
        unknown += got is None
    print(
        f"officials    accuracy {right / len(items):.3f} on {len(items)} labelled source"
        f" phrases ({unknown} left unknown)"
    )


def _show(article: Article, predictions: list[Prediction], scored: dict[str, Any]) -> None:
    text = article.text
    print(f"== {article.name}")
    for j in scored["misses"]:
        a = article.attributions[j]
        content = " / ".join(text[s:e] for s, e in a.content)
        print(f"  MISS [{a.source_text} | {a.cue_text}] {content[:160]!r}")
    for i in scored["false"]:
        p = predictions[i]
        print(f"  FALSE [{p.speaker}] {text[p.start : p.end][:160]!r}")
    for i, j in scored["wrong_speaker"]:
        a = article.attributions[j]
        print(f"  SPEAKER got {predictions[i].speaker!r} want {a.source_text!r}")


if __name__ == "__main__":
    main()
