"""rejected items per feed, alert targets by name, the target in flight

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 16:30:00

Alert targets used to be stored as apprise URLs, secrets included; they become
target names (``newsmon.redact.target_name``) that a run resolves from its own
configuration.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from newsmon.redact import target_name

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('feed_state', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('items_rejected', sa.Integer(), nullable=False, server_default='0')
        )
        batch_op.add_column(sa.Column('last_item_error', sa.Text(), nullable=True))
    with op.batch_alter_table('alert', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('in_flight', sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
    alert = sa.table(
        'alert',
        sa.column('id', sa.Integer()),
        sa.column('targets', sa.JSON()),
        sa.column('delivered', sa.JSON()),
    )
    connection = op.get_bind()
    for row in connection.execute(sa.select(alert.c.id, alert.c.targets, alert.c.delivered)):
        targets = [target_name(t) for t in row.targets or []]
        delivered = [target_name(t) for t in row.delivered or []]
        if targets != (row.targets or []) or delivered != (row.delivered or []):
            connection.execute(
                alert.update()
                .where(alert.c.id == row.id)
                .values(targets=targets, delivered=delivered)
            )


def downgrade() -> None:
    with op.batch_alter_table('alert', schema=None) as batch_op:
        batch_op.drop_column('in_flight')
    with op.batch_alter_table('feed_state', schema=None) as batch_op:
        batch_op.drop_column('last_item_error')
        batch_op.drop_column('items_rejected')
