"""pass_record: each pass's summary, so `newsmon status` shows what the last one did

Revision ID: 0010_pass_record
Revises: 0009_statement_topics
Create Date: 2026-11-27 19:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0010_pass_record'
down_revision: str | None = '0009_statement_topics'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'pass_record',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('finished_at', sa.DateTime(), nullable=False),
        sa.Column('summary', sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_pass_record_finished_at'), 'pass_record', ['finished_at'])


def downgrade() -> None:
    op.drop_index(op.f('ix_pass_record_finished_at'), table_name='pass_record')
    op.drop_table('pass_record')
