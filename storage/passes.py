"""Each pass's summary, kept so that ``newsmon status`` shows what the last pass did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from newsmon.summary import RunSummary
from storage.core import StoreCore
from storage.models import PassRecord, aware


@dataclass(frozen=True)
class FinishedPass:
    kind: str  # "monitor" or "backfill"
    finished_at: datetime
    summary: RunSummary


class PassStore(StoreCore):
    def record_pass(self, kind: str, summary: RunSummary) -> None:
        with self.write() as session:
            session.add(PassRecord(kind=kind, summary=summary.as_dict()))

    def last_pass(self) -> FinishedPass | None:
        with self.session() as session:
            record = session.exec(
                select(PassRecord).order_by(col(PassRecord.id).desc()).limit(1)
            ).first()
        if record is None:
            return None
        finished = aware(record.finished_at)
        assert finished is not None
        return FinishedPass(record.kind, finished, RunSummary.from_dict(record.summary))
