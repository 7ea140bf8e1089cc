"""statement_key: no foreign key to statement

Revision ID: 0013_statement_key_unchecked
Revises: 0012_statement_speaker_index
Create Date: 2026-11-29 12:05:00

A statement has about fifteen blocking keys, and on PostgreSQL every key row inserted
ran the foreign key's trigger: a lookup and a row lock on its statement, about half of
what inserting the keys cost the server (issue #20). The keys need no such check: they
are written only with their statement, in the batch's transaction and after it
(``storage.batch.INSERTED``), so they commit or roll back together; statements are
never deleted; and a key whose statement were missing would be read as matching
nothing (``storage.candidates``). The rows are kept as they are.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_statement_key_unchecked"
down_revision: str | None = "0012_statement_speaker_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _statement_key(*constraints: sa.Constraint) -> sa.Table:
    return sa.Table(
        "statement_key",
        sa.MetaData(),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "statement_id"),
        *constraints,
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # Named by PostgreSQL when 0001 created the table unnamed.
        op.drop_constraint("statement_key_statement_id_fkey", "statement_key", type_="foreignkey")
        return
    # SQLite cannot drop a constraint: the table is copied into one declared without it.
    with op.batch_alter_table("statement_key", recreate="always", copy_from=_statement_key()):
        pass


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.create_foreign_key(
            "statement_key_statement_id_fkey",
            "statement_key",
            "statement",
            ["statement_id"],
            ["id"],
        )
        return
    with op.batch_alter_table(
        "statement_key",
        recreate="always",
        copy_from=_statement_key(sa.ForeignKeyConstraint(["statement_id"], ["statement.id"])),
    ):
        pass
