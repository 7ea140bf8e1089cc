"""The near-duplicate index, kept in the database so every worker sees the same one."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, Column, LargeBinary
from sqlmodel import Field, Session, SQLModel, col, select

from newsmon.dedup import DUPLICATE_THRESHOLD, Signature, band_keys, similarity
from storage.core import rows_matching
from storage.models import Item

if TYPE_CHECKING:
    from storage.batch import BatchWrites


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


# Module constants, so ``rows_matching`` builds the statement of each once.
_BAND_ROWS = select(col(ItemBand.item_id), col(ItemBand.band_key))
_SIGNATURE_ROWS = select(col(ItemSignature.item_id), col(ItemSignature.signature))


class NearDuplicateIndex:
    """The band table read through one session; what it has read and added is kept.

    A batch's signatures are looked up together (``look_up``): one query per chunk of
    band keys instead of one per article, and an article stored earlier in the batch is
    found by a later one from memory, as a later batch finds it in the table.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.ids_by_key: dict[int, set[int]] = {}
        self.signatures: dict[int, Signature] = {}

    def look_up(self, signatures: Iterable[Signature]) -> None:
        self._fetch(list({key for sig in signatures for key in band_keys(sig)}))

    def find(self, sig: Signature) -> tuple[int, float] | None:
        """The earliest stored item at least DUPLICATE_THRESHOLD similar, with its similarity."""
        keys = band_keys(sig)
        if not keys:
            return None
        self._fetch([key for key in keys if key not in self.ids_by_key])
        for item_id in sorted(set().union(*(self.ids_by_key[key] for key in keys))):
            stored = self.signatures.get(item_id)
            if stored is None:
                continue  # a band without its signature: matched by nothing, as in a join
            score = similarity(sig, stored)
            if score >= DUPLICATE_THRESHOLD:
                return item_id, score
        return None

    def add(self, item_id: int, sig: Signature, writes: BatchWrites) -> None:
        """ITEM_ID's signature joins the index now; its rows are written with WRITES."""
        keys = list(dict.fromkeys(band_keys(sig)))
        if not keys:
            return
        writes.add(ItemSignature, [{"item_id": item_id, "signature": sig.to_bytes()}])
        writes.add(ItemBand, [{"band_key": key, "item_id": item_id} for key in keys])
        self.signatures[item_id] = sig
        for key in keys:
            # A key never looked up stays unknown: a later look-up finds the row in the table.
            if key in self.ids_by_key:
                self.ids_by_key[key].add(item_id)

    def _fetch(self, keys: list[int]) -> None:
        if not keys:
            return
        rows = rows_matching(self.session, _BAND_ROWS, col(ItemBand.band_key), keys)
        for key in keys:
            self.ids_by_key[key] = set()
        unknown = sorted({item_id for item_id, _ in rows} - set(self.signatures))
        # Plain rows, not ORM objects: this runs for every batch against the whole history.
        for item_id, stored in rows_matching(
            self.session, _SIGNATURE_ROWS, col(ItemSignature.item_id), unknown
        ):
            self.signatures[item_id] = Signature.from_bytes(stored)
        for item_id, key in rows:
            self.ids_by_key[key].add(item_id)


def story_root(
    session: Session,
    item_id: int,
    unwritten: Callable[[int], tuple[int | None, str] | None] = lambda _: None,
) -> tuple[int, str]:
    """The story an item belongs to: duplicate_of followed to the first publisher, as
    (id, canonical URL), so every copy points at it and alerts group by it. UNWRITTEN
    gives an item of the batch being stored as (duplicate_of_id, canonical_url)."""
    seen: set[int] = set()
    while True:
        row = unwritten(item_id) or tuple(
            session.execute(
                select(Item.duplicate_of_id, Item.canonical_url).where(Item.id == item_id)
            ).one()
        )
        parent, url = row
        if parent is None or item_id in seen:
            return item_id, url
        seen.add(item_id)
        item_id = parent
