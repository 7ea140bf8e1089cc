"""statement: its own topics, where they came from, and their evidence

Statements stored before this revision carry their first item's topics, so they are
marked as coming from the article.

Revision ID: 0009_statement_topics
Revises: 0008_alert_groups
Create Date: 2026-11-27 19:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0009_statement_topics'
down_revision: str | None = '0008_alert_groups'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'topic_source',
                sqlmodel.sql.sqltypes.AutoString(),
                nullable=False,
                server_default='article',
            )
        )
        batch_op.add_column(sa.Column('topic_evidence', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.drop_column('topic_evidence')
        batch_op.drop_column('topic_source')
