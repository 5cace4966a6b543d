"""`nhsbot chat`: the bot's conversation in a terminal, without Telegram.

Same understanding, use cases and renderer; buttons become numbered choices.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bot.rendering.html import render
from bot.rendering.plain import to_plain
from bot.services import Services
from bot.usecases.ask import ask, resolve_quarter
from bot.usecases.trusts import metric_answer, trust_report
from bot.views import Ambiguous, Notice, View

PROMPT = "you> "
INTRO = (
    "NHS League Bot (console). Ask about a trust, e.g. “how is Leeds Teaching Hospitals "
    "doing”. Ctrl-D quits."
)


class ConsoleChat:
    """One conversation: remembers the last candidate list so "2" picks the second."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.pending: Ambiguous | None = None

    def reply(self, line: str) -> str:
        """The bot's answer to one line, as plain text."""
        text = line.strip()
        if not text:
            return ""
        view = self._choice(text) or self._answer(text)
        self.pending = view if isinstance(view, Ambiguous) else None
        out = to_plain(render(view))
        if self.pending is not None:
            out += "\n" + "\n".join(
                f"  {i}. {c.label}" for i, c in enumerate(self.pending.candidates, 1)
            )
            out += "\n(reply with a number)"
        return out

    def _choice(self, text: str) -> View | None:
        if self.pending is None or not text.isdigit():
            return None
        index = int(text) - 1
        if not 0 <= index < len(self.pending.candidates):
            return None
        code = self.pending.candidates[index].trust_code
        quarter = resolve_quarter(self.services, None)
        if isinstance(quarter, Notice):
            return quarter
        if self.pending.button_action == "metric" and self.pending.topic:
            return metric_answer(self.services, code, quarter, self.pending.topic)
        return trust_report(self.services, code, quarter)

    def _answer(self, text: str) -> View:
        # "/trust LTHT" works as in Telegram: the understander reads the command itself.
        return ask(self.services, text).view


def run_console(services: Services, lines: Iterable[str], write: Callable[[str], None]) -> None:
    """Answer each line; the CLI passes stdin and print."""
    chat = ConsoleChat(services)
    write(INTRO)
    for line in lines:
        answer = chat.reply(line)
        if answer:
            write(answer)
