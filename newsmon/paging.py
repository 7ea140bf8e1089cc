"""Keyset pagination: a page of statements starts after the last one the previous page showed.

Statements are listed by (date, id), newest first. A cursor names the last row shown,
so a statement stored while someone pages through moves no row from one page to the
next: nothing is shown twice and nothing is skipped, as an OFFSET would.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newsmon.errors import PageCursorError

_SEPARATOR = "~"


@dataclass(frozen=True)
class PageCursor:
    """The (date, id) of the last row of a page; the next page holds the rows below it."""

    when: datetime
    statement_id: int

    def token(self) -> str:
        """The cursor as it travels in a query string (``urlencode`` escapes it there)."""
        return f"{self.when.isoformat()}{_SEPARATOR}{self.statement_id}"

    @classmethod
    def parse(cls, token: str) -> PageCursor:
        when, separator, statement_id = token.rpartition(_SEPARATOR)
        try:
            if not separator:
                raise ValueError("no separator")
            return cls(datetime.fromisoformat(when), int(statement_id))
        except ValueError as exc:
            raise PageCursorError(
                f"page cursor {token[:60]!r} is not a date and an id",
                hint="follow the page's own 'older statements' link",
            ) from exc
