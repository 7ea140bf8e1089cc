"""Deciding, rendering and sending alerts about new statements.

Routing and rendering are pure. ``send`` is the one edge: it talks to apprise,
one target at a time, so a failing channel is retried alone and a channel that
already received an alert never receives it twice.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TextIO
from urllib.parse import urlsplit

import apprise

from newsmon.config import Route
from newsmon.errors import AlertDeliveryError
from newsmon.notice import Block, Notice, Span, one_line
from newsmon.redact import redact_text, redact_url

CONSOLE_TARGET = "console"

# Reasons recorded on suppressed alerts.
NOT_OFFICIAL = "not official"
# An official-only route does not alert on a speaker whose status the text leaves open;
# the statement is recorded with this reason and shown in the web app and exports.
OFFICIAL_UNKNOWN = "official status unknown"
OFF_TOPIC = "off-topic"
BACKFILL = "backfill mode"
FILTERED = "not matched by route"


@dataclass(frozen=True)
class AlertMessage:
    """What an alert says: enough for a reader to act without opening the store."""

    speaker: str
    role: str | None
    organisation: str | None
    country: str | None
    official: bool | None
    text: str
    topics: tuple[str, ...]
    evidence: tuple[str, ...]
    item_url: str
    item_title: str
    first_publisher: str | None = None
    repeats: int = 0


class StatementView(Protocol):
    """What a message needs to know of a stored statement."""

    @property
    def speaker(self) -> str: ...
    @property
    def role(self) -> str | None: ...
    @property
    def organisation(self) -> str | None: ...
    @property
    def country(self) -> str | None: ...
    @property
    def official(self) -> bool | None: ...
    @property
    def text(self) -> str: ...
    @property
    def topics(self) -> list[str]: ...


class ItemView(Protocol):
    """What a message needs to know of the item a statement was seen in."""

    @property
    def url(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def site(self) -> str | None: ...
    @property
    def is_seed(self) -> bool: ...


def statement_message(
    statement: StatementView,
    item: ItemView,
    *,
    evidence: tuple[str, ...] = (),
    first_publisher: str | None = None,
    repeats: int = 0,
) -> AlertMessage:
    """What an alert, a digest line or a feed entry says about a statement seen in an item."""
    return AlertMessage(
        speaker=statement.speaker,
        role=statement.role,
        organisation=statement.organisation,
        country=statement.country,
        official=statement.official,
        text=statement.text,
        topics=tuple(statement.topics or ()),
        evidence=evidence,
        item_url=item.url,
        item_title=item.title,
        first_publisher=first_publisher,
        repeats=repeats,
    )


def publisher(item: ItemView) -> str:
    """The outlet to name for an item: its site name, else its host."""
    if item.site:
        return item.site
    if item.is_seed:
        return item.url
    return urlsplit(item.url).hostname or item.url


@dataclass
class SendReport:
    delivered: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.failed


def suppression_reason(message: AlertMessage, route: Route, *, backfill: bool) -> str | None:
    """None if the route wants this statement now, else why not."""
    if route.official_only and message.official is None:
        return OFFICIAL_UNKNOWN
    if route.official_only and not message.official:
        return NOT_OFFICIAL
    if not message.topics:
        return OFF_TOPIC
    if route.topics and not set(route.topics) & set(message.topics):
        return FILTERED
    if route.speakers and not _matches_any(message.speaker, route.speakers):
        return FILTERED
    if route.countries and not _matches_any(message.country or "", route.countries):
        return FILTERED
    if backfill:
        return BACKFILL
    return None


def _matches_any(value: str, wanted: Iterable[str]) -> bool:
    folded = value.casefold()
    return any(w.casefold() in folded for w in wanted)


def route_targets(route: Route, extra_targets: Sequence[str]) -> list[str]:
    """The route's configured targets plus --notify ones; the console if none."""
    targets = [t for t in (*route.targets, *extra_targets) if t.strip()]
    return list(dict.fromkeys(targets)) or [CONSOLE_TARGET]


def render(message: AlertMessage, max_chars: int = 3000) -> Notice:
    """The alert for one statement, escaped for every kind of channel.

    A quote too long for ``max_chars`` is cut at a word boundary and says so,
    pointing at the source, rather than being dropped by a channel's limit.
    """
    who = message.speaker
    details = ", ".join(p for p in (message.role, message.organisation, message.country) if p)
    if details:
        who = f"{who} ({details})"
    title = f"New statement: {message.speaker}"
    if message.topics:
        title += f" on {', '.join(message.topics)}"
    quote = one_line(message.text)
    budget = max(100, max_chars - 600)  # room for the source, topics and evidence lines
    if len(quote) > budget:
        quote = quote[:budget].rsplit(" ", 1)[0] + " … [quote shortened; full text at the source]"
    blocks: list[Block] = [
        ("p", [Span(who, strong=True), Span(f"{_status(message.official)}:")]),
        ("quote", [Span(quote)]),
        ("blank", []),
        ("p", [Span("Source: "), Span(message.item_title or message.item_url, message.item_url)]),
    ]
    lines = []
    if message.topics:
        lines.append(f"Topics: {', '.join(message.topics)}")
    if message.evidence:
        lines.append(f"Evidence: {'; '.join(message.evidence)}")
    if message.first_publisher:
        lines.append(f"First reported by {message.first_publisher}")
    if message.repeats:
        lines.append(f"Repeated by {message.repeats} other outlet(s)")
    blocks += [("p", [Span(line)]) for line in lines]
    return Notice.of(title, blocks)


def digest_selection(
    messages: Iterable[AlertMessage], route: Route
) -> dict[str, list[AlertMessage]]:
    """The day's statements a route wants, grouped by topic (backfill does not apply)."""
    by_topic: dict[str, list[AlertMessage]] = {}
    for message in messages:
        if suppression_reason(message, route, backfill=False) is not None:
            continue
        wanted = [t for t in message.topics if not route.topics or t in route.topics]
        for topic in wanted:
            by_topic.setdefault(topic, []).append(message)
    return dict(sorted(by_topic.items()))


def digest_size(by_topic: dict[str, list[AlertMessage]]) -> int:
    """How many distinct statements a digest lists (one may sit under several topics)."""
    return len({id(m) for messages in by_topic.values() for m in messages})


def render_digest(
    route: str, day: str, by_topic: dict[str, list[AlertMessage]], max_chars: int = 3000
) -> Notice:
    count = digest_size(by_topic)
    title = f"newsmon digest {day} ({route}): {count} new statement(s)"
    blocks: list[Block] = []
    for topic, messages in by_topic.items():
        blocks.append(("p", [Span(topic, strong=True)]))
        for m in messages:
            text = one_line(m.text)
            quote = text if len(text) <= 240 else text[:240].rsplit(" ", 1)[0] + " …"
            role = f", {m.role}" if m.role else ""
            blocks.append(
                (
                    "item",
                    [
                        Span(f'{m.speaker}{role}: "{quote}" ('),
                        Span("source", m.item_url),
                        Span(")"),
                    ],
                )
            )
        blocks.append(("blank", []))
    while blocks and blocks[-1][0] == "blank":
        blocks.pop()
    notice = Notice.of(title, blocks)
    omitted = 0
    while len(notice.markdown) > max_chars and any(kind == "item" for kind, _ in blocks):
        last = max(i for i, (kind, _) in enumerate(blocks) if kind == "item")
        del blocks[last]
        omitted += 1
        more = f"… and {omitted} more; see `newsmon export statements`."
        notice = Notice.of(title, [*blocks, ("p", [Span(more)])])
    return notice


Notifier = Callable[[str, Notice], None]


def apprise_notify(target: str, notice: Notice) -> None:
    """Send through apprise, in the format the target takes; raise if it refused it."""
    plugin = apprise.Apprise.instantiate(target)
    if not plugin:
        raise AlertDeliveryError(
            f"apprise does not understand the target URL {redact_url(target)!r}"
        )
    # The format the target renders (its ?format= or its default), so the body is the
    # one escaped for it and apprise has nothing to convert.
    body_format = plugin.resolve_format(None)
    notifier = apprise.Apprise()
    notifier.add(plugin)
    if not notifier.notify(
        title=notice.title, body=notice.body(body_format), body_format=body_format
    ):
        raise AlertDeliveryError(f"{redact_url(target)} did not accept the alert")


def console_notify(notice: Notice, stream: TextIO | None = None) -> None:
    out = stream or sys.stdout
    print(f"\n=== ALERT: {notice.title}\n{notice.text}\n", file=out, flush=True)


def send(targets: Sequence[str], notice: Notice, notify: Notifier = apprise_notify) -> SendReport:
    report = SendReport()
    for target in targets:
        try:
            if target == CONSOLE_TARGET:
                console_notify(notice)
            else:
                notify(target, notice)
        except Exception as exc:  # one failing channel must not stop the others
            report.failed[target] = redact_text(str(exc)) or type(exc).__name__
        else:
            report.delivered.append(target)
    return report


def _status(official: bool | None) -> str:
    """What a reader is told of the speaker's standing; unknown is said, not hidden."""
    return {True: " (official)", False: "", None: " (official status unknown)"}[official]
