"""Writing official files: all or nothing, idempotent, revisions replace, every import recorded."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from db.importer import import_official_files
from db.models import ImportRecord, LeagueTableRow, MetricValue, TrustQuarter
from db.official_csv import ImportRejected

NOF = Path(__file__).parents[1] / "data" / "nof"
Q1 = (NOF / "mini_mhcom_q1.csv").read_bytes()
Q1_Q2 = (NOF / "mini_mhcom_q1_q2.csv").read_bytes()


def snapshot(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every table, to prove a rejected import changed nothing."""
    with Session(engine) as session:
        return {
            model.__name__: sorted(
                tuple(str(v) for v in row) for row in session.execute(select(model.__table__))
            )
            for model in (TrustQuarter, MetricValue, LeagueTableRow, ImportRecord)
        }


def run_import(engine: Engine, files: list[tuple[str, bytes]], **kwargs):
    with Session(engine) as session:
        outcomes = import_official_files(session=session, files=files, **kwargs)
        session.commit()
    return outcomes


def count(engine: Engine, model) -> int:
    with Session(engine) as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_import_then_reimport_changes_nothing(engine):
    first = run_import(engine, [("mini.csv", Q1)])
    assert [(o.status, o.rows, o.new_quarters) for o in first] == [
        ("imported", 104, ("Q1 2025/26",))
    ]
    before = snapshot(engine)
    again = run_import(engine, [("mini.csv", Q1)])
    assert again[0].status == "unchanged"
    assert snapshot(engine) == before
    assert count(engine, ImportRecord) == 1


def test_import_record_holds_name_hash_rows_quarters(engine):
    run_import(engine, [("mini.csv", Q1_Q2)])
    with Session(engine) as session:
        record = session.execute(select(ImportRecord)).scalar_one()
    assert record.file_name == "mini.csv"
    assert len(record.sha256) == 64
    assert record.rows == 208
    assert record.quarters == "Q1 2025/26, Q2 2025/26"
    assert record.imported_at is not None


def test_cumulative_file_adds_new_quarter_and_keeps_one_copy(engine):
    run_import(engine, [("q1.csv", Q1)])
    outcomes = run_import(engine, [("q2.csv", Q1_Q2)])
    assert outcomes[0].new_quarters == ("Q2 2025/26",)
    assert count(engine, MetricValue) == 208


def test_revised_file_replaces_that_quarter(engine):
    run_import(engine, [("q1.csv", Q1)])
    revised = Q1.replace(b"Leeds and York Partnership", b"Leeds & York Partnership")
    lines = revised.decode().splitlines(keepends=True)
    # v2 drops one metric row of RGD: the stored quarter must lose it too.
    dropped = next(i for i, line in enumerate(lines) if ",RGD," in line and ",OF0082," in line)
    del lines[dropped]
    run_import(engine, [("q1-v2.csv", "".join(lines).encode())])
    with Session(engine) as session:
        name = session.execute(
            select(TrustQuarter.trust_name).where(TrustQuarter.trust_code == "RGD")
        ).scalar_one()
        gone = session.execute(
            select(MetricValue).where(
                MetricValue.trust_code == "RGD", MetricValue.metric_id == "OF0082"
            )
        ).first()
    assert "&" in name
    assert gone is None
    assert count(engine, MetricValue) == 103
    assert count(engine, ImportRecord) == 2


BAD_FILES = {
    "empty": b"",
    "missing column": Q1.replace(b",Rank\n", b"\n", 1),
    "non-numeric": Q1.replace(b",score,1.0,", b",score,one,", 1),
    "unknown type": Q1.replace(b"Mental health and community trust", b"Vet trust", 1),
    "duplicate": Q1 + Q1.splitlines(keepends=True)[3],
    "truncated": Q1[:-30],
    "cp1252": Q1.decode().replace("Trust", "Trust\u00e9", 1).encode("cp1252"),
    "utf-16": Q1.decode().encode("utf-16"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_rejected_whole_and_database_unchanged(engine, case):
    run_import(engine, [("good.csv", Q1)])
    before = snapshot(engine)
    with pytest.raises(ImportRejected) as info:
        # A good new file next to the bad one must not be written either.
        run_import(engine, [("q1q2.csv", Q1_Q2), (f"{case}.csv", BAD_FILES[case])])
    assert all(p.file == f"{case}.csv" for p in info.value.problems)
    assert snapshot(engine) == before


def test_failure_while_writing_rolls_back(engine, monkeypatch):
    run_import(engine, [("good.csv", Q1)])
    before = snapshot(engine)

    import db.importer as importer

    def explode(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer.ImportRecord, "__init__", explode)
    with pytest.raises(RuntimeError):
        run_import(engine, [("q1q2.csv", Q1_Q2)])
    assert snapshot(engine) == before
