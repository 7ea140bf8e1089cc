"""What a pass tells the person who started it: one summary at the end, or JSON.

The summary goes to stdout (it is the command's result); progress and warnings go
to stderr, so ``newsmon run --json | jq`` and ``newsmon run > log`` both stay clean.
The words come from ``RunSummary.as_text``, the same object ``status``, the Prefect
artifact and the demo show.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import typer

from newsmon.summary import RunSummary

if TYPE_CHECKING:
    from storage.reading import ReadingStore


def print_summary(summary: Mapping[str, Any], *, as_json: bool = False) -> None:
    """A pass's summary (``RunSummary.as_dict``) in words, or any result as one JSON object."""
    if as_json:
        typer.echo(json.dumps(dict(summary), ensure_ascii=False, default=str))
        return
    typer.echo(RunSummary.from_dict(summary).as_text())


def print_demo_contents(store: ReadingStore) -> None:
    """What the demo's pass stored: its items, their statements and the alerts.

    The seed corpus is the baseline the pass compared against, not something it found,
    so its items and statements are left out: every [NEW] line is one of the pass's
    new statements, as many as its summary counted.
    """
    found = [item for item in store.export_items() if item["source"] != "seed"]
    typer.echo("\nitems:")
    for item in found:
        dup = f"  (duplicate of {item['duplicate_of']})" if item["duplicate_of"] else ""
        typer.echo(f"  {item['title'][:70]!r} topics={item['topics']}{dup}")
    urls = {item["url"] for item in found}
    typer.echo("\nstatements:")
    for row in store.export_statements():
        if row["item_url"] not in urls:
            continue
        flag = "NEW " if row["new"] else "seen"
        who = row["speaker"] + (f", {row['role']}" if row["role"] else "")
        typer.echo(f"  [{flag}] {who}: {row['text'][:90]!r}")
    typer.echo("\nalerts:")
    for row in store.export_alerts():
        typer.echo(f"  {row['status']:<10} {row['speaker']} {row['reason'] or ''}")
