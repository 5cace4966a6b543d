"""Deterministic builders for alert tests: official files cut from the bundled data, changes."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from bot.alerts.planning import TrustChange
from db.bundle import read_bundled_file

AMBULANCE_FILE = "nof_data_ambulance_2526.csv"
Q3, Q4 = "Q3 2025/26", "Q4 2025/26"
EARLY_QUARTERS = ("Q1 2025/26", "Q2 2025/26", Q3)
ALL_QUARTERS = (*EARLY_QUARTERS, Q4)
# Ambulance trusts from Q3 to Q4 2025/26 (NHS England's published summary):
NEAS, EMAS, WMAS, YAS, LAS = "RX6", "RX9", "RYA", "RX8", "RRU"  # 2→1, 1→3, 3→2 cap off, 1→1, 3→3


def official_file(quarters: tuple[str, ...], name: str = AMBULANCE_FILE) -> bytes:
    """The bundled official long file cut to some quarters (NHS England's files are
    cumulative, so "Q1-Q3" is what was published before Q4)."""
    text = read_bundled_file(name).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows[0])
    writer.writerows(r for r in rows[1:] if r[0] in quarters)
    return out.getvalue().encode("utf-8")


BASE = TrustChange(
    trust_code="RX6",
    trust_name="North East Ambulance Service NHS Foundation Trust",
    table_label="ambulance trusts",
    previous_segment=2,
    current_segment=1,
    previous_rank=5,
    current_rank=2,
    table_size=10,
    previous_score=2.33,
    current_score=1.88,
    current_unadjusted_segment=1,
    is_cap_applied=False,
    is_cap_removed=False,
)


def change(code: str, before: int, after: int, **fields) -> TrustChange:
    """A TrustChange with the given segments (other figures plausible but fixed)."""
    return replace(
        BASE,
        trust_code=code,
        trust_name=fields.pop("name", f"Trust {code}"),
        previous_segment=before,
        current_segment=after,
        **fields,
    )


def seed_outbox(engine, chats: dict[int, str], quarter: str = Q4, previous: str = Q3) -> int:
    """Follows for each chat and one pending digest per chat (text given); returns the run id."""
    from sqlmodel import Session

    from db.outbox import add_deliveries, ensure_run
    from db.subscriptions import upsert_follow

    with Session(engine) as session:
        for chat_id in chats:
            chat_type = "private" if chat_id > 0 else "group"
            upsert_follow(
                session=session,
                chat_id=chat_id,
                chat_type=chat_type,
                kind="trust",
                target="RX6",
                mode="changes",
            )
        run = ensure_run(session=session, quarter=quarter, previous_quarter=previous)
        add_deliveries(session=session, run_id=run.id, rows=list(chats.items()))
        session.commit()
        return run.id


def delivery_states(engine) -> dict[int, str]:
    """chat id → outbox status."""
    from sqlalchemy import select
    from sqlmodel import Session

    from db.alert_models import AlertDelivery

    with Session(engine) as session:
        rows = session.execute(select(AlertDelivery.chat_id, AlertDelivery.status)).all()
    return dict(rows)


def received(server) -> dict[int, int]:
    """How many messages each chat received (successful sendMessage calls at the fake)."""
    counts: dict[int, int] = {}
    for message in server.sent_messages():
        chat_id = message["chat"]["id"]
        counts[chat_id] = counts.get(chat_id, 0) + 1
    return counts
