"""statement_key: on SQLite, a table without rowids

Revision ID: 0014_statement_key_without_rowid
Revises: 0013_statement_key_unchecked
Create Date: 2026-11-30 05:10:00

A statement has about fifteen blocking keys, and inserting them was the largest single
write of a batch (issue #20). As an ordinary SQLite table every key row went into two
B-trees: the table, by a rowid nothing reads, and the index behind its primary key
(key, statement_id), which every look-up reads. Without rowids the primary key is the
table, one B-tree (as ``item_band`` has been from the start). PostgreSQL has no rowids:
nothing changes there. The rows are kept as they are.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_statement_key_without_rowid"
down_revision: str | None = "0013_statement_key_unchecked"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _rebuild(with_rowid: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    statement_key = sa.Table(
        "statement_key",
        sa.MetaData(),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "statement_id"),
    )
    # SQLite cannot change a table's kind in place: it is copied into one declared anew.
    with op.batch_alter_table(
        "statement_key",
        recreate="always",
        copy_from=statement_key,
        table_kwargs={"sqlite_with_rowid": with_rowid},
    ):
        pass


def upgrade() -> None:
    _rebuild(with_rowid=False)


def downgrade() -> None:
    _rebuild(with_rowid=True)
