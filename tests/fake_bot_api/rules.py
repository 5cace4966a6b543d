"""Telegram's limits that the JSON schema cannot express (lengths, keyboards, inline results).

Why separate from the schema: these are the checks that catch real bot bugs (a 4097-character
league table, a 70-byte ``callback_data``, an unescaped trust name) and each one answers with
the description Telegram uses, so the bot's error handling is exercised too.
"""

from __future__ import annotations

import re
from typing import Any

from . import errors
from .errors import ApiError, bad_request
from .html_check import HtmlError, Parsed, parse_html

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_INLINE_RESULTS = 50
MAX_RESULT_ID = 64
MAX_CALLBACK_ANSWER = 200
_NON_ACTION = frozenset({"text", "icon_custom_emoji_id", "style"})
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_URL = re.compile(r"^(https?|tg)://\S+$", re.IGNORECASE)
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_CAPTION_METHODS = frozenset(
    {
        "sendphoto",
        "senddocument",
        "sendvideo",
        "sendaudio",
        "sendanimation",
        "sendvoice",
        "editmessagecaption",
        "copymessage",
        "sendpaidmedia",
    }
)


def parse_text(
    text: str,
    parse_mode: str | None,
    *,
    strict_html: bool,
    limit: int,
    allow_empty: bool,
    too_long: str,
    path: str,
) -> Parsed:
    """Apply the parse mode, then Telegram's length rule (code points, after parsing)."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        try:
            parsed = parse_html(text, strict=strict_html)
        except HtmlError as exc:
            raise bad_request(errors.CANT_PARSE + str(exc), path) from None
    elif mode in ("", "markdown", "markdownv2"):
        parsed = Parsed(text.strip())  # Markdown is not parsed by the fake (length only)
    else:
        raise bad_request("unsupported parse_mode", path)
    if not parsed.text and not allow_empty:
        raise bad_request(errors.TEXT_EMPTY, path)
    if len(parsed.text) > limit:
        raise bad_request(too_long, path)
    return parsed


def check_inline_keyboard(markup: Any, path: str = "reply_markup") -> None:
    """Per-button rules of ``InlineKeyboardMarkup`` (the schema already checked the shape)."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return
    for r, row in enumerate(markup["inline_keyboard"] or []):
        for c, button in enumerate(row or []):
            if isinstance(button, dict):
                _check_button(button, f"{path}.inline_keyboard[{r}][{c}]")


def _check_button(button: dict[str, Any], path: str) -> None:
    actions = [k for k, v in button.items() if k not in _NON_ACTION and v is not None]
    if not actions:
        raise bad_request(errors.TEXT_BUTTONS_UNALLOWED, path)
    if len(actions) > 1:
        raise bad_request(
            "can't parse inline keyboard button: exactly one of the optional fields must be "
            f"used, got {sorted(actions)}",
            path,
        )
    data = button.get("callback_data")
    if isinstance(data, str) and not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA:
        raise bad_request(errors.BUTTON_DATA_INVALID, f"{path}.callback_data")
    url = button.get("url")
    if isinstance(url, str) and not _URL.match(url):
        raise bad_request(errors.BUTTON_URL_INVALID, f"{path}.url")
    style = button.get("style")
    if style is not None and style not in ("danger", "success", "primary"):
        raise bad_request("can't parse inline keyboard button: unsupported style", path)


def check_inline_results(params: dict[str, Any], strict_html: bool) -> None:
    """answerInlineQuery: ≤50 results, ids 1–64 bytes and unique, texts valid."""
    results = params.get("results")
    if not isinstance(results, list):
        return
    if len(results) > MAX_INLINE_RESULTS:
        raise bad_request(errors.RESULTS_TOO_MUCH, "results")
    seen: set[str] = set()
    for index, result in enumerate(results):
        path = f"results[{index}]"
        if not isinstance(result, dict):
            continue
        result_id = str(result.get("id", ""))
        if not 1 <= len(result_id.encode("utf-8")) <= MAX_RESULT_ID:
            raise bad_request(errors.RESULT_ID_INVALID, f"{path}.id")
        if result_id in seen:
            raise bad_request(errors.RESULT_ID_DUPLICATE, f"{path}.id")
        seen.add(result_id)
        check_inline_keyboard(result.get("reply_markup"), f"{path}.reply_markup")
        content = result.get("input_message_content")
        if isinstance(content, dict) and isinstance(content.get("message_text"), str):
            parse_text(
                content["message_text"],
                content.get("parse_mode"),
                strict_html=strict_html,
                limit=MAX_TEXT,
                allow_empty=False,
                too_long=errors.TEXT_TOO_LONG,
                path=f"{path}.input_message_content.message_text",
            )
        if isinstance(result.get("caption"), str):
            parse_text(
                result["caption"],
                result.get("parse_mode"),
                strict_html=strict_html,
                limit=MAX_CAPTION,
                allow_empty=True,
                too_long=errors.CAPTION_TOO_LONG,
                path=f"{path}.caption",
            )
    next_offset = params.get("next_offset")
    if isinstance(next_offset, str) and len(next_offset.encode("utf-8")) > 64:
        raise bad_request(errors.NEXT_OFFSET_INVALID, "next_offset")


def check_commands(commands: Any) -> None:
    """setMyCommands: ≤100 commands, names ``[a-z0-9_]{1,32}``, descriptions 1–256."""
    if not isinstance(commands, list):
        return
    if len(commands) > 100:
        raise bad_request("too many commands (at most 100)", "commands")
    for index, command in enumerate(commands):
        if not isinstance(command, dict):
            continue
        if not _COMMAND.match(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID", f"commands[{index}].command")
        if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID", f"commands[{index}].description")


def check_semantics(method: str, params: dict[str, Any], strict_html: bool) -> dict[str, Parsed]:
    """Run the rules for ``method`` (lower-case); returns parsed text/caption for the reply."""
    parsed: dict[str, Parsed] = {}
    if method in ("sendmessage", "editmessagetext") and isinstance(params.get("text"), str):
        parsed["text"] = parse_text(
            params["text"],
            params.get("parse_mode"),
            strict_html=strict_html,
            limit=MAX_TEXT,
            allow_empty=False,
            too_long=errors.TEXT_TOO_LONG,
            path="text",
        )
    if method in _CAPTION_METHODS and isinstance(params.get("caption"), str):
        parsed["caption"] = parse_text(
            params["caption"],
            params.get("parse_mode"),
            strict_html=strict_html,
            limit=MAX_CAPTION,
            allow_empty=True,
            too_long=errors.CAPTION_TOO_LONG,
            path="caption",
        )
    check_inline_keyboard(params.get("reply_markup"))
    if method == "answerinlinequery":
        check_inline_results(params, strict_html)
    elif method == "setmycommands":
        check_commands(params.get("commands"))
    elif method == "sendchataction" and params.get("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request", "action")
    elif method == "answercallbackquery":
        text = params.get("text")
        if isinstance(text, str) and len(text) > MAX_CALLBACK_ANSWER:
            raise bad_request("MESSAGE_TOO_LONG", "text")
    return parsed


def missing_parameter(method: str, name: str) -> ApiError:
    """Telegram's wording for the common missing parameters, a generic one otherwise."""
    if name == "chat_id":
        return bad_request(errors.CHAT_ID_EMPTY, name)
    if name == "text" and method in ("sendmessage", "editmessagetext"):
        return bad_request(errors.TEXT_EMPTY, name)
    return bad_request(f'parameter "{name}" is required', name)
