"""Settings from the environment (and `.env`), built by a composition root, never at import."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_API_URL = "https://api.telegram.org/bot"
DEFAULT_PUBLICATION_URL = (
    "https://www.england.nhs.uk/nhs-oversight-framework/segmentation-and-league-tables/"
)


def default_database_url() -> str:
    """SQLite in the user's data folder ($XDG_DATA_HOME/nhs-league-bot/nhsbot.sqlite3)."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'nhs-league-bot' / 'nhsbot.sqlite3'}"


class Settings(BaseSettings):
    """Every setting the bot reads; names match the environment variables."""

    model_config = SettingsConfigDict(
        env_file=".env", env_ignore_empty=True, extra="ignore", case_sensitive=False
    )

    TELEGRAM_BOT_TOKEN: SecretStr | None = None
    TELEGRAM_API_URL: str = DEFAULT_API_URL
    DATABASE_URL: str = Field(default_factory=default_database_url)
    LOG_LEVEL: str = "INFO"
    NOF_PUBLICATION_URL: str = DEFAULT_PUBLICATION_URL
    NOF_WATCH_INTERVAL: str = "1d"
    DEVELOPER_CHAT_ID: int | None = None
    # Webhook mode (`nhsbot run --webhook`): Telegram posts to WEBHOOK_URL (your public HTTPS
    # URL ending in /WEBHOOK_PATH); TLS ends at your proxy, which forwards to LISTEN:PORT.
    WEBHOOK_URL: str = ""
    WEBHOOK_SECRET: SecretStr | None = None
    WEBHOOK_LISTEN: str = "0.0.0.0"
    WEBHOOK_PORT: int = 8080
    WEBHOOK_PATH: str = "telegram"
    WORKERS: int = 1
    # Backstop limiter on replies (PTB's AIORateLimiter). Telegram's ~30 msg/s is a bulk
    # (broadcast) limit; the alert sender paces itself below it. Replies to people who wrote
    # to the bot are capped only per group (20/min) unless this is set (0 = no overall cap).
    REPLY_MAX_PER_SECOND: float = 0
    READ_MODEL_REFRESH_SECONDS: float = 30.0
    # Alerts (telegram.md §4.5): the sender's own pace, below Telegram's 30/s, 1/s per chat
    # and 20/min per group; a sendMessage slower than ALERT_SEND_TIMEOUT counts as "unknown".
    ALERT_MAX_PER_SECOND: float = 25.0
    ALERT_PRIVATE_INTERVAL: float = 1.0
    ALERT_GROUP_PER_MINUTE: int = 20
    ALERT_CONCURRENCY: int = 4
    ALERT_MAX_ATTEMPTS: int = 5
    ALERT_SEND_TIMEOUT: float = 10.0
    ALERT_SEND_INTERVAL: float = 5.0
    ALERT_LEASE_SECONDS: float = 60.0
    # Sender processes allowed at once (each takes a lease slot and paces at
    # ALERT_MAX_PER_SECOND / ALERT_SENDERS: Telegram's overall limit is per bot token).
    ALERT_SENDERS: int = 1
    # For deep links in digests planned by the CLI (the bot asks Telegram for its own name).
    TELEGRAM_BOT_USERNAME: str | None = None

    @field_validator("DATABASE_URL")
    @classmethod
    def _normalise_postgres(cls, value: str) -> str:
        """Accept Heroku-style postgres:// URLs and use the psycopg 3 driver."""
        for prefix in ("postgres://", "postgresql://"):
            if value.startswith(prefix):
                return "postgresql+psycopg://" + value[len(prefix) :]
        return value

    def ensure_sqlite_folder(self) -> None:
        """Create the folder of a file-based SQLite database."""
        if self.DATABASE_URL.startswith("sqlite:///") and ":memory:" not in self.DATABASE_URL:
            Path(self.DATABASE_URL.removeprefix("sqlite:///")).parent.mkdir(
                parents=True, exist_ok=True
            )


def load_settings(**overrides: object) -> Settings:
    """Read the settings (tests pass overrides and `_env_file=None`)."""
    return Settings(**overrides)  # type: ignore[arg-type]
