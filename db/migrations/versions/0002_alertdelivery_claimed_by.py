"""alertdelivery.claimed_by: which sender reserved or claimed a delivery

Revision ID: 0002_claimed_by
Revises: 0001_initial
Create Date: 2026-11-30 03:15:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002_claimed_by"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision (batch mode: SQLite copies the table).

    Skipped when the column exists: a database without a version row is adopted at the
    baseline (db/schema.py), and may have been made by `create_all` from newer models.
    """
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("alertdelivery")}
    if "claimed_by" in columns:
        return
    with op.batch_alter_table("alertdelivery", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("claimed_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True)
        )


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("alertdelivery", schema=None) as batch_op:
        batch_op.drop_column("claimed_by")
