"""Parse and validate NHS England's official NOF CSV files, without touching the database.

Three layouts are read (nof-methodology.md §11): the long "trust data" files (with a `Quarter`
column, cumulative over the year), the first Q1 2025/26 trust-data layout without `Quarter`,
and the "league table" files (Q1 with likely ranges and no `Quarter`; later with `Quarter`).
Any problem rejects the whole file: every problem names the file, line and column.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

from ranking import InvalidQuarterError, Quarter, TrustType, UnknownTrustTypeError, parse_quarter

DATA_COLUMNS = (
    "Quarter", "Region", "Trust_type", "Trust_subtype", "Trust_code", "Trust_name", "Domain",
    "Sub-domain", "Metric_ID", "Metric_description", "Reporting_date", "Units", "Value",
    "Median_value", "Lower_quartile", "Upper_quartile", "Rank",
)  # fmt: skip
LEAGUE_COLUMNS = (
    "Region", "Trust_type", "Trust_subtype", "Trust_code", "Trust_name", "Average_score",
    "Segment", "Trust_in_financial_deficit", "Rank",
)  # fmt: skip
NUMERIC_DATA_COLUMNS = ("Value", "Median_value", "Lower_quartile", "Upper_quartile", "Rank")
# Only Q1 2025/26 was published without a Quarter column (nof-methodology.md §11).
FIRST_LAYOUT_QUARTER = "Q1 2025/26"
MAX_PROBLEMS = 25

_TRUST_CODE = re.compile(r"^[A-Z0-9]{3,5}$")
_METRIC_ID = re.compile(r"^OF\d{4}$")
_SCORE_METRIC = re.compile(r"^OF[12]\d{3}$")
_FILE_QUARTER = re.compile(r"q([1-4])[-_ ](\d{2})[-_ ](\d{2})", re.IGNORECASE)
_YES_NO = {"yes": True, "y": True, "1": True, "no": False, "n": False, "0": False}


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason to reject a file, located as precisely as we can."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class ImportRejected(ValueError):
    """A file (or several) could not be imported; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(slots=True)
class ParsedFile:
    """A validated official file, ready to be written in one transaction."""

    file_name: str
    sha256: str
    layout: str  # "trust-data" or "league-table"
    trust_quarters: dict[tuple[str, str], dict] = field(default_factory=dict)
    metric_rows: list[dict] = field(default_factory=list)
    league_rows: list[dict] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        """Data rows read (metric rows or league rows)."""
        return len(self.metric_rows) + len(self.league_rows)

    @property
    def scopes(self) -> set[tuple[str, str]]:
        """(quarter, trust type) pairs this file holds: the unit a revised file replaces."""
        return {(tq["quarter"], tq["trust_type"]) for tq in self.trust_quarters.values()}

    @property
    def quarters(self) -> list[str]:
        """Quarters held, oldest first."""
        keyed = {tq["quarter"]: tq["quarter_key"] for tq in self.trust_quarters.values()}
        return sorted(keyed, key=keyed.__getitem__)


def decode(raw: bytes, file_name: str) -> str:
    """Decode UTF-8 (a UTF-8 byte-order mark, as NHS England's downloads carry, is dropped)."""
    if not raw.strip():
        raise ImportRejected([Problem(file_name, None, None, "the file is empty")])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRejected(
            [Problem(file_name, 1, None, "the file is UTF-16; save it as UTF-8 CSV")]
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        byte = raw[err.start : err.start + 1].hex()
        msg = f"not UTF-8 text (byte 0x{byte}); save the file as UTF-8 CSV"
        raise ImportRejected([Problem(file_name, line, None, msg)]) from None


def parse_official_file(raw: bytes, file_name: str, *, quarter: str | None = None) -> ParsedFile:
    """Validate one official file completely.

    Args:
        raw: the file's bytes.
        file_name: shown in every problem and recorded with the import.
        quarter: the quarter of a file without a `Quarter` column; else taken from a
            `-qN-yy-yy` file name, else Q1 2025/26 (the only quarter published that way).

    Raises:
        ImportRejected: with every problem found (up to MAX_PROBLEMS); nothing is returned.
    """
    name = PurePath(file_name).name
    text = decode(raw, name)
    if not text.endswith(("\n", "\r")):
        text += "\n"  # a missing final newline alone is harmless; short rows are caught below
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as err:
        raise ImportRejected([Problem(name, 1, None, f"unreadable header: {err}")]) from None
    parsed = ParsedFile(name, hashlib.sha256(raw).hexdigest(), _layout(header, name))
    default_quarter = _default_quarter(header, name, quarter)
    problems: list[Problem] = []
    rows = 0
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            rows += 1
            if len(row) != len(header):
                problems.append(_short_row(name, line, len(row), len(header)))
            else:
                record = dict(zip(header, (c.strip() for c in row), strict=True))
                _read_row(parsed, record, name, line, default_quarter, problems)
            if len(problems) >= MAX_PROBLEMS:
                problems.append(Problem(name, None, None, "too many problems; stopped reading"))
                break
    except csv.Error as err:
        problems.append(
            Problem(name, reader.line_num, None, f"broken CSV ({err}); is the file truncated?")
        )
    if rows == 0 and not problems:
        problems.append(Problem(name, 2, None, "the file has a header but no data rows"))
    if problems:
        raise ImportRejected(problems)
    return parsed


def _layout(header: list[str], name: str) -> str:
    columns = set(header)
    if "Metric_ID" in columns:
        layout, required = "trust-data", DATA_COLUMNS
    elif "Average_score" in columns or "Segment" in columns:
        layout, required = "league-table", LEAGUE_COLUMNS
    else:
        msg = "not an NHS Oversight Framework trust-data or league-table file (header: "
        raise ImportRejected([Problem(name, 1, None, msg + ", ".join(header[:6]) + " …)")])
    missing = [c for c in required if c not in columns and c != "Quarter"]
    problems = [Problem(name, 1, c, "required column is missing") for c in missing]
    duplicates = {c for c in header if header.count(c) > 1}
    problems += [Problem(name, 1, c, "column appears twice") for c in sorted(duplicates)]
    if problems:
        raise ImportRejected(problems)
    return layout


def _default_quarter(header: list[str], name: str, quarter: str | None) -> Quarter | None:
    if "Quarter" in header:
        return None
    try:
        if quarter:
            return parse_quarter(quarter)
    except InvalidQuarterError as err:
        raise ImportRejected([Problem(name, None, None, str(err))]) from None
    match = _FILE_QUARTER.search(name)
    if match:
        number, start, end = match.groups()
        return parse_quarter(f"Q{number} 20{start}/{end}")
    return parse_quarter(FIRST_LAYOUT_QUARTER)


def _short_row(name: str, line: int, got: int, want: int) -> Problem:
    hint = " (is the file truncated?)" if got < want else ""
    return Problem(name, line, None, f"{got} fields where the header has {want}{hint}")


def _number(record: dict, column: str, name: str, line: int, problems: list[Problem]):
    text = record[column]
    if text == "":
        return None
    try:
        value = float(text)
    except ValueError:
        problems.append(Problem(name, line, column, f"{text!r} is not a number"))
        return None
    if not math.isfinite(value):
        problems.append(Problem(name, line, column, f"{text!r} is not a finite number"))
        return None
    return value


def _read_row(
    parsed: ParsedFile,
    record: dict,
    name: str,
    line: int,
    default_quarter: Quarter | None,
    problems: list[Problem],
) -> None:
    before = len(problems)
    quarter = default_quarter
    if quarter is None:
        try:
            quarter = parse_quarter(record["Quarter"])
        except InvalidQuarterError:
            problems.append(
                Problem(name, line, "Quarter", f"{record['Quarter']!r} is not a quarter")
            )
    try:
        trust_type = TrustType.from_official(record["Trust_type"])
    except UnknownTrustTypeError:
        msg = f"unknown trust type {record['Trust_type']!r}"
        problems.append(Problem(name, line, "Trust_type", msg))
        trust_type = None
    code = record["Trust_code"].upper()
    if not _TRUST_CODE.match(code):
        problems.append(Problem(name, line, "Trust_code", f"{code!r} is not an ODS trust code"))
    if len(problems) > before or quarter is None or trust_type is None:
        return
    label, key = str(quarter), quarter.year_start * 10 + quarter.number
    trust_key = (label, code)
    known = parsed.trust_quarters.get(trust_key)
    if known is None:
        parsed.trust_quarters[trust_key] = {
            "quarter": label, "quarter_key": key, "trust_code": code,
            "trust_name": record["Trust_name"], "trust_type": trust_type.value,
            "trust_subtype": record["Trust_subtype"], "region": record["Region"],
            "_line": line,
        }  # fmt: skip
    elif known["trust_type"] != trust_type.value:
        msg = f"trust {code} is also listed as {known['trust_type']} (line {known['_line']})"
        problems.append(Problem(name, line, "Trust_type", msg))
        return
    if parsed.layout == "trust-data":
        _read_metric_row(parsed, record, name, line, label, key, code, trust_type, problems)
    else:
        _read_league_row(parsed, record, name, line, label, key, code, trust_type, problems)


def _read_metric_row(parsed, record, name, line, label, key, code, trust_type, problems) -> None:
    metric_id = record["Metric_ID"].upper()
    if not _METRIC_ID.match(metric_id):
        problems.append(Problem(name, line, "Metric_ID", f"{metric_id!r} is not a NOF metric ID"))
        return
    numbers = {c: _number(record, c, name, line, problems) for c in NUMERIC_DATA_COLUMNS}
    value = numbers["Value"]
    if value is not None and _SCORE_METRIC.match(metric_id) and not 1.0 <= value <= 4.0:
        msg = f"metric score {value} is outside 1.00–4.00"
        problems.append(Problem(name, line, "Value", msg))
    seen = parsed.trust_quarters[(label, code)].setdefault("_metrics", {})
    if metric_id in seen:
        msg = f"duplicate row: {label} {code} {metric_id} already on line {seen[metric_id]}"
        problems.append(Problem(name, line, "Metric_ID", msg))
        return
    seen[metric_id] = line
    parsed.metric_rows.append(
        {
            "quarter": label, "quarter_key": key, "trust_code": code, "metric_id": metric_id,
            "trust_type": trust_type.value, "domain": record["Domain"],
            "sub_domain": record["Sub-domain"], "metric_description": record["Metric_description"],
            "reporting_date": record["Reporting_date"], "units": record["Units"],
            "value": value, "median_value": numbers["Median_value"],
            "lower_quartile": numbers["Lower_quartile"],
            "upper_quartile": numbers["Upper_quartile"], "rank": numbers["Rank"],
        }
    )  # fmt: skip


def _read_league_row(parsed, record, name, line, label, key, code, trust_type, problems) -> None:
    before = len(problems)
    numbers = {
        c: _number(record, c, name, line, problems) for c in ("Average_score", "Segment", "Rank")
    }
    for column, value in numbers.items():
        if value is None and record[column] == "":
            problems.append(Problem(name, line, column, "value is missing"))
    segment = numbers["Segment"]
    if segment is not None and segment not in (1, 2, 3, 4, 5):
        problems.append(Problem(name, line, "Segment", f"{segment:g} is not a segment 1–5"))
    deficit = _YES_NO.get(record["Trust_in_financial_deficit"].lower())
    if deficit is None:
        msg = f"{record['Trust_in_financial_deficit']!r} is not Yes or No"
        problems.append(Problem(name, line, "Trust_in_financial_deficit", msg))
    trust = parsed.trust_quarters[(label, code)]
    if "_league_line" in trust:
        msg = f"duplicate row: {label} {code} already on line {trust['_league_line']}"
        problems.append(Problem(name, line, "Trust_code", msg))
    trust.setdefault("_league_line", line)
    if len(problems) > before:
        return
    parsed.league_rows.append(
        {
            "quarter": label, "quarter_key": key, "trust_code": code,
            "trust_type": trust_type.value, "average_score": numbers["Average_score"],
            "segment": int(segment), "in_deficit": deficit, "rank": int(numbers["Rank"]),
        }
    )  # fmt: skip


def iter_problems(errors: Iterable[ImportRejected]) -> list[Problem]:
    """Flatten the problems of several rejected files."""
    return [p for err in errors for p in err.problems]
