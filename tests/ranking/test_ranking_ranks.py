"""Standard competition ranking and the league order (nof-methodology.md §8)."""

import pytest

from ranking.ranks import competition_ranks, league_key


@pytest.mark.parametrize(
    ("keys", "ranks"),
    [
        ([1, 2, 2, 3], [1, 2, 2, 4]),
        ([3, 2, 2, 1], [4, 2, 2, 1]),
        ([5, 5, 5], [1, 1, 1]),
        ([1, 1, 2, 2, 3], [1, 1, 3, 3, 5]),
        ([], []),
        ([7], [1]),
    ],
)
def test_competition_ranks(keys, ranks):
    assert competition_ranks(keys, lambda k: (k,)) == ranks


def test_league_order_puts_segment_before_score():
    trusts = {"capped-good": (3, 150), "seg2-worse": (2, 230), "seg3-worse": (3, 250)}
    ranks = competition_ranks(trusts.values(), lambda v: league_key(*v))
    assert dict(zip(trusts, ranks, strict=True)) == {
        "seg2-worse": 1,
        "capped-good": 2,
        "seg3-worse": 3,
    }
