"""Topic classification by readable rules (interface; the rule engine is being built)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

from newsmon.models import Evidence, TopicLabel


class TopicRule(BaseModel):
    """One topic's rule as written in sources.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = ""
    any: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    threshold: float = Field(1.0, gt=0)


class Taxonomy:
    """Compiled rules for every topic; ``classify`` is pure and thread-safe."""

    def __init__(self, rules: Mapping[str, TopicRule]) -> None:
        self.rules = dict(rules)

    def classify(self, title: str, text: str) -> list[TopicLabel]:
        document = f"{title}\n{text}"
        labels = []
        for topic, rule in self.rules.items():
            if any(re.search(re.escape(term), document, re.I) for term in rule.exclude):
                continue
            evidence = [
                Evidence(term=term, start=m.start(), end=m.end(), excerpt=m.group(0))
                for term in rule.any
                for m in re.finditer(re.escape(term), document, re.I)
            ]
            if len(evidence) >= rule.threshold:
                labels.append(
                    TopicLabel(
                        topic=topic, score=float(len(evidence)), evidence=tuple(evidence[:5])
                    )
                )
        return labels
