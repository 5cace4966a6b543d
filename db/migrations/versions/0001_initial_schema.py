"""initial schema

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-30 03:04:18.983954
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "alertrun",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quarter", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("previous_quarter", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("quarter"),
    )
    op.create_table(
        "fetchedfile",
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("etag", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("last_modified", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("url"),
    )
    op.create_table(
        "follow",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_type", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("target", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("mode", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column(
            "deactivated_reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True
        ),
        sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "kind", "target", name="uq_follow_chat_kind_target"),
    )
    with op.batch_alter_table("follow", schema=None) as batch_op:
        batch_op.create_index("ix_follow_active_chat", ["active", "chat_id"], unique=False)

    op.create_table(
        "importrecord",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("layout", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("quarters", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("trust_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("importrecord", schema=None) as batch_op:
        batch_op.create_index("ix_importrecord_sha256", ["sha256"], unique=False)

    op.create_table(
        "leaguetablerow",
        sa.Column("quarter", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("trust_code", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("quarter_key", sa.Integer(), nullable=False),
        sa.Column("trust_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("average_score", sa.Float(), nullable=False),
        sa.Column("segment", sa.Integer(), nullable=False),
        sa.Column("in_deficit", sa.Boolean(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("quarter", "trust_code"),
    )
    with op.batch_alter_table("leaguetablerow", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_leaguetablerow_quarter_key"), ["quarter_key"], unique=False
        )

    op.create_table(
        "lease",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("holder", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "metricvalue",
        sa.Column("quarter", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("trust_code", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("metric_id", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("quarter_key", sa.Integer(), nullable=False),
        sa.Column("trust_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("domain", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("sub_domain", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("metric_description", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("reporting_date", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("units", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("median_value", sa.Float(), nullable=True),
        sa.Column("lower_quartile", sa.Float(), nullable=True),
        sa.Column("upper_quartile", sa.Float(), nullable=True),
        sa.Column("rank", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("quarter", "trust_code", "metric_id"),
    )
    with op.batch_alter_table("metricvalue", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_metricvalue_quarter_key"), ["quarter_key"], unique=False
        )

    op.create_table(
        "processedupdate",
        sa.Column("update_id", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("update_id"),
    )
    op.create_table(
        "storesetting",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "trustquarter",
        sa.Column("quarter", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("trust_code", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("quarter_key", sa.Integer(), nullable=False),
        sa.Column("trust_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("trust_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("trust_subtype", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("region", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("quarter", "trust_code"),
    )
    with op.batch_alter_table("trustquarter", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_trustquarter_quarter_key"), ["quarter_key"], unique=False
        )

    op.create_table(
        "alertdelivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("telegram_message_id", sa.BigInteger(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["alertrun.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id", "chat_id", name="uq_alertdelivery_run_chat"),
    )
    with op.batch_alter_table("alertdelivery", schema=None) as batch_op:
        batch_op.create_index("ix_alertdelivery_chat", ["chat_id"], unique=False)
        batch_op.create_index("ix_alertdelivery_due", ["status", "next_attempt_at"], unique=False)


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("alertdelivery", schema=None) as batch_op:
        batch_op.drop_index("ix_alertdelivery_due")
        batch_op.drop_index("ix_alertdelivery_chat")

    op.drop_table("alertdelivery")
    with op.batch_alter_table("trustquarter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trustquarter_quarter_key"))

    op.drop_table("trustquarter")
    op.drop_table("storesetting")
    op.drop_table("processedupdate")
    with op.batch_alter_table("metricvalue", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_metricvalue_quarter_key"))

    op.drop_table("metricvalue")
    op.drop_table("lease")
    with op.batch_alter_table("leaguetablerow", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_leaguetablerow_quarter_key"))

    op.drop_table("leaguetablerow")
    with op.batch_alter_table("importrecord", schema=None) as batch_op:
        batch_op.drop_index("ix_importrecord_sha256")

    op.drop_table("importrecord")
    with op.batch_alter_table("follow", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_active_chat")

    op.drop_table("follow")
    op.drop_table("fetchedfile")
    op.drop_table("alertrun")
