"""One message, escaped for every kind of channel: Markdown (and Slack), HTML, plain text.

Alerts are built from spans. Outside text (quotes, names, titles, site names, error
messages) only ever enters a span's text, which each format escapes its own way; a
span's link is rendered only when ``safe_link`` accepts it. Markdown/Slack control
sequences (``<!channel>``, ``<@U…>``, ``<#C…>``, ``[x](…)``), HTML and broadcast
mentions (``@here``, ``@everyone``) therefore reach no channel as anything but text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import apprise

from newsmon.sanitize import clean_text, safe_link


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
            title=_neutral(title).replace("<", "‹").replace(">", "›"),
            markdown="\n".join(_line(kind, spans, _markdown) for kind, spans in blocks),
            html="\n".join(h for kind, spans in blocks if (h := _html_block(kind, spans))),
            text="\n".join(_line(kind, spans, _text) for kind, spans in blocks),
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
# that starts a link, an image, an autolink, HTML, emphasis or code.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>~])")
# "@channel", "@here", "@everyone", and Slack's "<!here>", "<@U…>", "<#C…>": a zero-width
# space keeps them from notifying anyone, in every format.
_BROADCAST = re.compile(r"(?:(?<=@)|(?<=<))(?=[!@#]|(?:channel|here|everyone|all)\b)", re.I)
_SPACES = re.compile(r"\s+")


def one_line(text: str) -> str:
    """``text`` cleaned of control characters, on one line, without outer spaces."""
    return " ".join(clean_text(text).split())


def _neutral(text: str) -> str:
    return _BROADCAST.sub("\u200b", _SPACES.sub(" ", clean_text(text)))


def _markdown(span: Span) -> str:
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", _neutral(span.text))
    text = f"**{text}**" if span.strong else text
    link = safe_link(span.url) if span.url else None
    return f"[{text}]({link})" if link else text


def _text(span: Span) -> str:
    text = _neutral(span.text)
    text = f"**{text}**" if span.strong else text  # the emphasis plain-text readers expect
    link = safe_link(span.url) if span.url else None
    return f"{text} <{link}>" if link and link != text else text


def _html(span: Span) -> str:
    text = html.escape(_neutral(span.text))
    text = f"<strong>{text}</strong>" if span.strong else text
    link = safe_link(span.url) if span.url else None
    return f'<a href="{html.escape(link)}">{text}</a>' if link else text


def _line(kind: str, spans: list[Span], render: Callable[[Span], str]) -> str:
    line = "".join(render(span) for span in spans)
    return {"quote": f"> {line}", "item": f"- {line}", "blank": ""}.get(kind, line)


def _html_block(kind: str, spans: list[Span]) -> str:
    tag = {"quote": "blockquote", "item": "li", "blank": ""}.get(kind, "p")
    return f"<{tag}>{''.join(_html(span) for span in spans)}</{tag}>" if tag else ""
