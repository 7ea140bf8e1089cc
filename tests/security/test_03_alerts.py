"""Finding 3: alert injection.

A quote and an ``og:site_name`` full of HTML, Slack control sequences and Markdown
links, from an item whose URL carries a ``)``, go through the real CLI and apprise to
a Slack webhook, a JSON webhook in HTML format and an SMTP server, all on loopback.
What arrives is text: no tag, no mention, no link but the checked item URL.
"""

from __future__ import annotations

import email
import json
import re
import socket
from collections.abc import Iterator
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from lxml import html as lxml_html

from tests.conftest import LoopbackSite, RequestRecord, Response
from tests.security.helpers import article, config, rss, run_pass, serve_feed, wait_until

pytestmark = pytest.mark.slow  # runs the real CLI or a worker pool: seconds per test

QUOTE = (
    "&lt;script&gt;alert(1)&lt;/script&gt; China supports a ceasefire &lt;!channel&gt; "
    "&lt;!here&gt; &lt;@U024BE7LH&gt; &lt;#C024BE7LR&gt; @everyone "
    "&lt;img src=x onerror=alert(2)&gt; [click here](javascript:alert(3)) "
    "&lt;https://evil.example|your bank&gt; and dialogue in the peace talks"
)
SITE_NAME = "&lt;img src=x onerror=alert(4)&gt;&lt;!channel&gt; [Site](javascript:alert(5))"


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[str, _Inbox]]:
    inbox = _Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield f"mailto://127.0.0.1:{port}?from=newsmon@example.org&to=analyst@example.org", inbox
    controller.stop()


def _html_links(text: str) -> list[str]:
    """Every URL-bearing attribute of every element, as a browser would see them."""
    document = lxml_html.fromstring(f"<div>{text}</div>")
    return [str(value) for value in document.xpath("//@href|//@src|//@action|//@formaction")]


def _html_tags(text: str) -> set[str]:
    return {str(el.tag) for el in lxml_html.fromstring(f"<div>{text}</div>").iter()}


def _slack_links(text: str) -> list[str]:
    return re.findall(r"<([^<>|]+)[|>]", text)


def test_alerts_arrive_as_text_on_slack_html_webhooks_and_email(
    site: LoopbackSite,
    tmp_path: Path,
    smtp: tuple[str, _Inbox],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from apprise.plugins.slack import NotifySlack

    slack_posts: list[dict[str, Any]] = []

    def slack(record: RequestRecord) -> Response:
        slack_posts.append(json.loads(record.body))
        return 200, {"Content-Type": "text/plain"}, b"ok"

    site.add_handler("/services/T1AAAAAAA/B2BBBBBBB/abcdefghijklmnopqrstuvwx", slack)
    monkeypatch.setattr(NotifySlack, "webhook_url", site.url("/services"))
    html_hook = "json://" + site.base_url.removeprefix("http://") + "/html?format=html"
    site.add("/html", "{}", content_type="application/json")
    mail_target, inbox = smtp

    head = f'<meta property="og:site_name" content="{SITE_NAME}">'
    page = article("Talks", QUOTE, head=head)
    site.add("/news/a%29b%5D%28javascript:alert%286%29%29.html", page)
    feed = serve_feed(
        site, "/feed.xml", rss(("Talks", site.url("/news/a)b](javascript:alert(6)).html")))
    )
    extra = (
        "--notify", "slack://T1AAAAAAA/B2BBBBBBB/abcdefghijklmnopqrstuvwx",
        "--notify", html_hook,
        "--notify", mail_target,
    )  # fmt: skip
    result = run_pass(config(tmp_path), f"sqlite:///{tmp_path / 'a.db'}", feed, extra=extra)
    assert result.exit_code == 0, result.output
    assert "alerts:     1 sent" in result.output, result.output
    assert wait_until(lambda: bool(inbox.messages), 30), "no mail arrived"

    [html_post] = [json.loads(r.body) for r in site.hits("/html") if r.method == "POST"]
    html_body = html_post["message"]
    mail = inbox.messages[0]
    mail_html = next(
        part.get_payload(decode=True).decode()  # type: ignore[union-attr]
        for part in mail.walk()
        if part.get_content_type() == "text/html"
    )
    assert slack_posts, "nothing reached the Slack webhook"
    slack_text = json.dumps(slack_posts[0], ensure_ascii=False)

    for html in (html_body, mail_html):
        assert "&lt;script&gt;" in html, html
        assert _html_tags(html) <= {"div", "p", "strong", "blockquote", "a", "br"}, html
        lowered = html.lower()
        for bad in ("<script", "<img", 'href="javascript', "<!channel", "<@u0"):
            assert bad not in lowered, (bad, html)
    for bad in ("<!channel", "<!here", "<@U024", "<#C024", "<https://evil.example|"):
        assert bad not in slack_text, (bad, slack_text)
    assert "@everyone" not in slack_text.replace("\\u200b", "\u200b")

    item_link = site.url("/news/a%29b%5D%28javascript:alert%286%29%29.html")
    for links in (_html_links(html_body), _html_links(mail_html), _slack_links(slack_text)):
        assert links and set(links) == {item_link}, links
