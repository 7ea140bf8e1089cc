"""A statement's topics come from its own sentences, through a real pass on the CLI:
exports say where they came from, and a route's topic filter goes by them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli.main import app
from tests.conftest import LoopbackSite, write_config
from tests.test_monitor_cli import _feed

pytestmark = pytest.mark.slow  # a whole pass through the CLI: seconds

THREE_VOICES = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Russia and Ukraine swap prisoners</title></head><body><article>
<h1>Russia and Ukraine swap prisoners</h1>
<p>Russia and Ukraine swapped 200 prisoners of war on Friday, the latest exchange in a
conflict that has run for years, in a deal brokered by the United Arab Emirates.</p>
<p>"A ceasefire must come before anything else," Chinese Foreign Ministry spokeswoman
Mao Ning told a regular press briefing in Beijing.</p>
<p>"This prisoner exchange shows that talking to Moscow works," Ukrainian Foreign
Minister Andrii Sybiha told reporters in Kyiv.</p>
<p>"Nobody has moved their red lines at all," said Ivan Petrov, a professor at
Moscow State University.</p>
</article></body></html>"""


def _export(db: str, kind: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, ["export", kind, "--db", db])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_statement_topics_come_from_its_sentences_and_drive_routes(
    site: LoopbackSite, webhook: Callable[..., str], tmp_path: Path
) -> None:
    site.add("/swap.html", THREE_VOICES)
    feed = site.add("/feed.xml", _feed(site, "/swap.html"), content_type="application/rss+xml")
    route = {"name": "swaps", "official_only": False, "topics": ["prisoner-exchange"]}
    sections: dict[str, Any] = {
        "feeds": [{"name": "loopback", "url": feed}],
        "fetch": {"allow_hosts": ["127.0.0.1"]},
        "routes": [{**route, "targets": [webhook()]}],
    }
    config = write_config(tmp_path, **sections)
    db = f"sqlite:///{tmp_path / 'topics.db'}"
    result = CliRunner().invoke(app, ["run", "-c", str(config), "--db", db, "--json"])
    assert result.exit_code == 0, result.output

    said = {
        row["speaker"]: row
        for row in _export(db, "statements")
        if row["item_url"].endswith("swap.html")
    }
    assert said["Mao Ning"]["topics"] == ["ceasefire"]
    assert said["Mao Ning"]["topic_source"] == "statement"
    [evidence] = said["Mao Ning"]["topic_evidence"]
    assert [e["term"] for e in evidence["evidence"]] == ["ceasefire"]
    assert said["Andrii Sybiha"]["topics"] == ["prisoner-exchange"]
    assert said["Andrii Sybiha"]["topic_source"] == "statement"
    # The professor's sentence names no topic: the article's, marked as coming from it.
    assert set(said["Ivan Petrov"]["topics"]) == {"ceasefire", "prisoner-exchange"}
    assert said["Ivan Petrov"]["topic_source"] == "article"

    alerts = {row["speaker"]: row for row in _export(db, "alerts")}
    assert alerts["Mao Ning"]["status"] == "suppressed"
    assert alerts["Andrii Sybiha"]["status"] == "sent"

    # Changed rules (no ceasefire in stories datelined Beijing) relabel the statements too.
    ceasefire = {"strong": ["ceasefire"], "exclude": ["Beijing"], "threshold": 2}
    write_config(tmp_path, **sections, topics={"ceasefire": ceasefire})
    result = CliRunner().invoke(app, ["backfill", "-c", str(config), "--db", db, "--reclassify"])
    assert result.exit_code == 0, result.output
    rows = _export(db, "statements")
    said = {row["speaker"]: row for row in rows if row["item_url"].endswith("/swap.html")}
    assert said["Mao Ning"]["topics"] == ["prisoner-exchange"]
    assert said["Mao Ning"]["topic_source"] == "article"
    assert said["Andrii Sybiha"]["topic_source"] == "statement"
