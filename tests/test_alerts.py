"""Routing, rendering and delivery of alerts, against a real SMTP server and webhook."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from newsmon.alerts import (
    BACKFILL,
    CONSOLE_TARGET,
    FILTERED,
    NOT_OFFICIAL,
    OFF_TOPIC,
    AlertMessage,
    digest_selection,
    render,
    render_digest,
    route_targets,
    send,
    suppression_reason,
)
from newsmon.config import Route
from tests.conftest import Inbox, LoopbackSite, webhook_payloads

MESSAGE = AlertMessage(
    speaker="Mao Ning",
    role="spokesperson",
    organisation="Ministry of Foreign Affairs",
    country="China",
    official=True,
    text="China encourages direct dialogue between Russia and Ukraine.",
    topics=("peace-talks",),
    evidence=("peace-talks: direct dialogue",),
    item_url="https://news.example/a",
    item_title="Beijing supports direct talks",
    first_publisher="MENAFN",
    repeats=2,
)


def test_official_on_topic_statement_goes_out() -> None:
    assert suppression_reason(MESSAGE, Route(name="r"), backfill=False) is None


@pytest.mark.parametrize(
    ("change", "route", "reason"),
    [
        ({"official": False}, Route(name="r"), NOT_OFFICIAL),
        ({"topics": ()}, Route(name="r", official_only=False), OFF_TOPIC),
        ({}, Route(name="r", topics=("sanctions",)), FILTERED),
        ({}, Route(name="r", countries=("Russia",)), FILTERED),
        ({}, Route(name="r", speakers=("Lin Jian",)), FILTERED),
    ],
)
def test_suppression_says_why(change: dict[str, Any], route: Route, reason: str) -> None:
    message = AlertMessage(**{**MESSAGE.__dict__, **change})
    assert suppression_reason(message, route, backfill=False) == reason


def test_backfill_suppresses_what_would_otherwise_be_sent() -> None:
    assert suppression_reason(MESSAGE, Route(name="r"), backfill=True) == BACKFILL


def test_route_without_targets_prints_to_the_console() -> None:
    assert route_targets(Route(name="r", targets=("",)), []) == [CONSOLE_TARGET]
    assert route_targets(Route(name="r"), ["json://h/x", "json://h/x"]) == ["json://h/x"]


def test_render_says_who_what_role_topic_evidence_source_and_repeats() -> None:
    title, body = render(MESSAGE)
    assert title == "New statement: Mao Ning on peace-talks"
    for expected in (
        "Mao Ning (spokesperson, Ministry of Foreign Affairs, China)",
        MESSAGE.text,
        "https://news.example/a",
        "Evidence: peace-talks: direct dialogue",
        "First reported by MENAFN",
        "Repeated by 2 other outlet(s)",
    ):
        assert expected in body


def test_a_long_quote_is_shortened_visibly_not_dropped() -> None:
    long = AlertMessage(**{**MESSAGE.__dict__, "text": "word " * 2000})
    _, body = render(long, max_chars=1000)
    assert len(body) <= 1000
    assert "quote shortened; full text at the source" in body
    assert "https://news.example/a" in body


def test_email_arrives_with_html_and_the_statement(smtp: tuple[str, Inbox]) -> None:
    target, inbox = smtp
    notice = render(MESSAGE)
    title = notice.title
    report = send([target], notice)
    assert report.complete, report.failed
    with inbox.arrived:
        assert inbox.arrived.wait_for(lambda: inbox.messages, timeout=10)
    mail = inbox.messages[0]
    assert mail["Subject"] == title
    assert mail["To"] == "analyst@example.org"
    parts = [p for p in mail.walk() if not p.is_multipart()]
    html = next(p for p in parts if p.get_content_type() == "text/html")
    payload = html.get_payload(decode=True)
    assert isinstance(payload, bytes)
    assert "<strong>Mao Ning" in payload.decode()


def test_a_failing_target_does_not_stop_the_others(
    site: LoopbackSite, webhook: Callable[..., str]
) -> None:
    good = webhook("/good")
    bad = webhook("/bad", fail_first=10)
    report = send([bad, good], render(MESSAGE))
    assert report.delivered == [good]
    assert list(report.failed) == [bad]
    assert webhook_payloads(site, "/good")[0]["title"] == "New statement: Mao Ning on peace-talks"


def test_digest_groups_a_routes_statements_by_topic() -> None:
    other = AlertMessage(**{**MESSAGE.__dict__, "speaker": "Lin Jian", "topics": ("mediation",)})
    expert = AlertMessage(**{**MESSAGE.__dict__, "speaker": "Cui Heng", "official": False})
    by_topic = digest_selection([MESSAGE, other, expert], Route(name="r"))
    assert {t: [m.speaker for m in ms] for t, ms in by_topic.items()} == {
        "mediation": ["Lin Jian"],
        "peace-talks": ["Mao Ning"],
    }
    title, body = render_digest("r", "2025-06-03", by_topic)
    assert title == "newsmon digest 2025-06-03 (r): 2 new statement(s)"
    assert body.index("**mediation**") < body.index("**peace-talks**")


def test_a_speakers_statements_in_one_story_make_one_message_that_fits_the_channel() -> None:
    from newsmon.grouping import render_group

    quotes = [
        AlertMessage(**{**MESSAGE.__dict__, "text": f"Statement {n}: " + "word " * 60})
        for n in range(6)
    ]
    notice = render_group(quotes, max_chars=1200)
    assert notice.title == "6 new statements: Mao Ning on peace-talks"
    assert len(notice.markdown) <= 1200
    assert "Statement 0:" in notice.markdown and "Statement 5:" not in notice.markdown
    assert "4 more; see `newsmon export alerts`" in notice.text
    assert notice.markdown.count("Source:") == 1  # one article: one source line
    assert "first reported by MENAFN · repeated by 2 other outlet(s)" in notice.markdown
