"""Alert grouping through the real pass (`newsmon run`): one message per route, speaker and
story, one per pass for failing feeds, nothing twice. Delivery is real: a JSON webhook on
127.0.0.1 (Slack-like) and aiosmtpd for email."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from email.message import Message
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Inbox, LoopbackSite, webhook_payloads, write_config
from tests.security.helpers import cli, config, export, rss, serve_feed
from tests.stories.storyset import StorySet, recover, serve_stories

pytestmark = pytest.mark.slow  # four passes over 33 stories through the CLI: about a minute

EXAMPLES_ENV = "NEWSMON_ALERT_EXAMPLES"  # a folder: write the README's example alerts there


def _routes(hook: str, mail: str, group: str = "story") -> list[dict[str, Any]]:
    return [
        {"name": "desk", "official_only": True, "group": group, "targets": [hook]},
        {
            "name": "china",
            "official_only": True,
            "countries": ["China"],
            "group": group,
            "targets": [mail],
        },
    ]


def _run(cfg: Path, db: str, feeds: list[str]) -> Any:
    args = ["run", "--config", str(cfg), "--db", db, "--allow-host", "127.0.0.1", "--json"]
    for feed in feeds:
        args += ["--feed", feed]
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result


def _body(mail: Message) -> str:
    part = next(p for p in mail.walk() if p.get_content_type() == "text/plain")
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def _speaker(title: str) -> str | None:
    found = re.match(r"(?:New statement|\d+ new statements): (.+?)(?: on .*)?$", title)
    return found.group(1) if found else None


def _received(stories: StorySet, site: LoopbackSite, inbox: Inbox) -> list[tuple[str, str, str]]:
    """(route, speaker, story) of every statement message delivered so far, one per message."""
    messages = [("desk", p["title"], p["message"]) for p in webhook_payloads(site)]
    messages += [("china", str(m["Subject"]), _body(m)) for m in inbox.messages]
    received = []
    for route, title, body in messages:
        speaker = _speaker(title)
        if speaker is None:
            continue  # a feed-failure message
        [story] = stories.story_in(body)
        received.append((route, speaker, story))
    return received


def _failure_messages(site: LoopbackSite, inbox: Inbox) -> list[str]:
    bodies = [p["message"] for p in webhook_payloads(site) if "failing" in p["title"]]
    return bodies + [_body(m) for m in inbox.messages if "failing" in str(m["Subject"])]


def test_the_story_set_gets_one_message_per_route_speaker_and_story(
    site: LoopbackSite, webhook: Any, smtp: tuple[str, Inbox], tmp_path: Path
) -> None:
    mail, inbox = smtp
    stories = serve_stories(site)
    cfg = write_config(
        tmp_path,
        fetch={"politeness_delay_seconds": 0, "total_timeout_seconds": 20},
        routes=_routes(webhook("/hook"), mail),
        alerts={"retry_backoff_seconds": 0, "feed_failure_threshold": 1},
    )
    db = f"sqlite:///{tmp_path / 'stories.db'}"

    _run(cfg, db, stories.feed_urls)
    first = _received(stories, site, inbox)
    _assert_one_message_each(first, stories.expected(recovered=False))
    failures = _failure_messages(site, inbox)
    assert len(failures) == 2, failures  # one per target, naming all three feeds
    for body in failures:
        assert all(f"/{feed}/rss.xml" in body for feed in ("ukrinform", "meduza", "diplomat"))
        assert "failing since" in body

    _run(cfg, db, stories.feed_urls)  # the same feeds, the same outage: nothing new
    assert len(_received(stories, site, inbox)) == len(first)
    assert len(_failure_messages(site, inbox)) == 2

    recover(stories)
    _run(cfg, db, stories.feed_urls)
    _run(cfg, db, stories.feed_urls)
    later = list((Counter(_received(stories, site, inbox)) - Counter(first)).elements())
    _assert_one_message_each(later, stories.expected(recovered=True), extra=0)

    alerts = export("alerts", db)
    assert all(a["status"] in ("sent", "suppressed") for a in alerts), alerts
    _assert_speakers_complete(db, site, inbox)
    _write_examples(site, inbox)


# Measured on the first pass (labels written before): all 45 labelled (route, speaker,
# story) messages arrive (43 before the role-then-name introductions), plus 6 for speakers
# the labels leave out or the statement finder names wrongly ("Foreign Ministry said it was
# studying the invitation" is a statement the labels lack; "Chinese diplomats repeated the
# position" and "the ministry" unresolved are wrong); grouping sends each of them once.
# The bounds keep those figures from getting worse unnoticed.
MISSED_AT_MOST, WRONG_SPEAKERS_AT_MOST = 0, 6


def _assert_one_message_each(
    received: list[tuple[str, str, str]],
    labelled: set[tuple[str, str, str]],
    extra: int = WRONG_SPEAKERS_AT_MOST,
) -> None:
    twice = [key for key, n in Counter(received).items() if n > 1]
    assert not twice, twice
    missed, unlabelled = labelled - set(received), set(received) - labelled
    print(f"story set: {len(labelled) - len(missed)} of {len(labelled)} labelled arrive")
    print(f"missed {sorted(missed)}\nunlabelled {sorted(unlabelled)}")
    assert len(missed) <= MISSED_AT_MOST, sorted(missed)
    assert len(unlabelled) <= extra, sorted(unlabelled)


def _assert_speakers_complete(db: str, site: LoopbackSite, inbox: Inbox) -> None:
    """A speaker's organisation, country and official status, given once anywhere in the
    store, are in every statement row and every message about them."""
    statements = export("statements", db)
    known: dict[str, dict[str, Any]] = {}
    for row in statements:
        for name in ("organisation", "country", "official"):
            if row[name] is not None:
                known.setdefault(row["speaker"], {})[name] = row[name]
    missing = [
        (row["speaker"], name)
        for row in statements
        for name in known.get(row["speaker"], {})
        if row[name] is None
    ]
    assert not missing, [
        (r["speaker"], r["text"][:60], r["country"], r["organisation"])
        for r in statements
        if r["speaker"] in {speaker for speaker, _ in missing}
    ]
    bodies = [p["message"] for p in webhook_payloads(site)] + [_body(m) for m in inbox.messages]
    for speaker, fields in known.items():
        for body in (b for b in bodies if f"**{speaker}**" in b):
            for value in (v for v in fields.values() if isinstance(v, str)):
                assert value in body, (speaker, value, body)


def _write_examples(site: LoopbackSite, inbox: Inbox) -> None:
    """The README's examples come from here: NEWSMON_ALERT_EXAMPLES=DIR writes them."""
    folder = os.environ.get(EXAMPLES_ENV)
    if not folder:
        return
    grouped = next(
        p for p in webhook_payloads(site) if p["title"].startswith("3 new statements: Fu Cong")
    )
    mail = next(m for m in inbox.messages if str(m["Subject"]).startswith("3 new statements"))
    Path(folder, "slack.json").write_text(json.dumps(grouped, indent=2, ensure_ascii=False))
    Path(folder, "email.txt").write_text(f"Subject: {mail['Subject']}\n\n{_body(mail)}")


QUOTES = (
    "China supports a ceasefire monitored by neutral states in the region",
    "The prisoner exchange shows that patient dialogue works for both sides",
)
STORY_TEXTS = (
    "Diplomats met again in Istanbul on Monday for the peace talks between Russia and "
    "Ukraine, with a ceasefire along the whole front line at the top of the agenda.",
    "Hundreds of soldiers came home on Friday after Russia and Ukraine swapped prisoners of "
    "war at the Belarusian border, the largest exchange since the talks resumed in spring.",
)


def _two_stories(site: LoopbackSite) -> str:
    """Two different stories, each with one new statement by the same spokesperson."""
    for n, (quote, text) in enumerate(zip(QUOTES, STORY_TEXTS, strict=True)):
        page = (
            f"<html><head><title>Story {n}</title></head><body><article><h1>Story {n}</h1>"
            f'<p>{text}</p><p>"{quote}," Chinese Foreign Ministry spokesperson Lin Jian '
            "told a regular press briefing in Beijing.</p></article></body></html>"
        )
        site.add(f"/p{n}.html", page)
    items = [(f"Story {n}", site.url(f"/p{n}.html")) for n in range(len(QUOTES))]
    return serve_feed(site, "/feed.xml", rss(*items))


@pytest.mark.parametrize(("group", "messages"), [("statement", 2), ("story", 2), ("pass", 1)])
def test_a_route_chooses_how_its_alerts_are_grouped(
    group: str, messages: int, site: LoopbackSite, webhook: Any, tmp_path: Path
) -> None:
    feed = _two_stories(site)
    route = {"name": "desk", "group": group, "targets": [webhook("/hook")]}
    cfg = config(tmp_path, routes=[route])
    db = f"sqlite:///{tmp_path / 'g.db'}"
    _run(cfg, db, [feed])
    payloads = webhook_payloads(site)
    assert len(payloads) == messages, [p["title"] for p in payloads]
    assert all(sum(q in p["message"] for p in payloads) == 1 for q in QUOTES)


def test_a_failing_channel_gets_the_same_message_again_and_the_others_nothing_more(
    site: LoopbackSite, webhook: Any, tmp_path: Path
) -> None:
    feed = _two_stories(site)
    good, flaky = webhook("/hook"), webhook("/flaky", fail_first=1)
    route = {"name": "desk", "group": "pass", "targets": [good, flaky]}
    cfg = config(tmp_path, routes=[route])
    db = f"sqlite:///{tmp_path / 'f.db'}"
    _run(cfg, db, [feed])
    _run(cfg, db, [feed])
    _run(cfg, db, [feed])
    assert len(webhook_payloads(site, "/hook")) == 1
    tries = [json.loads(r.body) for r in site.hits("/flaky")]
    assert len(tries) == 2 and tries[0] == tries[1]  # refused once, then the same message
    assert [a["status"] for a in export("alerts", db)] == ["sent", "sent"]


def test_a_misspelt_group_names_its_line(tmp_path: Path) -> None:
    cfg = config(tmp_path, routes=[{"name": "desk", "group": "stories"}])
    result = cli("run", "--config", str(cfg), "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert result.exit_code == 3
    line = next(
        n for n, text in enumerate(cfg.read_text().splitlines(), 1) if "group: stories" in text
    )
    assert f"sources.yaml:{line}: routes.0.group:" in result.output
