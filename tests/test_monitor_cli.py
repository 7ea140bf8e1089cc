"""The monitor end to end, driven through the real CLI against loopback servers."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli.main import app
from newsmon.errors import ExitCode
from tests.conftest import (
    REPO,
    LoopbackSite,
    RequestRecord,
    Response,
    webhook_payloads,
    write_config,
)

pytestmark = pytest.mark.slow  # runs the real CLI or a worker pool: seconds per test

runner = CliRunner()

OFFICIAL_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>China welcomes new round of Russia-Ukraine peace talks</title></head><body>
<nav>Skip to main content</nav><article>
<h1>China welcomes new round of Russia-Ukraine peace talks</h1>
<p>BEIJING — China on Monday welcomed a new round of direct peace talks between Russia and
Ukraine in Istanbul and called on both sides to agree a ceasefire as soon as possible.</p>
<p>"China supports every effort that helps the parties reach a ceasefire and a durable peace
agreement through negotiation," Chinese Foreign Ministry spokeswoman Mao Ning told a regular
press briefing in Beijing.</p>
<p>Mao said China was ready to keep working with the international community to play a
constructive role in the peace talks, and that Beijing had kept in touch with both delegations.</p>
<p>The talks in Istanbul are expected to cover a prisoner exchange and the terms of a ceasefire
memorandum, according to officials from both delegations.</p>
</article></body></html>"""

OTHER_PAGE = OFFICIAL_PAGE.replace("on Monday", "on Monday (wire copy)").replace(
    "<h1>China welcomes", "<h1>Beijing welcomes"
)


def _feed(site: LoopbackSite, *paths: str) -> str:
    items = "".join(
        f"<item><title>Story {i}</title><link>{site.url(path)}</link>"
        f"<guid>g{i}</guid><description>Summary {i}</description></item>"
        for i, path in enumerate(paths)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    )


def _conditional(body: str) -> Callable[[RequestRecord], Response]:
    """A feed that answers 304 when the client sends back its ETag."""

    def handle(record: RequestRecord) -> Response:
        if record.headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {"Content-Type": "application/rss+xml", "ETag": '"v1"'}, body.encode()

    return handle


def _run(*args: str) -> Any:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result


def _export(kind: str, db: str) -> list[dict[str, Any]]:
    result = _run("export", kind, "--db", db, "--config", str(REPO / "sources.yaml"))
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


@pytest.fixture
def official_feed(site: LoopbackSite) -> str:
    site.add("/news/official.html?utm_source=rss", OFFICIAL_PAGE)
    site.add("/news/official.html", OFFICIAL_PAGE)
    site.add("/news/copy.html", OTHER_PAGE)
    return site.add_handler(
        "/feed.xml",
        _conditional(_feed(site, "/news/official.html?utm_source=rss", "/news/copy.html")),
    )


@pytest.fixture(autouse=True)
def config_file(tmp_path: Path) -> Path:
    """The shipped sources.yaml, with retries due at once so a rerun retries."""
    global CONFIG
    CONFIG = str(write_config(tmp_path, alerts={"retry_backoff_seconds": 0}))
    return Path(CONFIG)


CONFIG = str(REPO / "sources.yaml")


def _pass(db: str, feed: str, *extra: str) -> Any:
    return _run(
        "run",
        "--config",
        CONFIG,
        "--db",
        db,
        "--feed",
        feed,
        "--allow-host",
        "127.0.0.1",
        *extra,
    )


def test_run_stores_items_and_statements_and_alerts_once(
    site: LoopbackSite, official_feed: str, webhook: Callable[..., str], sqlite_url: str
) -> None:
    hook = webhook("/hook")

    first = _pass(sqlite_url, official_feed, "--notify", hook)
    assert first.exit_code == 0, first.output

    items = {i["url"]: i for i in _export("items", sqlite_url)}
    official = items[site.url("/news/official.html?utm_source=rss")]
    assert official["canonical_url"] == site.url("/news/official.html")
    assert "peace-talks" in official["topics"]
    assert "Skip to main content" not in official["text"]
    copy = items[site.url("/news/copy.html")]
    assert copy["duplicate_of"] == official["canonical_url"]

    statements = _export("statements", sqlite_url)
    mao = [s for s in statements if "durable peace" in s["text"]]
    assert [s["new"] for s in mao] == [True, False]
    assert mao[0]["speaker"] == "Mao Ning" and mao[0]["official"] is True
    assert mao[1]["duplicate_of"] == official["url"]

    payloads = webhook_payloads(site, "/hook")
    assert any("Mao Ning" in p["message"] for p in payloads)
    delivered = len(payloads)

    second = _pass(sqlite_url, official_feed, "--notify", hook)
    assert second.exit_code == 0, second.output
    assert len(webhook_payloads(site, "/hook")) == delivered, "an alert was sent twice"
    feed_hits = site.hits("/feed.xml")
    assert feed_hits[-1].headers.get("If-None-Match") == '"v1"'
    assert len(site.hits("/news/copy.html")) == 1, "a stored page was fetched again"


def test_failed_alert_stays_pending_and_is_delivered_on_the_next_pass(
    site: LoopbackSite, official_feed: str, webhook: Callable[..., str], sqlite_url: str
) -> None:
    hook = webhook("/flaky", fail_first=100)
    assert _pass(sqlite_url, official_feed, "--notify", hook).exit_code == 0
    alerts = _export("alerts", sqlite_url)
    pending = [a for a in alerts if a["status"] == "pending"]
    assert pending and all(a["last_error"] for a in pending)
    assert webhook_payloads(site, "/flaky") != []  # it was tried

    recovered = webhook("/flaky", fail_first=0)
    assert _pass(sqlite_url, official_feed, "--notify", recovered).exit_code == 0
    alerts = _export("alerts", sqlite_url)
    assert {a["status"] for a in alerts if a["route"] == "officials"} <= {"sent", "suppressed"}
    sent = [a for a in alerts if a["status"] == "sent"]
    assert sent and all(a["sent_at"] for a in sent)


def test_loopback_feed_is_refused_without_allow_host(site: LoopbackSite, sqlite_url: str) -> None:
    feed = site.add("/feed.xml", _feed(site, "/a.html"), content_type="application/rss+xml")
    result = _run("run", "--config", str(REPO / "sources.yaml"), "--db", sqlite_url, "--feed", feed)
    assert result.exit_code == 0, result.output
    assert f"feed failed: {feed}" in result.stdout
    assert site.requests == [], "a request reached a host that is not allowed"


def test_seeds_are_loaded_once_and_the_restated_quote_is_one_statement(
    site: LoopbackSite, sqlite_url: str
) -> None:
    empty = site.add("/empty.xml", _feed(site), content_type="application/rss+xml")
    for _ in range(2):
        assert _pass(sqlite_url, empty).exit_code == 0
    items = _export("items", sqlite_url)
    assert sorted(i["url"] for i in items) == [
        f"seed:{p.stem}" for p in sorted((REPO / "seeds").glob("*.txt"))
    ]
    statements = _export("statements", sqlite_url)
    victory = [s for s in statements if "diplomatic victory" in s["text"]]
    assert len(victory) == 1
    assert victory[0]["speaker"] == "Melkulangara Bhadrakumar"
    assert victory[0]["official"] is False
    assert all(s["new"] for s in statements if s["item_url"].startswith("seed:"))
    assert _export("alerts", sqlite_url) == [], "seeds are a baseline, never alerted"


def test_a_broken_feed_does_not_stop_the_good_one(
    site: LoopbackSite, official_feed: str, sqlite_url: str
) -> None:
    broken = site.add("/broken.xml", "oops", status=500, content_type="text/plain")
    result = _pass(sqlite_url, broken, "--feed", official_feed)
    assert result.exit_code == 0, result.output
    assert f"feed failed: {broken}" in result.stdout
    assert any(i["url"].startswith(site.base_url) for i in _export("items", sqlite_url))

    status = _run("status", "--db", sqlite_url, "--config", str(REPO / "sources.yaml"))
    assert status.exit_code == 0
    assert "failing x1" in status.stdout and broken in status.stdout


def test_backfill_records_but_does_not_send(
    site: LoopbackSite, official_feed: str, webhook: Callable[..., str], sqlite_url: str
) -> None:
    result = _run(
        "backfill",
        "--config",
        str(REPO / "sources.yaml"),
        "--db",
        sqlite_url,
        "--feed",
        official_feed,
        "--allow-host",
        "127.0.0.1",
    )
    assert result.exit_code == 0, result.output
    alerts = _export("alerts", sqlite_url)
    assert alerts and {a["reason"] for a in alerts} >= {"backfill mode"}
    assert all(a["status"] == "suppressed" for a in alerts)


def test_config_error_exits_non_zero_with_line_and_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "sources.yaml"
    bad.write_text("feeds:\n  - url: https://ok.example/rss\n    colour: blue\n")
    result = runner.invoke(app, ["run", "--config", str(bad)])
    assert result.exit_code == ExitCode.CONFIG_ERROR
    assert f"{bad}:3: feeds.0.colour: unknown key" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_demo_shows_items_statements_and_alerts(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    result = _run("demo", "--db", db, "--config", CONFIG)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "(duplicate of http://127.0.0.1:" in out, "the syndicated copy is not marked"
    assert "[NEW ] Lin Jian, spokesperson" in out
    assert (
        "[seen] Sun Lei, deputy permanent representative to the UN: 'Only after a ceasefire" in out
    )
    assert re.search(r"sent\s+Lin Jian", out)
    assert re.search(r"suppressed\s+Wang Lei not official", out)
    items = _export("items", db)
    kremlin = next(i for i in items if "Kremlin" in i["title"])
    assert kremlin["fetch_note"].startswith("page fetch failed: HTTP 404")
    assert "prisoner exchange" in kremlin["text"]


def test_a_feed_failing_repeatedly_raises_one_alert(
    site: LoopbackSite, webhook: Callable[..., str], sqlite_url: str
) -> None:
    hook = webhook("/ops")
    broken = site.add("/down.xml", "down", status=503, content_type="text/plain")
    for _ in range(5):
        assert _pass(sqlite_url, broken, "--notify", hook).exit_code == 0
    failures = [p for p in webhook_payloads(site, "/ops") if "feed failing" in p["title"]]
    assert len(failures) == 1
    assert "3 times in a row" in failures[0]["message"]
    assert "failing since" in failures[0]["message"]


def test_digest_sends_each_route_the_days_statements_once(
    site: LoopbackSite, official_feed: str, webhook: Callable[..., str], sqlite_url: str
) -> None:
    assert _pass(sqlite_url, official_feed).exit_code == 0
    hook = webhook("/digest")
    today = datetime.now(UTC).date().isoformat()
    for _ in range(2):
        result = _run(
            "digest", "--config", CONFIG, "--db", sqlite_url, "--day", today, "--notify", hook
        )
        assert result.exit_code == 0, result.output
    [digest] = webhook_payloads(site, "/digest")
    assert digest["title"].startswith(f"newsmon digest {today} (officials)")
    assert "**peace-talks**" in digest["message"] and "Mao Ning" in digest["message"]


def test_retry_after_pauses_a_feed_instead_of_hammering_it(
    site: LoopbackSite, sqlite_url: str
) -> None:
    feed = site.add("/busy.xml", "slow down", status=429, headers={"Retry-After": "3600"})
    for _ in range(3):
        assert _pass(sqlite_url, feed).exit_code == 0
    assert len(site.hits("/busy.xml")) == 1, "the feed was fetched again before Retry-After"


def test_backfill_reclassify_applies_changed_topic_rules_to_stored_items(
    site: LoopbackSite, official_feed: str, sqlite_url: str, tmp_path: Path
) -> None:
    assert _pass(sqlite_url, official_feed).exit_code == 0
    official = site.url("/news/official.html?utm_source=rss")
    before = next(i for i in _export("items", sqlite_url) if i["url"] == official)
    assert "peace-talks" in before["topics"] and "briefings" not in before["topics"]

    changed = tmp_path / "changed"
    changed.mkdir()
    new_rule = {"briefings": {"label": "Briefings", "strong": ["press briefing"], "threshold": 2}}
    config = write_config(changed, topics=new_rule)  # the shipped taxonomy plus a new topic
    result = _run("backfill", "--config", str(config), "--db", sqlite_url, "--reclassify")
    assert result.exit_code == 0, result.output
    assert "reclassified: 2 items changed topics" in result.stdout, result.stdout

    after = next(i for i in _export("items", sqlite_url) if i["url"] == official)
    assert "briefings" in after["topics"]
    evidence = next(t for t in after["topic_evidence"] if t["topic"] == "briefings")
    assert evidence["evidence"][0]["term"] == "press briefing"
    mao = next(s for s in _export("statements", sqlite_url) if "durable peace" in s["text"])
    assert "briefings" in mao["topics"]


def _dry_run(db: str, feed: str) -> Any:
    return _run(
        "backfill", "--config", CONFIG, "--db", db, "--feed", feed, "--allow-host", "127.0.0.1",
        "--dry-run",
    )  # fmt: skip


def test_a_dry_run_writes_nothing_to_an_existing_store(
    site: LoopbackSite, official_feed: str, sqlite_url: str, tmp_path: Path
) -> None:
    import hashlib

    broken = site.add("/broken.xml", "nope", status=500)
    assert _pass(sqlite_url, broken).exit_code == 0  # the store exists, with one failing feed
    database = Path(sqlite_url.removeprefix("sqlite:///"))

    def digest() -> str:
        return hashlib.sha256(database.read_bytes()).hexdigest()

    before = digest()
    for feed in (official_feed, broken, broken):
        result = _dry_run(sqlite_url, feed)
        assert result.exit_code == 0, result.output
    assert "would send" in result.stdout or "pass finished" in result.stdout
    assert digest() == before, "a dry run changed the database"


def test_a_dry_run_on_a_new_database_creates_nothing(official_feed: str, tmp_path: Path) -> None:
    database = tmp_path / "never.db"
    result = _dry_run(f"sqlite:///{database}", official_feed)
    assert result.exit_code == 0, result.output
    assert "[dry run] route officials would send" in result.stdout
    assert not database.exists()


def test_a_page_that_failed_is_fetched_again_and_replaces_the_summary(
    site: LoopbackSite, webhook: Callable[..., str], sqlite_url: str, tmp_path: Path
) -> None:
    config = str(write_config(tmp_path, fetch={"page_retry_backoff_seconds": 0}))
    hook = webhook("/hook")
    site.add("/news/late.html", "not yet", status=404)
    feed = site.add("/feed.xml", _feed(site, "/news/late.html"), content_type="text/xml")
    args = ["run", "--config", config, "--db", sqlite_url, "--feed", feed]
    args += ["--allow-host", "127.0.0.1", "--notify", hook]

    assert _run(*args).exit_code == 0
    [item] = [i for i in _export("items", sqlite_url) if i["source"] == feed]
    assert item["text"] == "Summary 0" and "HTTP 404" in item["fetch_note"]
    assert not webhook_payloads(site, "/hook")

    site.add("/news/late.html", OFFICIAL_PAGE)
    result = _run(*args)
    assert result.exit_code == 0, result.output
    [item] = [i for i in _export("items", sqlite_url) if i["source"] == feed]
    assert "durable peace agreement" in item["text"] and item["fetch_note"] is None
    assert any("Mao Ning" in p["message"] for p in webhook_payloads(site, "/hook"))
    assert len(site.hits("/news/late.html")) == 2

    assert _run(*args).exit_code == 0
    assert len(site.hits("/news/late.html")) == 2, "a page that arrived was fetched again"


def test_a_page_is_tried_at_most_the_configured_number_of_times(
    site: LoopbackSite, sqlite_url: str, tmp_path: Path
) -> None:
    config = str(
        write_config(tmp_path, fetch={"page_retry_backoff_seconds": 0, "page_attempts": 2})
    )
    site.add("/news/gone.html", "gone", status=500)
    feed = site.add("/feed.xml", _feed(site, "/news/gone.html"), content_type="text/xml")
    args = ["run", "--config", config, "--db", sqlite_url, "--feed", feed]
    for _ in range(4):
        assert _run(*args, "--allow-host", "127.0.0.1").exit_code == 0
    assert len(site.hits("/news/gone.html")) == 2
    [item] = [i for i in _export("items", sqlite_url) if i["source"] == feed]
    assert "HTTP 500" in item["fetch_note"]
