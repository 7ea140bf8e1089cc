"""Topic classification quality on the labelled items in bench/data/topics.yaml.

    .venv/bin/python -m bench.topics_quality [--verbose]

Runs the taxonomy from sources.yaml over every item and prints per-topic
precision, recall and F1, their macro average, and two off-topic figures:
off-topic precision (of the items given no topic, the share that truly have
none) and the share of truly off-topic items wrongly given a topic.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import yaml

from bench.common import REPO
from newsmon.config import load_config
from newsmon.extract import clean_text
from newsmon.topics import Taxonomy

DATA = Path(__file__).parent / "data" / "topics.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument(
        "--split",
        choices=["all", "dev", "held-out"],
        default="all",
        help="dev: even-numbered items (the rules were tuned on these); held-out: odd ones",
    )
    args = parser.parse_args()
    config = load_config(REPO / "sources.yaml")
    taxonomy = Taxonomy(config.topics)
    items: list[dict[str, Any]] = yaml.safe_load(DATA.read_text(encoding="utf-8"))["items"]
    if args.split != "all":
        items = items[0 if args.split == "dev" else 1 :: 2]
    counts = {topic: [0, 0, 0] for topic in config.topics}  # tp, fp, fn
    none_predicted = none_right = off_topic = off_topic_wrong = 0
    for item in items:
        if "seed" in item:
            title, text = "", clean_text((REPO / "seeds" / item["seed"]).read_text("utf-8"))
        else:
            title, text = item["title"], item["text"]
        predicted = {label.topic for label in taxonomy.classify(title, text)}
        gold = set(item["topics"])
        for topic in counts:
            counts[topic][0] += topic in predicted and topic in gold
            counts[topic][1] += topic in predicted and topic not in gold
            counts[topic][2] += topic not in predicted and topic in gold
        if not predicted:
            none_predicted += 1
            none_right += not gold
        if not gold:
            off_topic += 1
            off_topic_wrong += bool(predicted)
        if args.verbose and predicted != gold:
            name = item.get("title") or item.get("seed")
            print(f"{name}: missing {sorted(gold - predicted)}, extra {sorted(predicted - gold)}")
    print(f"{len(items)} items ({args.split}; {off_topic} off-topic), taxonomy from sources.yaml")
    f1s = []
    for topic, (tp, fp, fn) in counts.items():
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        f1s.append(f1)
        print(f"  {topic:<24} P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  (n={tp + fn})")
    print(f"macro-F1 {sum(f1s) / len(f1s):.3f}")
    print(
        f"off-topic precision {none_right / none_predicted:.3f} "
        f"({none_right}/{none_predicted} items left without a topic are off-topic)"
    )
    print(f"off-topic items given a topic: {off_topic_wrong}/{off_topic}")


if __name__ == "__main__":
    main()
