"""The part of the store that commands which only read need, and no more.

``Store`` also carries the write path (deduplication, statements, alerts), whose
imports (numpy, scipy, trafilatura, feedparser) cost more than a second; ``newsmon
status`` and ``newsmon export`` must answer without paying for them.
"""

from __future__ import annotations

from storage.feeds import FeedStore
from storage.passes import PassStore
from storage.reading import ReadingStore


class StoreReader(FeedStore, ReadingStore, PassStore):
    """Feed health, counts, exports and the last pass's summary."""
