"""What decides a batch of articles, read once for the whole batch before any is stored."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func
from sqlmodel import Session, col, select

from newsmon.analyse import AnalysedArticle
from newsmon.pipeline import MIN_ARTICLE_CHARS
from storage.batch import BatchWrites
from storage.candidates import StatementCandidates
from storage.core import rows_matching
from storage.dedup_index import NearDuplicateIndex
from storage.models import Item
from storage.speakers import SpeakerRegistry

# Module constants, so ``rows_matching`` builds the statement of each once.
_URL_IDS = select(col(Item.canonical_url), col(Item.id))
_FIRST_BY_HASH = select(col(Item.content_hash), func.min(col(Item.id))).group_by(
    col(Item.content_hash)
)


class BatchLookups:
    """Stored URLs, the first item of each content hash, near-duplicate candidates,
    statement candidates and the speakers' profiles, each in one query per table rather
    than per article. What an article of the batch
    stores joins them (its rows wait in ``writes``), so a later article of the batch is
    decided as it would be in a later batch: a statement said twice in one batch is a
    repeat the second time although the first is not written yet."""

    def __init__(self, session: Session, batch: Sequence[AnalysedArticle]) -> None:
        self.writes = BatchWrites(session)
        urls = list({a.article.canonical_url for a in batch})
        hashes = list({a.content_hash for a in batch})
        self.item_by_url: dict[str, int] = {
            url: id_ for url, id_ in rows_matching(session, _URL_IDS, col(Item.canonical_url), urls)
        }
        self.first_by_hash: dict[str, int] = {
            hash_: id_
            for hash_, id_ in rows_matching(session, _FIRST_BY_HASH, col(Item.content_hash), hashes)
        }
        self.index = NearDuplicateIndex(session)
        self.index.look_up(a.signature for a in batch if len(a.article.text) >= MIN_ARTICLE_CHARS)
        self.statements = StatementCandidates(session)
        self.statements.know_keys(a.statement_keys for a in batch)
        self.statements.look_up(s for a in batch for s in a.article.statements)
        self.speakers = SpeakerRegistry(
            session, (s.speaker.name for a in batch for s in a.article.statements), self.writes
        )

    def stored(self, analysed: AnalysedArticle, item_id: int) -> None:
        self.item_by_url.setdefault(analysed.article.canonical_url, item_id)
        # Ids only grow: a hash stored before the batch keeps its first item.
        self.first_by_hash.setdefault(analysed.content_hash, item_id)

    def flush(self) -> None:
        """Write what the batch decided so far."""
        self.speakers.write()
        self.writes.flush()
