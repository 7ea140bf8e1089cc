"""statement: official may be unknown; the speaker's kind and the attribution cue

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 17:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.alter_column('official', existing_type=sa.Boolean(), nullable=True)
        batch_op.add_column(
            sa.Column(
                'speaker_kind',
                sqlmodel.sql.sqltypes.AutoString(),
                nullable=False,
                server_default='person',
            )
        )
        batch_op.add_column(sa.Column('cue', sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.drop_column('cue')
        batch_op.drop_column('speaker_kind')
        batch_op.alter_column('official', existing_type=sa.Boolean(), nullable=False)
