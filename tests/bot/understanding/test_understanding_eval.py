"""The labelled message files must keep meeting the targets (regressions fail CI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.understanding import MessageUnderstander
from bot.understanding.evaluation import Verdict, judge, parse_labelled, score
from db.reference import load_reference

TESTS = Path(__file__).resolve().parents[2]
FILES = {
    "dev": TESTS / "data/eval/queries_dev.csv",
    "extra": Path(__file__).parent / "data/queries_extra.csv",
    "holdout": Path(__file__).parent / "data/queries_holdout.csv",
    "round2": Path(__file__).parent / "data/queries_round2.csv",
}


@pytest.fixture(scope="module")
def understander() -> MessageUnderstander:
    return MessageUnderstander.build(load_reference())


def _verdicts(understander: MessageUnderstander, name: str) -> list[Verdict]:
    rows = parse_labelled(FILES[name].read_text(encoding="utf-8"))
    assert rows
    out = []
    for row in rows:
        u = understander.understand(row.text)
        out.append(judge(row, u.intent.value, u.trust_codes, u.candidates))
    return out


@pytest.mark.parametrize("name", sorted(FILES))
def test_targets(understander: MessageUnderstander, name: str) -> None:
    verdicts = _verdicts(understander, name)
    s = score(verdicts)
    failing = [f"{v.message.id}: {v.message.text}" for v in verdicts if not v.ok]
    assert s.intent_accuracy is not None and s.intent_accuracy >= 0.95, failing
    assert s.trust_top1 is not None and s.trust_top1 >= 0.97, failing
    assert s.ambiguity_handled is not None and s.ambiguity_handled >= 0.9, failing
    assert s.false_positive_rate is not None and s.false_positive_rate <= 0.02, failing


def test_scoring_rules() -> None:
    rows = parse_labelled(
        "id,text,intent,trust_codes,notes\n"
        "a,x,lookup,?RR8|RGD|RY6,\n"
        "b,y,none,~RK9,\n"
        "c,z,compare,RR8|RHQ,\n"
    )
    assert judge(rows[0], "lookup", (), ("RR8", "RGD")).ambiguity_ok
    assert not judge(rows[0], "lookup", ("RR8",), ()).ambiguity_ok
    assert judge(rows[1], "none", ("RK9",), ()).false_positive is False
    assert judge(rows[1], "lookup", ("RK9",), ()).false_positive is True
    assert judge(rows[2], "compare", ("RHQ", "RR8"), ()).trust_ok
