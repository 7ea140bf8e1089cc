"""What a pass tells the person who started it: one summary at the end, or JSON.

The summary goes to stdout (it is the command's result); progress and warnings go
to stderr, so ``newsmon run --json | jq`` and ``newsmon run > log`` both stay clean.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import typer


def print_summary(summary: Mapping[str, Any], *, as_json: bool = False) -> None:
    """The pass's counts, each failing feed once, in words or as one JSON object."""
    if as_json:
        typer.echo(json.dumps(dict(summary), ensure_ascii=False, default=str))
        return
    typer.echo(human_summary(summary))


def human_summary(summary: Mapping[str, Any]) -> str:
    s = {key: summary.get(key, 0) for key in _COUNTS}
    failed: Mapping[str, str] = summary.get("failed_feeds") or {}
    feeds = f"{s['feeds']} feeds ({s['feeds_not_modified']} unchanged, {len(failed)} failing)"
    pages = f"{s['pages_fetched']} pages fetched"
    if s["pages_failed"]:
        pages += f" ({s['pages_failed']} used the feed text)"
    lines = [
        f"pass finished: {feeds}, {s['new_entries']} new entries, {pages}",
        f"  stored:     {s['stored']} items ({s['duplicates']} duplicates), "
        f"{s['new_statements']} new statements ({s['repeated_statements']} seen before)",
        f"  alerts:     {s['alerts_sent']} sent, {s['alerts_failed']} pending after a failure, "
        f"{s['alerts_suppressed']} suppressed",
    ]
    if s["pages_recovered"]:
        lines.append(
            f"  recovered:  {s['pages_recovered']} pages that had failed on earlier passes"
        )
    if s["entries_deferred"]:
        lines.append(
            f"  deferred:   {s['entries_deferred']} new entries left for the next pass "
            "(over a feed's share per pass, or the pass's time budget)"
        )
    if s["items_rejected"]:
        lines.append(
            f"  rejected:   {s['items_rejected']} item(s) not stored; `newsmon status` shows why"
        )
    lines += [f"  feed failed: {url}: {error}" for url, error in failed.items()]
    return "\n".join(lines)


_COUNTS = (
    "feeds",
    "feeds_not_modified",
    "new_entries",
    "pages_fetched",
    "pages_failed",
    "stored",
    "duplicates",
    "new_statements",
    "repeated_statements",
    "alerts_sent",
    "alerts_failed",
    "alerts_suppressed",
    "pages_recovered",
    "items_rejected",
    "entries_deferred",
)
