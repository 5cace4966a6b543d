"""`nhsbot chat`: the same conversation in a terminal; buttons become numbered choices."""

from __future__ import annotations

from bot.console import INTRO, ConsoleChat, run_console


def test_question_answer_and_a_numbered_choice(services):
    chat = ConsoleChat(services)
    ambiguous = chat.reply("leeds")
    assert "could mean several trusts" in ambiguous
    assert "(reply with a number)" in ambiguous
    lines = [line.strip() for line in ambiguous.splitlines()]
    pick = next(line for line in lines if line.endswith("(RY6)")).split(".")[0]
    answer = chat.reply(pick)
    assert answer.startswith("Leeds Community Healthcare NHS Trust")
    assert "<b>" not in answer and "&amp;" not in answer  # plain text, not Telegram HTML


def test_a_number_without_a_question_is_just_a_message(services):
    assert "didn't catch" in ConsoleChat(services).reply("2")


def test_commands_work_as_in_telegram(services):
    out: list[str] = []
    run_console(services, ["/trust LTHT", "/near LS9 7TF", ""], out.append)
    assert out[0] == INTRO
    assert out[1].startswith("Leeds Teaching Hospitals NHS Trust")
    assert "St James's University Hospital" in out[2]
    assert len(out) == 3
