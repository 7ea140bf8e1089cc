"""Near-duplicate detection quality: precision and recall on labelled pairs.

    .venv/bin/python -m bench.dedup_quality

Positive pairs are made from the ScrapingHub gold articles by the changes
syndication makes: boilerplate lines swapped, the last paragraphs trimmed,
paragraphs reordered, a photo caption added, a new headline. Negative pairs
are different articles, and the five seeds against each other (distinct
stories on the same topic). A pair is called a duplicate exactly as the store
calls it: an exact content hash, or a shared LSH band and an estimated
similarity of at least DUPLICATE_THRESHOLD.
"""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Callable

from bench.common import CORPUS, REPO
from newsmon.dedup import (
    DUPLICATE_THRESHOLD,
    band_keys,
    content_hash,
    drop_repeated_paragraphs,
    signature,
    similarity,
)
from newsmon.extract import clean_text

Transform = Callable[[str, random.Random], str]


def swap_boilerplate(text: str, rng: random.Random) -> str:
    header = rng.choice(["Skip to main content", "Advertisement", "WORLD / EUROPE"])
    footer = rng.choice(["Share on Facebook", "Subscribe to our newsletter", "Read more"])
    return f"{header}\n{text}\n{footer}\n(Reporting by the wire desk; editing by the night editor)"


def trim_paragraphs(text: str, rng: random.Random) -> str:
    paragraphs = text.split("\n")
    keep = max(2, round(len(paragraphs) * rng.uniform(0.6, 0.8)))
    return "\n".join(paragraphs[:keep])


def reorder_paragraphs(text: str, rng: random.Random) -> str:
    paragraphs = text.split("\n")
    head, rest = paragraphs[:1], paragraphs[1:]
    rng.shuffle(rest)
    return "\n".join(head + rest)


def add_caption(text: str, rng: random.Random) -> str:
    caption = "Photo taken on March 7 shows delegates arriving for the talks. Photo: Xinhua"
    paragraphs = text.split("\n")
    at = rng.randrange(len(paragraphs) + 1)
    return "\n".join([*paragraphs[:at], caption, caption, *paragraphs[at:]])


def new_headline(text: str, rng: random.Random) -> str:
    return "EXCLUSIVE: what the talks mean for the region\n" + text


TRANSFORMS: dict[str, Transform] = {
    "boilerplate": swap_boilerplate,
    "trimmed": trim_paragraphs,
    "reordered": reorder_paragraphs,
    "caption": add_caption,
    "headline": new_headline,
}


def is_duplicate(a: str, b: str) -> bool:
    a, b = drop_repeated_paragraphs(clean_text(a)), drop_repeated_paragraphs(clean_text(b))
    if content_hash(a) == content_hash(b):
        return True
    sa, sb = signature(a), signature(b)
    if not set(band_keys(sa)) & set(band_keys(sb)):
        return False
    return similarity(sa, sb) >= DUPLICATE_THRESHOLD


def main() -> None:
    rng = random.Random(11)
    gold = json.loads(
        (CORPUS / "extraction/scrapinghub-aeb/ground-truth.json").read_text(encoding="utf-8")
    )
    articles = [v["articleBody"].replace("\n\n", "\n") for _, v in sorted(gold.items())]
    articles = [a for a in articles if len(a.split()) >= 120]
    positives = [
        (name, a, transform(a, rng)) for a in articles for name, transform in TRANSFORMS.items()
    ]
    negatives = [("different", a, b) for a, b in itertools.pairwise(articles)]
    seeds = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    same_topic = [("same-topic", a, b) for a, b in itertools.combinations(seeds, 2)]

    tp = {name: 0 for name in TRANSFORMS}
    for name, a, b in positives:
        tp[name] += is_duplicate(a, b)
    fp_different = sum(is_duplicate(a, b) for _, a, b in negatives)
    fp_same_topic = sum(is_duplicate(a, b) for _, a, b in same_topic)

    found = sum(tp.values())
    false = fp_different + fp_same_topic
    precision = found / (found + false) if found + false else 1.0
    recall = found / len(positives)
    f1 = 2 * precision * recall / (precision + recall)
    print(f"pairs: {len(positives)} duplicates, {len(negatives) + len(same_topic)} distinct")
    for name in TRANSFORMS:
        print(f"  recall on {name:<12} {tp[name] / len(articles):.3f}")
    print(
        f"  false duplicates: {fp_different}/{len(negatives)} different articles, "
        f"{fp_same_topic}/{len(same_topic)} same-topic seed pairs"
    )
    print(f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")


if __name__ == "__main__":
    main()
