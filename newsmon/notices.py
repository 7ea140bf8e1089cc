"""One notice, three escapings: Markdown (and Slack), HTML and plain text.

Outside text (quotes, names, titles, site names, error messages) only ever enters a
Span's text, which every format escapes; a link is rendered only when ``safe_link``
accepts its URL. Alerts, digests and feed-failure notices are all built this way.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import apprise

from newsmon.sanitize import clean_text, safe_link


# One rendering, three escapings. Outside text (quotes, names, titles, site names,
# error messages) only ever enters a Span's text, which every format escapes; a
# link is rendered only when ``safe_link`` accepts its URL.
@dataclass(frozen=True)
class Span:
    text: str
    url: str | None = None  # rendered as a link when safe_link accepts it
    strong: bool = False


Block = tuple[str, list[Span]]  # ("p" | "quote" | "item" | "blank", spans)


@dataclass(frozen=True)
class Notice:
    """A message ready for any channel: Markdown, HTML and plain text, each escaped."""

    title: str
    markdown: str
    html: str
    text: str

    @classmethod
    def of(cls, title: str, blocks: Sequence[Block]) -> Notice:
        return cls(
            title=_plain_title(title),
            markdown="\n".join(_markdown_block(kind, spans) for kind, spans in blocks),
            html="\n".join(h for kind, spans in blocks if (h := _html_block(kind, spans))),
            text="\n".join(_text_block(kind, spans) for kind, spans in blocks),
        )

    def __iter__(self) -> Iterator[str]:
        """``title, body = notice``: the title and the Markdown body."""
        return iter((self.title, self.markdown))

    def body(self, body_format: str) -> str:
        if body_format == apprise.NotifyFormat.HTML:
            return self.html
        if body_format == apprise.NotifyFormat.MARKDOWN:
            return self.markdown
        return self.text


# Markdown (and Slack's mrkdwn, which apprise converts it to): escape every character
# that starts a link, an image, an autolink, HTML, emphasis or code, so "<!channel>",
# "<@U123>", "[x](javascript:…)" and "**" stay text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>~])")
# "@channel", "@here", "@everyone", and Slack's "<!here>", "<@U…>", "<#C…>": a zero-width
# space keeps them from notifying anyone, in every format.
_BROADCAST = re.compile(r"(?:(?<=@)|(?<=<))(?=[!@#]|(?:channel|here|everyone|all)\b)", re.I)
_SPACES = re.compile(r"\s+")


def one_line(text: str) -> str:
    return " ".join(clean_text(text).split())


def _neutral(text: str) -> str:
    return _BROADCAST.sub("\u200b", _SPACES.sub(" ", clean_text(text)))


def _plain_title(title: str) -> str:
    return _neutral(title).replace("<", "‹").replace(">", "›")


def _markdown(span: Span) -> str:
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", _neutral(span.text))
    if span.strong:
        text = f"**{text}**"
    link = safe_link(span.url) if span.url else None
    return f"[{text}]({link})" if link else text


def _markdown_block(kind: str, spans: list[Span]) -> str:
    line = "".join(_markdown(span) for span in spans)
    return {"quote": f"> {line}", "item": f"- {line}", "blank": ""}.get(kind, line)


def _html(span: Span) -> str:
    text = html.escape(_neutral(span.text))
    if span.strong:
        text = f"<strong>{text}</strong>"
    link = safe_link(span.url) if span.url else None
    return f'<a href="{html.escape(link)}">{text}</a>' if link else text


def _html_block(kind: str, spans: list[Span]) -> str:
    line = "".join(_html(span) for span in spans)
    tags = {"quote": "blockquote", "item": "li", "blank": ""}.get(kind, "p")
    return f"<{tags}>{line}</{tags}>" if tags else ""


def _text(span: Span) -> str:
    text = _neutral(span.text)
    if span.strong:  # plain text, but the emphasis readers of plain-text alerts expect
        text = f"**{text}**"
    link = safe_link(span.url) if span.url else None
    return f"{text} <{link}>" if link and link != text else text


def _text_block(kind: str, spans: list[Span]) -> str:
    line = "".join(_text(span) for span in spans)
    return {"quote": f"> {line}", "item": f"- {line}", "blank": ""}.get(kind, line)
