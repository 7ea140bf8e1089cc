"""The store: one object over the database, its parts split by concern.

Each part (feeds, items and their pages, outbox, digests, reading) is a class of its own module;
``StoreCore`` owns sessions and the write lock they all share.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsmon.config import KnownSpeaker
from storage.digests import DigestStore
from storage.feeds import FeedFetch, FeedStore
from storage.outbox import ClaimedGroup, OutboxStore
from storage.pages import PageStore
from storage.passes import PassStore
from storage.reading import ReadingStore
from storage.reclassify import ReclassifyStore
from storage.speakers import sync_known_speakers

__all__ = ["ClaimedGroup", "FeedFetch", "Store"]


class Store(
    FeedStore, PageStore, OutboxStore, DigestStore, ReadingStore, PassStore, ReclassifyStore
):
    """Everything the flows, the CLI and the web app ask of the database."""

    def sync_known_speakers(self, known: Sequence[KnownSpeaker]) -> None:
        if known:
            with self.write() as session:
                sync_known_speakers(session, known)
