"""Typed access to the application's services from handlers (PTB's ContextTypes pattern)."""

from __future__ import annotations

from dataclasses import dataclass, field

from telegram.ext import Application, CallbackContext, ExtBot

from bot.flood import FloodGuard
from bot.services import Services


@dataclass
class BotState:
    """Per-process state the handlers share: services, the chart file_id cache, flood counters."""

    services: Services
    chart_file_ids: dict[str, str] = field(default_factory=dict)
    flood: FloodGuard = field(default_factory=FloodGuard)


class BotContext(CallbackContext[ExtBot, dict, dict, dict]):
    """CallbackContext with typed `state` and `services` properties (no casts in handlers)."""

    @property
    def state(self) -> BotState:
        """The application's shared state."""
        return self.application.bot_data["state"]

    @property
    def services(self) -> Services:
        """The application's services."""
        return self.state.services


def attach_state(application: Application, state: BotState) -> None:
    """Store the state where BotContext finds it."""
    application.bot_data["state"] = state
