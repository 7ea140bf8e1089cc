"""What one monitor or backfill pass did, counted once and shown the same way everywhere.

The pass builds one ``RunSummary``; ``newsmon run`` prints it (``as_text``, or
``as_dict`` as JSON), the store keeps it for ``newsmon status``, the Prefect flow
attaches ``as_markdown`` as an artifact, and the demo prints it. None of them
counts anything itself, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any

from newsmon.models import Article, FeedEntry

if TYPE_CHECKING:  # the pipeline imports the extractor: not for `newsmon status`
    from newsmon.pipeline import FeedOutcome, StoredOutcome

# Notes beyond this many are counted, not listed: a pass over a broken site must not
# print a page of them.
MAX_NOTES = 20


@dataclass
class RunSummary:
    feeds: int = 0
    feeds_not_modified: int = 0
    failed_feeds: dict[str, str] = field(default_factory=dict)
    entries: int = 0
    new_entries: int = 0
    pages_fetched: int = 0
    pages_failed: int = 0
    stored: int = 0
    duplicates: int = 0
    new_statements: int = 0
    repeated_statements: int = 0
    alerts_queued: int = 0
    alerts_suppressed: int = 0
    alerts_sent: int = 0
    alerts_failed: int = 0
    failing_feeds_alerted: int = 0  # feeds named in this pass's "failing" message
    seeds_loaded: int = 0
    pages_recovered: int = 0  # pages that failed on an earlier pass and arrived in this one
    items_rejected: int = 0
    entries_deferred: int = 0  # left for the next pass: over a feed's share or the time budget
    notes: list[str] = field(default_factory=list)  # what was left out of analysis, and why

    @property
    def feeds_ok(self) -> int:
        return self.feeds - len(self.failed_feeds)

    def count_feeds(self, outcomes: Sequence[FeedOutcome]) -> None:
        self.feeds = len(outcomes)
        self.feeds_not_modified = sum(o.result.not_modified for o in outcomes)
        self.failed_feeds = {o.url: o.error for o in outcomes if o.error}
        self.entries = sum(len(o.entries) for o in outcomes)

    def count_articles(self, entries: Sequence[FeedEntry], articles: Sequence[Article]) -> None:
        """Add one batch of new entries and the articles made of them."""
        failed = sum(a.fetch_note is not None for a in articles)
        self.new_entries += len(entries)
        self.pages_failed += failed
        self.pages_fetched += len(articles) - failed
        for article in articles:
            if article.analysis_note:
                self.note(f"{article.url}: {article.analysis_note}")

    def count_stored(self, outcomes: Sequence[StoredOutcome]) -> None:
        for outcome in outcomes:
            self.items_rejected += outcome.rejected
            if outcome.item_id is None or outcome.skipped:
                continue
            self.stored += 1
            self.duplicates += outcome.duplicate_of is not None
            self.new_statements += outcome.new_statements
            self.repeated_statements += outcome.repeated_statements
            self.alerts_queued += outcome.alerts_queued
            self.alerts_suppressed += outcome.alerts_suppressed

    def count_recovered(self, outcomes: Sequence[StoredOutcome]) -> None:
        self.pages_recovered += len(outcomes)
        for outcome in outcomes:
            self.new_statements += outcome.new_statements
            self.repeated_statements += outcome.repeated_statements
            self.alerts_queued += outcome.alerts_queued

    def add(self, part: RunSummary) -> None:
        """Add what one part of the pass counted (a batch of pages, say)."""
        for name in (f.name for f in fields(self)):
            value = getattr(part, name)
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)
        self.failed_feeds.update(part.failed_feeds)
        for text in part.notes:
            self.note(text)

    def note(self, text: str) -> None:
        if len(self.notes) < MAX_NOTES:
            self.notes.append(text)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> RunSummary:
        """The summary back from ``as_dict`` (JSON, a flow's return value, the store);
        keys it does not know, as from an older or newer newsmon, are left out."""
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in values.items() if key in known})

    def as_text(self) -> str:
        """The counts and each failing feed once, in words, for a terminal."""
        failed = self.failed_feeds
        feeds = f"{self.feeds} feeds ({self.feeds_not_modified} unchanged, {len(failed)} failing)"
        pages = f"{self.pages_fetched} pages fetched"
        if self.pages_failed:
            pages += f" ({self.pages_failed} used the feed text)"
        alerts = (
            f"  alerts:     {self.alerts_sent} sent, {self.alerts_failed} pending after a "
            f"failure, {self.alerts_suppressed} suppressed"
        )
        if self.failing_feeds_alerted:
            alerts += f"; {self.failing_feeds_alerted} failing feed(s) alerted"
        lines = [
            f"pass finished: {feeds}, {self.new_entries} new entries, {pages}",
            f"  stored:     {self.stored} items ({self.duplicates} duplicates), "
            f"{self.new_statements} new statements ({self.repeated_statements} seen before)",
            alerts,
        ]
        if self.pages_recovered:
            lines.append(
                f"  recovered:  {self.pages_recovered} pages that had failed on earlier passes"
            )
        if self.entries_deferred:
            lines.append(
                f"  deferred:   {self.entries_deferred} new entries left for the next pass "
                "(over a feed's share per pass, or the pass's time budget)"
            )
        if self.items_rejected:
            lines.append(
                f"  rejected:   {self.items_rejected} item(s) not stored; "
                "`newsmon status` shows why"
            )
        lines += [f"  feed failed: {url}: {error}" for url, error in failed.items()]
        lines += [f"  note:       {note}" for note in self.notes]
        return "\n".join(lines)

    def as_markdown(self) -> str:
        """The run's counts per step and its failures, for a Prefect artifact."""
        rows = [
            f"| {name.replace('_', ' ')} | {value} |"
            for name, value in self.as_dict().items()
            if not isinstance(value, dict | list)
        ]
        lines = ["| step | count |", "|---|---|", *rows]
        if self.failed_feeds:
            lines += ["", "**Failed feeds**", ""]
            lines += [f"- {url}: {error}" for url, error in self.failed_feeds.items()]
        if self.notes:
            lines += ["", "**Notes**", ""]
            lines += [f"- {note}" for note in self.notes]
        return "\n".join(lines)
