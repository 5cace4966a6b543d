"""Tables for segment-change alerts: what chats follow, the alert outbox, and fetched files.

Only what alerts need is stored (chat id and type, follows, delivery records): see `/privacy`.
Chat ids are BIGINT because supergroup ids (-100…) do not fit in 32 bits. The outbox follows
telegram.md §4.4: one row per (run, chat), claimed and committed as `sending` before the API
call, so a restart can tell "maybe sent" (→ `unknown`) from "not yet sent" (`pending`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Index, Integer, Text
from sqlmodel import Field, SQLModel, UniqueConstraint

from db.models import utc_now

# Follow kinds and modes.
TRUST, REGION, ICB = "trust", "region", "icb"
KINDS = (TRUST, REGION, ICB)
CHANGES, EVERY = "changes", "every"
MODES = (CHANGES, EVERY)

# Delivery states (telegram.md §4.4).
PENDING, SENDING, SENT = "pending", "sending", "sent"
UNKNOWN, FAILED, SKIPPED = "unknown", "failed", "skipped"
DELIVERY_STATES = (PENDING, SENDING, SENT, UNKNOWN, FAILED, SKIPPED)

# Run states.
PLANNED, RUN_SENDING, DONE = "planned", "sending", "done"


def _timestamp(*, nullable: bool) -> Column:
    return Column(DateTime(timezone=True), nullable=nullable)


class Follow(SQLModel, table=True):
    """One thing a chat follows: a trust (ODS code), a region (name) or an ICB (code)."""

    __table_args__ = (
        UniqueConstraint("chat_id", "kind", "target", name="uq_follow_chat_kind_target"),
        Index("ix_follow_active_chat", "active", "chat_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger)
    chat_type: str = Field(max_length=16)
    kind: str = Field(max_length=8)
    target: str = Field(max_length=64)
    mode: str = Field(default=CHANGES, max_length=8)
    active: bool = True
    deactivated_reason: str | None = Field(default=None, max_length=200)
    deactivated_at: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))
    created_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp(nullable=False))


class AlertRun(SQLModel, table=True):
    """The alerts for one newly published quarter; planning it twice finds this row again."""

    id: int | None = Field(default=None, primary_key=True)
    quarter: str = Field(max_length=16, unique=True)
    previous_quarter: str = Field(max_length=16)
    status: str = Field(default=PLANNED, max_length=16)
    created_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp(nullable=False))
    finished_at: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))


class AlertDelivery(SQLModel, table=True):
    """One digest for one chat in one run: the outbox row the sender drives to an outcome."""

    __table_args__ = (
        UniqueConstraint("run_id", "chat_id", name="uq_alertdelivery_run_chat"),
        Index("ix_alertdelivery_due", "status", "next_attempt_at"),
        Index("ix_alertdelivery_chat", "chat_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(
        sa_column=Column(Integer, ForeignKey("alertrun.id", ondelete="CASCADE"), nullable=False)
    )
    chat_id: int = Field(sa_type=BigInteger)
    status: str = Field(default=PENDING, max_length=16)
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))
    last_error: str | None = Field(default=None, sa_type=Text)
    telegram_message_id: int | None = Field(default=None, sa_type=BigInteger)
    sent_at: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))
    text: str = Field(sa_type=Text)
    # The sender (lease holder) that reserved or claimed the row: with several senders,
    # recovery marks `sending` rows `unknown` only when this holder is gone (db/claims.py).
    claimed_by: str | None = Field(default=None, max_length=128)


class FetchedFile(SQLModel, table=True):
    """An official CSV the watcher fetched: its validators and hash, so unchanged files are
    not downloaded or imported again. `status` is "imported" or "rejected" (a garbled file is
    remembered by hash only, so the same bytes are not retried but a fixed file is)."""

    url: str = Field(primary_key=True, max_length=1000)
    etag: str | None = Field(default=None, max_length=200)
    last_modified: str | None = Field(default=None, max_length=64)
    sha256: str = Field(max_length=64)
    status: str = Field(max_length=16)
    fetched_at: datetime = Field(default_factory=utc_now, sa_column=_timestamp(nullable=False))
