"""item page retry: attempts and when to try the page again

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 16:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('page_attempts', sa.Integer(), nullable=False, server_default='0')
        )
        batch_op.add_column(
            sa.Column('next_page_attempt_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch_op.create_index('ix_item_next_page_attempt_at', ['next_page_attempt_at'])


def downgrade() -> None:
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.drop_index('ix_item_next_page_attempt_at')
        batch_op.drop_column('next_page_attempt_at')
        batch_op.drop_column('page_attempts')
