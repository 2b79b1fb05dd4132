"""photos attached in the web chat

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-26

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'photos',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('association_id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.String(length=80), nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=True),
        sa.Column('content_type', sa.String(length=32), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['association_id'], ['associations.id'],
                                name=op.f('fk_photos_association_id_associations')),
        sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_photos_ticket_id_tickets')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_photos')),
    )
    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_photos_association_id'), ['association_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_photos_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_photos_ticket_id'), ['ticket_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_photos_created_at'), ['created_at'], unique=False)


def downgrade() -> None:
    op.drop_table('photos')
