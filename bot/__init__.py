"""NHS League Bot: understanding messages, use cases, rendering, Telegram handlers, jobs, CLI."""
