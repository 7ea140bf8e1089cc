"""The near-duplicate index, kept in the database so every worker sees the same one."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, LargeBinary, insert
from sqlmodel import Field, Session, SQLModel, col, select

from newsmon.dedup import DUPLICATE_THRESHOLD, Signature, band_keys, similarity
from storage.core import table
from storage.models import Item


class ItemSignature(SQLModel, table=True):
    __tablename__ = "item_signature"

    item_id: int = Field(primary_key=True, foreign_key="item.id")
    signature: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class ItemBand(SQLModel, table=True):
    __tablename__ = "item_band"
    # The primary key is the whole row: on SQLite, no separate rowid table doubles it.
    __table_args__ = {"sqlite_with_rowid": False}

    band_key: int = Field(primary_key=True, sa_type=BigInteger)
    item_id: int = Field(primary_key=True, foreign_key="item.id")


class NearDuplicateIndex:
    def __init__(self, session: Session) -> None:
        self.session = session

    def find(self, sig: Signature) -> tuple[int, float] | None:
        """The earliest stored item at least DUPLICATE_THRESHOLD similar, with its similarity."""
        keys = band_keys(sig)
        if not keys:
            return None
        sharing_a_band = select(ItemBand.item_id).where(col(ItemBand.band_key).in_(keys))
        # Plain rows, not ORM objects: this runs once per new article against the whole history.
        candidates = self.session.execute(
            select(ItemSignature.item_id, ItemSignature.signature)
            .where(col(ItemSignature.item_id).in_(sharing_a_band))
            .order_by(col(ItemSignature.item_id))
        ).all()
        for item_id, stored in candidates:
            score = similarity(sig, Signature.from_bytes(stored))
            if score >= DUPLICATE_THRESHOLD:
                return item_id, score
        return None

    def add(self, item_id: int, sig: Signature) -> None:
        keys = band_keys(sig)
        if not keys:
            return
        # Core inserts, not ORM objects: no unit of work to flush for every article stored.
        self.session.execute(
            insert(table(ItemSignature)), {"item_id": item_id, "signature": sig.to_bytes()}
        )
        self.session.execute(
            insert(table(ItemBand)),
            [{"band_key": key, "item_id": item_id} for key in dict.fromkeys(keys)],
        )


def story_root(session: Session, item_id: int) -> tuple[int, str]:
    """The story an item belongs to: duplicate_of followed to the first publisher, as
    (id, canonical URL), so every copy points at it and alerts group by it."""
    seen: set[int] = set()
    while True:
        row = session.execute(
            select(Item.duplicate_of_id, Item.canonical_url).where(Item.id == item_id)
        ).one()
        if row.duplicate_of_id is None or item_id in seen:
            return item_id, row.canonical_url
        seen.add(item_id)
        item_id = row.duplicate_of_id
