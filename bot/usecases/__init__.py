"""Telegram-free use cases shared by the CLI and the bot: each returns a view from `bot.views`."""
