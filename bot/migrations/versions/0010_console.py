"""staff users choose the console's language

Revision ID: 0010
Revises: 0005
Create Date: 2026-12-01

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: Union[str, Sequence[str], None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # "" follows the association's language (English for group-wide users until they choose).
    with op.batch_alter_table('staff_users') as batch:
        batch.add_column(sa.Column('language', sa.String(length=2), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('staff_users') as batch:
        batch.drop_column('language')
