"""Turning views into text: Telegram HTML (every dynamic string escaped) and plain text."""
