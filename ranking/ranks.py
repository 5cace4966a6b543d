"""Ordering and numbering trusts within a league table (nof-methodology.md §8)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")


def competition_ranks(items: Iterable[T], key: Callable[[T], Sequence[Hashable]]) -> list[int]:
    """Standard competition ranks ("1224"), best (smallest key) first, in input order.

    Items with equal keys share a rank and the next rank skips as many places as were shared:
    Q1 2025/26 mental health trusts RDR and RGD are both segment 2 with 2.13 and both rank 15,
    the next trust is 17th (nof-methodology.md §8 [data]).

    Args:
        items: the trusts (or anything) to rank.
        key: sort key; lower is better. Use exact values (e.g. integer hundredths) so that
            equal published averages really compare equal.

    Returns:
        The rank of each item, in the order the items were given.
    """
    values = list(items)
    keys = [tuple(key(v)) for v in values]
    ordered = sorted(keys)
    first_place: dict[tuple[Hashable, ...], int] = {}
    for position, k in enumerate(ordered, start=1):
        first_place.setdefault(k, position)
    return [first_place[k] for k in keys]


def league_key(segment: int, average_hundredths: int) -> tuple[int, int]:
    """League order: adjusted segment first, then average score to 2 d.p., both ascending.

    "Ranked within their category … based first on this adjusted segment classification and
    then by their average metric scores" (BOA, nof-methodology.md §8 [doc]); the 2-d.p. average
    and the tie rule reproduce every published rank [data]. A capped trust therefore ranks below
    every uncapped segment 1-2 trust however good its score.
    """
    return (segment, average_hundredths)


def score_key(average_hundredths: int) -> tuple[int]:
    """Order by average score alone: the `Rank` of the OF5002 row (nof-methodology.md §8)."""
    return (average_hundredths,)
