"""Parsing and validating official files: every bad input is rejected with file, line, column."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.official_csv import ImportRejected, parse_official_file

NOF = Path(__file__).parents[1] / "data" / "nof"
Q1 = (NOF / "mini_mhcom_q1.csv").read_bytes()


def _lines() -> list[str]:
    return Q1.decode().splitlines(keepends=True)


def _reject(raw: bytes, name: str = "bad.csv") -> list[str]:
    with pytest.raises(ImportRejected) as info:
        parse_official_file(raw, name)
    return [str(p) for p in info.value.problems]


def test_reads_the_official_layout():
    parsed = parse_official_file(Q1, "mini.csv")
    assert parsed.layout == "trust-data"
    assert parsed.quarters == ["Q1 2025/26"]
    assert {code for _, code in parsed.trust_quarters} == {"RGD", "RY6", "RDR"}
    assert parsed.row_count == 104
    assert parsed.scopes == {("Q1 2025/26", "mental-health-community")}


def test_utf8_byte_order_mark_is_accepted_as_nhs_england_publishes_it():
    parsed = parse_official_file(b"\xef\xbb\xbf" + Q1, "bom.csv")
    assert parsed.row_count == 104


def test_crlf_line_ends_are_accepted():
    parsed = parse_official_file(Q1.replace(b"\n", b"\r\n"), "crlf.csv")
    assert parsed.row_count == 104


def test_empty_file():
    assert _reject(b"") == ["bad.csv: the file is empty"]
    assert _reject(b"   \n") == ["bad.csv: the file is empty"]


def test_header_only():
    assert _reject(_lines()[0].encode()) == [
        "bad.csv, line 2: the file has a header but no data rows"
    ]


def test_missing_column_is_named():
    raw = Q1.replace(b",Median_value,", b",Median,", 1)
    problems = _reject(raw)
    assert "bad.csv, line 1, column Median_value: required column is missing" in problems


def test_not_a_nof_file():
    problems = _reject(b"name,age\nx,1\n")
    assert problems[0].startswith("bad.csv, line 1: not an NHS Oversight Framework")


def test_non_numeric_value_names_line_and_column():
    lines = _lines()
    lines[5] = lines[5].replace(",score,", ",score,abc,", 1) if ",score," in lines[5] else lines[5]
    fields = lines[5].rstrip("\n").split(",")
    fields[-5] = "n/a"  # Value column
    lines[5] = ",".join(fields) + "\n"
    problems = _reject("".join(lines).encode())
    assert any(
        p.startswith("bad.csv, line 6, column Value: 'n/a' is not a number") for p in problems
    )


def test_unknown_trust_type():
    lines = _lines()
    lines[3] = lines[3].replace("Mental health and community trust", "Dental trust")
    problems = _reject("".join(lines).encode())
    assert "bad.csv, line 4, column Trust_type: unknown trust type 'Dental trust'" in problems


def test_duplicate_row_names_both_lines():
    lines = _lines()
    problems = _reject("".join([*lines, lines[7]]).encode())
    assert any(
        "line 106, column Metric_ID: duplicate row" in p and "line 8" in p for p in problems
    )


def test_truncated_file():
    raw = Q1[: len(Q1) - 40]  # cut in the middle of the last row
    problems = _reject(raw)
    assert any("line 105" in p and "truncated" in p for p in problems)


def test_unterminated_quote_is_truncation():
    raw = Q1 + b'Q1 2025/26,London,"Mental health'
    problems = _reject(raw)
    assert any("truncated" in p for p in problems)


def test_other_encoding_is_rejected_with_its_line():
    lines = _lines()
    lines[9] = lines[9].replace("Trust", "Trust\u00e9", 1)
    raw = "".join(lines).encode("cp1252")
    problems = _reject(raw)
    assert problems == ["bad.csv, line 10: not UTF-8 text (byte 0xe9); save the file as UTF-8 CSV"]


def test_utf16_is_rejected():
    problems = _reject(Q1.decode().encode("utf-16"))
    assert "UTF-16" in problems[0]


def test_score_outside_range():
    lines = _lines()
    idx = next(i for i, line in enumerate(lines) if ",OF1" in line)
    fields = lines[idx].rstrip("\n").split(",")
    fields[-5] = "7.5"
    lines[idx] = ",".join(fields) + "\n"
    problems = _reject("".join(lines).encode())
    assert any(f"line {idx + 1}, column Value: metric score 7.5 is outside" in p for p in problems)


def test_first_layout_without_quarter_column_is_q1_2025_26():
    lines = _lines()
    stripped = [line.split(",", 1)[1] for line in lines]
    parsed = parse_official_file("".join(stripped).encode(), "nhs-oversight-framework-x.csv")
    assert parsed.quarters == ["Q1 2025/26"]


def test_quarter_from_file_name_when_no_quarter_column():
    lines = _lines()
    stripped = [line.split(",", 1)[1] for line in lines]
    parsed = parse_official_file("".join(stripped).encode(), "acute-trust-data-q2-25-26.csv")
    assert parsed.quarters == ["Q2 2025/26"]


LEAGUE_Q1 = (
    "Region,Trust_type,Trust_subtype,Trust_code,Trust_name,Reporting_date,Average_score,"
    "Likely_range_of_average_score,Segment,Trust_in_financial_deficit,Rank,Likely_range_of_rank\n"
    'London,Acute trust,Acute - Specialist,RP6,"Moorfields Eye Hospital NHS Foundation Trust",'
    "Q1 2025/26,1.39,1.30 - 1.50,1,No,1,1 - 3\n"
    "North East and Yorkshire,Acute trust,Acute - Teaching,RR8,"
    "Leeds Teaching Hospitals NHS Trust,Q1 2025/26,2.57,2.5 - 2.6,3,Yes,96,90 - 100\n"
)


def test_league_table_q1_layout():
    parsed = parse_official_file(LEAGUE_Q1.encode(), "league-table.csv")
    assert parsed.layout == "league-table"
    rr8 = next(r for r in parsed.league_rows if r["trust_code"] == "RR8")
    assert rr8 == {
        "quarter": "Q1 2025/26", "quarter_key": 20251, "trust_code": "RR8",
        "trust_type": "acute", "average_score": 2.57, "segment": 3, "in_deficit": True,
        "rank": 96,
    }  # fmt: skip


def test_league_table_bad_flag_and_duplicate():
    raw = LEAGUE_Q1.replace(",No,1,", ",Maybe,1,") + LEAGUE_Q1.splitlines(True)[2]
    problems = _reject(raw.encode())
    assert any("line 2, column Trust_in_financial_deficit: 'Maybe' is not Yes or No" in p
               for p in problems)  # fmt: skip
    assert any("line 4, column Trust_code: duplicate row" in p for p in problems)
