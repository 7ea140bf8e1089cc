"""Which new statements go out together, and what the message that carries them says.

A route's alerts are grouped by its ``group`` setting: one message per statement, per
speaker and story (an article and the copies dedup tied to it), or per pass. Feed
failures found in a pass go out as one message listing every failing feed. All of it
is pure: the outbox decides membership once, and this module only computes keys and
renders.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from newsmon.alerts import AlertMessage, render
from newsmon.config import GroupMode
from newsmon.notice import Block, Notice, Span, one_line


@dataclass(frozen=True)
class PendingStatement:
    """A new statement waiting for a message: its outbox row, route and story."""

    alert_id: int
    route: str
    story_id: int  # the first publisher's item of the story the statement was seen in
    message: AlertMessage


@dataclass(frozen=True)
class FailingFeed:
    name: str
    url: str
    failures: int
    since: datetime | None
    last_error: str | None


def group_key(mode: GroupMode, pending: PendingStatement) -> str:
    """What the statements of one message share, under a route's grouping mode."""
    if mode == "statement":
        return f"statement:{pending.alert_id}"
    if mode == "pass":
        return "pass"
    return (
        f"story:{pending.story_id}:speaker:{' '.join(pending.message.speaker.casefold().split())}"
    )


def group_pending(
    pending: Iterable[PendingStatement], modes: Mapping[str, GroupMode]
) -> dict[tuple[str, str], list[PendingStatement]]:
    """(route, key) to that message's statements, in the order they were queued.

    A route missing from ``modes`` (it left the config while alerts waited) groups by story.
    """
    groups: dict[tuple[str, str], list[PendingStatement]] = {}
    for statement in sorted(pending, key=lambda p: p.alert_id):
        key = group_key(modes.get(statement.route, "story"), statement)
        groups.setdefault((statement.route, key), []).append(statement)
    return groups


def render_group(messages: Sequence[AlertMessage], max_chars: int = 3000) -> Notice:
    """One message for a group of new statements, speaker by speaker.

    A single statement reads as it always has (``render``). Each statement of a larger
    group is listed with its source, first publisher, repeats and topics; statements that
    do not fit ``max_chars`` are counted at the end rather than cut off by the channel.
    """
    if len(messages) == 1:
        return render(messages[0], max_chars)
    title = _group_title(messages)
    in_order = [m for _, quotes in _speaker_sections(messages) for m in quotes]

    def first(shown: int) -> Notice:
        return Notice.of(
            title, _group_blocks(_speaker_sections(in_order[:shown]), len(messages) - shown)
        )

    notice = first(len(in_order))
    if len(notice.markdown) <= max_chars:
        return notice
    # The most statements that fit, found by halving: a render per halving, not one per
    # statement dropped (a hostile page's 300 statements took 5 s that way).
    fits, too_many = 1, len(in_order)
    while too_many - fits > 1:
        middle = (fits + too_many) // 2
        if len(first(middle).markdown) <= max_chars:
            fits = middle
        else:
            too_many = middle
    return first(fits)


def render_feed_failures(feeds: Sequence[FailingFeed]) -> Notice:
    """One message for every feed that crossed the failure threshold in a pass."""
    title = (
        f"newsmon: feed failing: {feeds[0].name}"
        if len(feeds) == 1
        else f"newsmon: {len(feeds)} feeds failing"
    )
    blocks: list[Block] = [("p", [Span("These feeds keep failing:")])]
    for feed in feeds:
        since = feed.since.strftime("%Y-%m-%d %H:%M UTC") if feed.since else "an unknown time"
        blocks.append(
            (
                "item",
                [
                    Span(feed.name, feed.url),
                    Span(
                        f": failing since {since}, {feed.failures} times in a row; "
                        f"last error: {feed.last_error or 'unknown'}"
                    ),
                ],
            )
        )
    blocks.append(("blank", []))
    blocks.append(
        ("p", [Span("You will not be told again until a feed recovers and fails again.")])
    )
    return Notice.of(title, blocks)


_Section = tuple[AlertMessage, list[AlertMessage]]  # the speaker (first message), their statements


def _group_title(messages: Sequence[AlertMessage]) -> str:
    speakers = list(dict.fromkeys(m.speaker for m in messages))
    topics = list(dict.fromkeys(t for m in messages for t in m.topics))
    on = f" on {', '.join(topics)}" if topics else ""
    if len(speakers) == 1:
        return f"{len(messages)} new statements: {speakers[0]}{on}"
    return f"{len(messages)} new statements by {len(speakers)} speakers{on}"


def _speaker_sections(messages: Sequence[AlertMessage]) -> list[_Section]:
    by_speaker: dict[str, list[AlertMessage]] = {}
    for message in messages:
        by_speaker.setdefault(message.speaker, []).append(message)
    return [(quotes[0], quotes) for quotes in by_speaker.values()]


def _group_blocks(sections: Sequence[_Section], omitted: int) -> list[Block]:
    blocks: list[Block] = []
    for speaker, quotes in sections:
        details = (
            ", ".join(p for p in (speaker.role, speaker.organisation, speaker.country) if p)
            or "role, organisation and country not known"
        )
        status = {True: "official", False: "not an official", None: "official status unknown"}
        blocks.append(
            (
                "p",
                [
                    Span(speaker.speaker, strong=True),
                    Span(f" ({details}; {status[speaker.official]})"),
                ],
            )
        )
        for n, message in enumerate(quotes):
            if n and blocks[-1][0] == "quote":
                blocks.append(("blank", []))  # else Markdown runs the quotes together
            blocks.append(("quote", [Span(_shortened(one_line(message.text)))]))
            # Statements from one article share one source line, after the last of them.
            if n + 1 == len(quotes) or quotes[n + 1].item_url != message.item_url:
                blocks.append(("item", _source_line(message)))
        blocks.append(("blank", []))
    if omitted:
        blocks.append(("p", [Span(f"… and {omitted} more; see `newsmon export alerts`.")]))
    while blocks and blocks[-1][0] == "blank":
        blocks.pop()
    return blocks


def _source_line(message: AlertMessage) -> list[Span]:
    spans = [Span("Source: "), Span(message.item_title or message.item_url, message.item_url)]
    notes = []
    if message.first_publisher:
        notes.append(f"first reported by {message.first_publisher}")
    if message.repeats:
        notes.append(f"repeated by {message.repeats} other outlet(s)")
    if message.topics:
        notes.append(f"topics: {', '.join(message.topics)}")
    if notes:
        spans.append(Span(f" · {' · '.join(notes)}"))
    return spans


def _shortened(quote: str, limit: int = 600) -> str:
    return quote if len(quote) <= limit else quote[:limit].rsplit(" ", 1)[0] + " …"
