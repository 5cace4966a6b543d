"""The command line, end to end on a real SQLite database with the bundled data."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from bot.cli import main

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture
def db_url(bundled_db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = tmp_path / "cli.sqlite3"
    shutil.copyfile(bundled_db_file, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)  # no stray .env
    return url


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how is Leeds Teaching Hospitals doing",
         ["Leeds Teaching Hospitals NHS Trust", "Segment 3", "96th of 134 acute trusts", "2.57"]),
        ("how is Leeds and York Partnership doing",
         ["Segment 2", "15th of 61 mental health and community trusts", "2.13"]),
        ("how is Leeds Community Healthcare doing",
         ["Segment 4", "52nd of 61 mental health and community trusts", "2.80"]),
    ],
)  # fmt: skip
def test_ask_reproduces_the_published_q1_figures(db_url, capsys, text, expected):
    assert main(["ask", "--quarter", "Q1 2025/26", text]) == 0
    out = capsys.readouterr().out
    for fragment in expected:
        assert fragment in out


def test_ask_json_reports_intent_codes_and_quarter(db_url, capsys):
    assert (
        main(["ask", "--json", "--quarter", "Q4 2025/26", "compare LTHT and Sheffield Teaching"])
        == 0
    )
    answer = json.loads(capsys.readouterr().out)
    assert answer["intent"] == "compare"
    assert answer["trust_codes"] == ["RR8", "RHQ"]
    assert answer["quarter"] == "Q4 2025/26"
    assert "Sheffield Teaching Hospitals" in answer["reply"]


def test_ask_json_lists_candidates_when_ambiguous(db_url, capsys):
    main(["ask", "--json", "the QE"])
    answer = json.loads(capsys.readouterr().out)
    assert answer["trust_codes"] == []
    assert set(answer["candidates"]) >= {"RRK", "RCX"}


def test_ask_reads_one_message_per_line_from_stdin(db_url, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("LTHT\n\nLS9 7TF\n"))
    main(["ask", "--json", "-"])
    answers = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [a["intent"] for a in answers] == ["lookup", "near_postcode"]
    assert answers[1]["postcode"]["trusts"][0]["trust_code"] == "RR8"


def test_unknown_quarter_is_explained(db_url, capsys):
    main(["ask", "--quarter", "Q3 2024/25", "LTHT"])
    assert "no league table for Q3 2024/25" in capsys.readouterr().out


def test_table_csv_has_the_documented_columns(db_url, capsys):
    assert (
        main(["table", "--quarter", "Q1 2025/26", "--type", "ambulance", "--format", "csv"]) == 0
    )
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 10
    assert list(rows[0]) == [
        "trust_code", "trust_name", "trust_type", "region", "segment", "unadjusted_segment",
        "capped", "average_score", "rank", "table_size",
    ]  # fmt: skip
    assert rows[0]["rank"] == "1" and rows[0]["table_size"] == "10"


def test_table_json_filters_by_region(db_url, capsys):
    main(["table", "--quarter", "Q1 2025/26", "--region", "London", "--format", "json"])
    table = json.loads(capsys.readouterr().out)
    assert table["quarter"] == "Q1 2025/26"
    assert {t["region"] for t in table["trusts"]} == {"London"}
    assert len(table["trusts"]) == 32


def test_quarters_and_verify(db_url, capsys):
    assert main(["quarters"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("Q1 2025/26\t205 trusts")
    assert main(["verify"]) == 0
    assert "OK: the engine reproduces every published result" in capsys.readouterr().out


def test_empty_database_then_import_quarter_by_quarter(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    monkeypatch.chdir(tmp_path)
    assert main(["db", "init", "--empty"]) == 0
    assert capsys.readouterr().out == "Created an empty database.\n"
    main(["quarters"])
    assert capsys.readouterr().out == ""  # nothing stored, and the bundle was not auto-loaded
    assert main(["import", str(DATA / "nof" / "mini_mhcom_q1.csv")]) == 0
    assert "imported, 104 rows" in capsys.readouterr().out
    assert main(["import", str(DATA / "nof" / "mini_mhcom_q1.csv")]) == 0
    assert "unchanged" in capsys.readouterr().out
    main(["quarters"])
    assert capsys.readouterr().out.startswith("Q1 2025/26\t3 trusts")


def test_bad_import_is_rejected_with_line_numbers_and_changes_nothing(db_url, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    good = (DATA / "nof" / "mini_mhcom_q1.csv").read_text()
    bad.write_text(good.replace(",score,1.0,", ",score,high,", 1))
    main(["quarters"])
    before = capsys.readouterr().out
    assert main(["import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "rejected; the database was not changed" in err
    assert "bad.csv, line" in err and "column Value" in err
    main(["quarters"])
    assert capsys.readouterr().out == before
