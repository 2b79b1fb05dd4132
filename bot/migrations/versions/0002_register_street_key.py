"""units.street_key and register_streets for the address matcher's street index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.add_column(sa.Column("street_key", sa.String(length=200), nullable=False, server_default=""))
        batch_op.create_index("ix_units_association_street_key", ["association_id", "street_key"], unique=False)
    op.create_table(
        "register_streets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("street_key", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["association_id"], ["associations.id"],
                                name=op.f("fk_register_streets_association_id_associations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_streets")),
        sa.UniqueConstraint("association_id", "street_key", name=op.f("uq_register_streets_association_id")),
    )
    with op.batch_alter_table("register_streets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_register_streets_association_id"), ["association_id"], unique=False)
    # Units imported before this revision get their key now, so they stay matchable without a re-import.
    from bot.register.matching import unit_street_key

    units = sa.table("units", sa.column("id", sa.Integer), sa.column("street", sa.String),
                     sa.column("street_key", sa.String))
    conn = op.get_bind()
    rows = conn.execute(sa.select(units.c.id, units.c.street)).all()
    if rows:
        conn.execute(units.update().where(units.c.id == sa.bindparam("uid")).values(street_key=sa.bindparam("key")),
                     [{"uid": row.id, "key": unit_street_key(row.street)} for row in rows])
        op.execute("INSERT INTO register_streets (association_id, street_key) "
                   "SELECT DISTINCT association_id, street_key FROM units")


def downgrade() -> None:
    op.drop_table("register_streets")
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.drop_index("ix_units_association_street_key")
        batch_op.drop_column("street_key")
