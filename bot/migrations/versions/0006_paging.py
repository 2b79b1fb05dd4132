"""paging at the first emergency signal: provisional tickets (address pending) and follow-up alerts

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('address_pending', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=16), server_default='page', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_column('kind')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('address_pending')
