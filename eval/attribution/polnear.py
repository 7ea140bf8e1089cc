"""Read PolNeAR (brat standoff) into plain records: text, and Source/Cue/Content spans.

PolNeAR is third-party copyrighted text: it is read from shared/corpus at run time and never
copied into the repository. See shared/corpus/SOURCES.md, section PolNeAR.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# The recall is over attributions whose cue is an act of saying. Its complement is
# short and closed: cues of thinking, perceiving, wanting and feeling ("thinks", "believes",
# "wants", "hopes", "fears", "seems"), matched as word prefixes. This list gives 1,992 speech
# attributions on dev, the figure.
NOT_SPEECH_STEMS = (
    "think", "thought", "believ", "want", "hope", "hoping", "feel", "felt", "know", "knew",
    "fear", "expect", "wish", "wonder", "worr", "consider", "assum", "suspect", "doubt",
    "prefer", "like", "understand", "realiz", "view", "seem", "appear", "plan", "intend",
    "decid", "learn", "see", "saw", "sees", "seen", "love", "hate", "trust", "sens", "care",
    "rememb", "recogni", "imagin", "guess", "figur", "aware", "convinc", "concern", "afraid",
    "sure", "confiden", "optimis", "pessimis", "skeptic", "determin", "eager", "anxious",
    "interest", "aim", "seek", "sought", "tried", "try", "hop", "dream", "remain",
)  # fmt: skip
_WORD = re.compile(r"\w+")


# Tuning holds out every FOLDS-th train article, from the fold's number on; a model trained
# without a fold measures it as unseen news (eval/attribution/README.md: fold 0, where the
# rules before 30 November were chosen, is overfit by those choices; folds 1-5 are not).
FOLDS = 6


def add_holdout_arguments(parser: argparse.ArgumentParser, holdout_help: str) -> None:
    """--holdout and --fold, read alike by the trainer and the bench."""
    parser.add_argument("--holdout", action="store_true", help=holdout_help)
    parser.add_argument(
        "--fold",
        type=int,
        default=0,
        choices=range(FOLDS),
        help=f"with --holdout: which 1/{FOLDS} of train (the article's number modulo {FOLDS})",
    )


def is_speech_cue(cue: str) -> bool:
    """Whether a cue phrase is an act of saying: no word of it thinks, wants or feels."""
    return not any(word.lower().startswith(NOT_SPEECH_STEMS) for word in _WORD.findall(cue))


Span = tuple[int, int]


@dataclass(frozen=True)
class Attribution:
    content: tuple[Span, ...]
    cue: tuple[Span, ...]
    source: tuple[Span, ...]
    cue_text: str
    source_text: str

    @property
    def speech(self) -> bool:
        return is_speech_cue(self.cue_text)


@dataclass(frozen=True)
class Article:
    name: str
    text: str
    attributions: tuple[Attribution, ...]


def corpus_root() -> Path:
    """Where PolNeAR is: $NEWSMON_POLNEAR, or shared/corpus beside the repo or its parent."""
    override = os.environ.get("NEWSMON_POLNEAR")
    candidates = [Path(override)] if override else []
    candidates += [
        parent / "shared" / "corpus" / "attribution" / "polnear"
        for parent in (REPO.parent, REPO.parent.parent)
    ]
    for candidate in candidates:
        if (candidate / "train" / "text").is_dir():
            return candidate
    raise FileNotFoundError(
        "PolNeAR not found; looked in "
        + ", ".join(str(c) for c in candidates)
        + " (set NEWSMON_POLNEAR to the folder holding train/ and dev/)"
    )


def _spans(field: str) -> tuple[Span, ...]:
    return tuple((int(a), int(b)) for a, b in (part.split() for part in field.split(";")))


def read_annotations(path: Path, text: str) -> tuple[Attribution, ...]:
    spans: dict[str, tuple[str, tuple[Span, ...]]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, where = parts[1].partition(" ")
            spans[parts[0]] = (kind, _spans(where))
        elif line.startswith("E") and len(parts) >= 2:
            roles = dict(item.split(":", 1) for item in parts[1].split())
            events.append(roles)
    found = []
    for roles in events:
        found_spans = {role: spans[key][1] for role, key in roles.items() if key in spans}
        cue, source = found_spans.get("Cue", ()), found_spans.get("Source", ())
        found.append(
            Attribution(
                content=found_spans.get("Content", ()),
                cue=cue,
                source=source,
                cue_text=" ".join(text[a:b] for a, b in cue),
                source_text=" ".join(text[a:b] for a, b in source),
            )
        )
    return tuple(found)


def articles(split: str) -> Iterator[Article]:
    """Articles of a split ("train" or "dev") in sorted file order, first annotator's file."""
    if split not in ("train", "dev"):
        raise ValueError(f"split must be train or dev, not {split!r} (the test split is not used)")
    root = corpus_root() / split
    for text_path in sorted((root / "text").glob("*.txt")):
        annotation_files = sorted((root / "attributions").glob(text_path.stem + "_*.ann"))
        if not annotation_files:
            continue
        text = text_path.read_text(encoding="utf-8")
        yield Article(text_path.stem, text, read_annotations(annotation_files[0], text))
