"""Telegram error envelopes and the exact descriptions the real Bot API uses.

Keeping the strings in one place matters because bot code (and PTB) branches on them: PTB maps
the HTTP status to an exception class and the bot matches substrings of the description.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Verbatim descriptions observed from api.telegram.org (see docs/telegram.md §2.8, §3.5, §4.3).
NOT_FOUND = "Not Found"
UNAUTHORIZED = "Unauthorized"
CHAT_NOT_FOUND = "Bad Request: chat not found"
BLOCKED = "Forbidden: bot was blocked by the user"
KICKED_GROUP = "Forbidden: bot was kicked from the group chat"
KICKED_SUPERGROUP = "Forbidden: bot was kicked from the supergroup chat"
MIGRATED = "Bad Request: group chat was upgraded to a supergroup chat"
CHAT_ID_EMPTY = "Bad Request: chat_id is empty"
TEXT_EMPTY = "Bad Request: message text is empty"
TEXT_TOO_LONG = "Bad Request: message is too long"
CAPTION_TOO_LONG = "Bad Request: message caption is too long"
CANT_PARSE = "Bad Request: can't parse entities: "
BUTTON_DATA_INVALID = "Bad Request: BUTTON_DATA_INVALID"
BUTTON_URL_INVALID = "Bad Request: BUTTON_URL_INVALID"
TEXT_BUTTONS_UNALLOWED = "Bad Request: text buttons are unallowed in the inline keyboard"
RESULTS_TOO_MUCH = "Bad Request: RESULTS_TOO_MUCH"
RESULT_ID_INVALID = "Bad Request: RESULT_ID_INVALID"
RESULT_ID_DUPLICATE = "Bad Request: RESULT_ID_DUPLICATE"
NEXT_OFFSET_INVALID = "Bad Request: NEXT_OFFSET_INVALID"
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
MESSAGE_TO_EDIT_NOT_FOUND = "Bad Request: message to edit not found"
MESSAGE_TO_DELETE_NOT_FOUND = "Bad Request: message to delete not found"
REPLY_NOT_FOUND = "Bad Request: message to be replied not found"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
NO_TEXT_TO_EDIT = "Bad Request: there is no text in the message to edit"
WRONG_FILE_ID = "Bad Request: wrong file identifier/HTTP URL specified"
USER_NOT_FOUND = "Bad Request: user not found"
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
CONFLICT_POLLING = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


@dataclass
class ApiError(Exception):
    """An error the fake answers with, serialised exactly like Telegram's error envelope."""

    error_code: int
    description: str
    parameters: dict[str, Any] = field(default_factory=dict)
    #: True when the error means "the request itself was invalid" (recorded as validation error).
    validation: bool = False
    path: str = ""

    def __str__(self) -> str:
        return f"{self.error_code} {self.description}"

    def envelope(self) -> dict[str, Any]:
        """The JSON body Telegram sends for this error."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = dict(self.parameters)
        return body


def bad_request(description: str, path: str = "") -> ApiError:
    """A 400 caused by a malformed request: counted in ``validation_errors``."""
    if not description.startswith("Bad Request: "):
        description = "Bad Request: " + description
    return ApiError(400, description, validation=True, path=path)


def retry_after(seconds: int) -> ApiError:
    """Telegram's flood-control answer."""
    seconds = max(1, int(seconds))
    return ApiError(429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds})


def migrated(new_chat_id: int) -> ApiError:
    """Sending to a group that became a supergroup."""
    return ApiError(400, MIGRATED, {"migrate_to_chat_id": new_chat_id})
