"""Reporting quarters of the NHS financial year ("Q1 2025/26" = April-June 2025).

NHS England labels every published row with a quarter of the financial year that starts in April
(nof-methodology.md §11 [doc]). The methodology year of a quarter is its financial year, which
selects the scoring and segmentation rules (nof-methodology.md §12).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUARTER_FIRST = re.compile(r"^q([1-4])\s+(\d{4})\s*[/-]\s*(\d{2}|\d{4})$", re.IGNORECASE)
_YEAR_FIRST = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s+q([1-4])$", re.IGNORECASE)


class InvalidQuarterError(ValueError):
    """Raised when text is not a quarter such as "Q1 2025/26"."""


@dataclass(frozen=True, order=True, slots=True)
class Quarter:
    """One quarter of an NHS financial year; orders chronologically.

    Attributes:
        year_start: calendar year in which the financial year starts (2025 for 2025/26).
        number: quarter within the financial year, 1 (April-June) to 4 (January-March).
    """

    year_start: int
    number: int

    def __post_init__(self) -> None:
        """Reject impossible quarters early, so every Quarter value is printable and comparable."""
        if not 1 <= self.number <= 4:
            raise InvalidQuarterError(f"quarter number must be 1-4, not {self.number}")
        if not 1900 <= self.year_start <= 9998:
            raise InvalidQuarterError(f"implausible financial year start {self.year_start}")

    def __str__(self) -> str:
        """Format as NHS England does in the `Quarter` column, e.g. "Q1 2025/26"."""
        return f"Q{self.number} {self.methodology_year}"

    @property
    def methodology_year(self) -> str:
        """The financial year label ("2025/26") that selects the methodology rules."""
        return f"{self.year_start}/{(self.year_start + 1) % 100:02d}"

    def previous(self) -> Quarter:
        """The quarter before this one (Q1 2025/26 -> Q4 2024/25)."""
        if self.number == 1:
            return Quarter(self.year_start - 1, 4)
        return Quarter(self.year_start, self.number - 1)

    def next(self) -> Quarter:
        """The quarter after this one (Q4 2025/26 -> Q1 2026/27)."""
        if self.number == 4:
            return Quarter(self.year_start + 1, 1)
        return Quarter(self.year_start, self.number + 1)


def parse_quarter(text: str) -> Quarter:
    """Parse the quarter spellings seen in files and typed by users.

    Accepts "Q1 2025/26", "q1 2025/26", "Q1 2025-26", "2025/26 Q1" and a four-digit end year
    ("Q1 2025/2026"). The end year must follow the start year, so "Q1 2025/27" is rejected
    rather than silently read as 2025/26.

    Args:
        text: the quarter as written.

    Returns:
        The parsed quarter.

    Raises:
        InvalidQuarterError: if the text is not one of the accepted spellings.
    """
    cleaned = " ".join(str(text).split())
    match = _QUARTER_FIRST.match(cleaned)
    if match:
        number, start, end = match.groups()
    else:
        match = _YEAR_FIRST.match(cleaned)
        if not match:
            raise InvalidQuarterError(f"{text!r} is not a quarter such as 'Q1 2025/26'")
        start, end, number = match.groups()
    year_start = int(start)
    expected_end = year_start + 1
    if int(end) not in (expected_end, expected_end % 100):
        raise InvalidQuarterError(f"{text!r}: {end} does not follow {start}")
    return Quarter(year_start, int(number))
