"""statement_key: the keys of the current identity (winnowed word pairs, quoted words)

Revision ID: 0011_identity_keys
Revises: 0010_pass_record
Create Date: 2026-11-27 19:50:00

Statements stored before issue #23 were keyed on their rarest words only, so a window
quoted by a later outlet could not find them. This adds every key statement_keys now
gives for each statement's stored text; keys already there are kept. Read in batches,
so a large store is not held in memory at once.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from newsmon.statements import statement_keys

revision: str = "0011_identity_keys"
down_revision: str | None = "0010_pass_record"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 1000
statement = sa.table("statement", sa.column("id", sa.Integer), sa.column("text", sa.Text))
statement_key = sa.table(
    "statement_key", sa.column("key", sa.String), sa.column("statement_id", sa.Integer)
)


def upgrade() -> None:
    connection = op.get_bind()
    after = 0
    while True:
        rows = connection.execute(
            sa.select(statement.c.id, statement.c.text)
            .where(statement.c.id > after)
            .order_by(statement.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        ids = [row.id for row in rows]
        have = set(
            connection.execute(
                sa.select(statement_key.c.statement_id, statement_key.c.key).where(
                    statement_key.c.statement_id.in_(ids)
                )
            ).all()
        )
        added = [
            {"key": key, "statement_id": row.id}
            for row in rows
            for key in statement_keys(row.text)
            if (row.id, key) not in have
        ]
        if added:
            connection.execute(sa.insert(statement_key), added)
        after = ids[-1]


def downgrade() -> None:
    """The added keys only widen the lookup; older code ignores the ones it does not make."""
