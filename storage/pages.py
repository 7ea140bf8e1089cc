"""Pages that failed once: which are due for another try, and what a later try changes.

The feed summary stands in for a failed page; when the page arrives, the item takes
its text, its topics and its statements (new ones alert as usual) and is matched
against stored stories again. After the last allowed try the summary stays, with the
last reason in ``fetch_note``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, update
from sqlmodel import col, select

from newsmon.analyse import AnalysedArticle
from newsmon.config import Route
from newsmon.models import FeedEntry
from newsmon.pipeline import MIN_ARTICLE_CHARS, StoredOutcome
from storage.contents import Routing, find_original, record_contents
from storage.dedup_index import ItemBand, ItemSignature
from storage.items import ItemStore, PageRetry
from storage.lookups import BatchLookups
from storage.models import Item, aware, utcnow
from storage.statements import topic_json


@dataclass(frozen=True)
class DuePage:
    item_id: int
    attempts: int
    entry: FeedEntry  # the item as its feed gave it, to fetch and analyse again


class PageStore(ItemStore):
    def pages_due(self, limit: int = 50) -> list[DuePage]:
        """Items whose page failed and whose next try is due, oldest first."""
        with self.session() as session:
            rows = session.exec(
                select(Item)
                .where(
                    col(Item.next_page_attempt_at).is_not(None),
                    col(Item.next_page_attempt_at) <= utcnow(),
                )
                .order_by(col(Item.next_page_attempt_at))
                .limit(limit)
            ).all()
        return [
            DuePage(
                item_id=item.id,
                attempts=item.page_attempts,
                entry=FeedEntry(
                    feed_url=item.source,
                    url=item.url,
                    title=item.title,
                    summary=item.text,
                    published=aware(item.published),
                ),
            )
            for item in rows
            if item.id is not None
        ]

    def page_failed_again(self, page: DuePage, reason: str, retry: PageRetry) -> None:
        attempts = page.attempts + 1
        with self.write() as session:
            session.execute(
                update(Item)
                .where(col(Item.id) == page.item_id)
                .values(
                    page_attempts=attempts,
                    next_page_attempt_at=retry.next_attempt_at(attempts),
                    fetch_note=reason,
                )
            )

    def page_arrived(
        self,
        page: DuePage,
        analysed: AnalysedArticle,
        *,
        routes: Sequence[Route],
        extra_targets: Sequence[str] = (),
        backfill: bool = False,
    ) -> StoredOutcome:
        """Replace the stand-in summary with the page, and record what it says."""
        article = analysed.article
        with self.write() as session:
            session.execute(delete(ItemBand).where(col(ItemBand.item_id) == page.item_id))
            session.execute(delete(ItemSignature).where(col(ItemSignature.item_id) == page.item_id))
            matchable = len(article.text) >= MIN_ARTICLE_CHARS
            known = BatchLookups(session, [analysed])
            original, similarity = (
                find_original(session, analysed, known) if matchable else (None, None)
            )
            topics_json = [topic_json(label) for label in article.topics]
            session.execute(
                update(Item)
                .where(col(Item.id) == page.item_id)
                .values(
                    text=article.text,
                    title=article.title,
                    language=article.language,
                    author=article.author,
                    site=article.site,
                    fetch_note=None,
                    analysis_note=article.analysis_note,
                    page_attempts=page.attempts + 1,
                    next_page_attempt_at=None,
                    content_hash=analysed.content_hash,
                    duplicate_of_id=original[0] if original else None,
                    similarity=similarity,
                    topics=topics_json,
                )
            )
            outcome = StoredOutcome(
                item_id=page.item_id, duplicate_of=original[1] if original else None
            )
            fetched_at = session.execute(
                select(Item.fetched_at).where(col(Item.id) == page.item_id)
            ).scalar_one()
            record_contents(
                known, page.item_id, analysed, (article.published, fetched_at), matchable,
                outcome, Routing(routes, extra_targets, backfill), new_item=False,
            )  # fmt: skip
            known.flush()
        return outcome
