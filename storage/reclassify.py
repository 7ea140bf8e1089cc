"""Applying changed topic rules to what is stored: items and the statements they carried."""

from __future__ import annotations

from sqlmodel import Session, col, select

from newsmon.models import TopicLabel
from newsmon.topics import Taxonomy
from storage.core import StoreCore
from storage.models import Item, Mention, StatementRecord
from storage.statements import topic_json


class ReclassifyStore(StoreCore):
    def reclassify(self, taxonomy: Taxonomy, batch: int = 500) -> int:
        """Apply changed topic rules to every stored item and the statements it first carried.

        A statement is labelled again from its sentences in that item (its mention's spans).
        Returns how many items changed topics. Runs in batches so a large store is not
        held under the write lock for the whole pass.
        """
        changed = 0
        last_id = 0
        while True:
            with self.write() as session:
                items = session.exec(
                    select(Item).where(col(Item.id) > last_id).order_by(col(Item.id)).limit(batch)
                ).all()
                if not items:
                    return changed
                for item in items:
                    assert item.id is not None
                    last_id = item.id
                    labels = taxonomy.classify(item.title, item.text)
                    topics = [topic_json(label) for label in labels]
                    if topics == item.topics:
                        continue
                    changed += 1
                    item.topics = topics
                    session.add(item)
                    _relabel_statements(session, taxonomy, item.id, item.text, labels)


def _relabel_statements(
    session: Session, taxonomy: Taxonomy, item_id: int, text: str, labels: list[TopicLabel]
) -> None:
    """Label again the statements ITEM_ID first carried, from their spans in its TEXT."""
    rows = session.exec(
        select(StatementRecord, Mention)
        .join(
            Mention,
            (col(Mention.statement_id) == col(StatementRecord.id))
            & (col(Mention.item_id) == item_id),
        )
        .where(StatementRecord.first_item_id == item_id)
    ).all()
    spans_of = [[(start, end) for start, end in mention.spans] for _, mention in rows]
    for (record, _), said_on in zip(
        rows, taxonomy.label_statements(text, spans_of, labels), strict=True
    ):
        record.topics = said_on.names
        record.topic_source = said_on.source
        record.topic_evidence = [topic_json(label) for label in said_on.labels]
        session.add(record)
