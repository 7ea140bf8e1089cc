"""speaker registry: who each speaker is, with the item that established each field

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 16:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'speaker',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('aliases', sa.JSON(), nullable=True),
        sa.Column('role', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('organisation', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('country', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('official', sa.Boolean(), nullable=True),
        sa.Column('established_by', sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_speaker_name', 'speaker', ['name'], unique=True)
    op.create_table(
        'speaker_alias',
        sa.Column('alias', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('speaker_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['speaker_id'], ['speaker.id']),
        sa.PrimaryKeyConstraint('alias'),
    )
    op.create_index('ix_speaker_alias_speaker_id', 'speaker_alias', ['speaker_id'])


def downgrade() -> None:
    op.drop_index('ix_speaker_alias_speaker_id', table_name='speaker_alias')
    op.drop_table('speaker_alias')
    op.drop_index('ix_speaker_name', table_name='speaker')
    op.drop_table('speaker')
