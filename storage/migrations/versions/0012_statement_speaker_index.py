"""statement: an index on the speaker

Revision ID: 0012_statement_speaker_index
Revises: 0011_identity_keys
Create Date: 2026-11-27 21:30:00

The registry writes a field it learns to that speaker's earlier statements, and the web
speaker page lists them: both look statements up by speaker, which without an index is
a scan of every statement.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012_statement_speaker_index"
down_revision: str | None = "0011_identity_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_statement_speaker", "statement", ["speaker"])


def downgrade() -> None:
    op.drop_index("ix_statement_speaker", table_name="statement")
