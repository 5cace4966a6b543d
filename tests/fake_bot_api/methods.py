"""Message methods (send, edit, delete) and the registry of every modelled method.

Why stateful: editing, replying and deleting only fail realistically if the fake remembers which
messages exist ("message is not modified" after an identical edit, "message to be replied not
found", "message can't be edited" for a user's message).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import chat_methods, errors
from .chat_methods import resolve_chat
from .errors import ApiError
from .html_check import Parsed
from .objects import ChatInfo

if TYPE_CHECKING:
    from .server import ServerCore

Handler = Callable[["ServerCore", dict[str, Any], dict[str, Parsed]], Any]


def _markup(params: dict[str, Any]) -> dict[str, Any]:
    markup = params.get("reply_markup")
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        return {"reply_markup": markup}  # Message.reply_markup only ever holds inline keyboards
    return {}


def _reply(api: ServerCore, chat: ChatInfo, params: dict[str, Any]) -> dict[str, Any]:
    reply = params.get("reply_parameters")
    if not isinstance(reply, dict):
        return {}
    target = reply.get("chat_id", chat.id)
    original = api.world.message(
        target if isinstance(target, int) else chat.id, reply.get("message_id", 0)
    )
    if original is None:
        if reply.get("allow_sending_without_reply"):
            return {}
        raise ApiError(400, errors.REPLY_NOT_FOUND)
    return {"reply_to_message": {k: v for k, v in original.items() if k != "reply_to_message"}}


def _text_fields(
    parsed: Parsed | None, text_key: str, entities_key: str, params: dict[str, Any]
) -> dict[str, Any]:
    if parsed is None:
        return {}
    fields: dict[str, Any] = {text_key: parsed.text} if parsed.text else {}
    entities = parsed.entities or params.get(entities_key)  # explicit entities are echoed
    if entities:
        fields[entities_key] = entities
    return fields


def _send(api: ServerCore, params: dict[str, Any], **content: Any) -> dict[str, Any]:
    chat = resolve_chat(api, params["chat_id"])
    reply = _reply(api, chat, params)
    return api.world.new_message(chat, None, **content, **reply, **_markup(params))


def send_message(api: ServerCore, params: dict[str, Any], parsed: dict[str, Parsed]) -> Any:
    """sendMessage: a Message carrying the text after entity parsing."""
    return _send(api, params, **_text_fields(parsed.get("text"), "text", "entities", params))


def send_photo(api: ServerCore, params: dict[str, Any], parsed: dict[str, Parsed]) -> Any:
    """sendPhoto: multipart upload, known file_id (a reuse) or URL."""
    photo = api.world.files.resolve(params["photo"], "photo")
    caption = _text_fields(parsed.get("caption"), "caption", "caption_entities", params)
    return _send(api, params, photo=photo, **caption)


def send_document(api: ServerCore, params: dict[str, Any], parsed: dict[str, Parsed]) -> Any:
    """sendDocument: like sendPhoto but kept pixel-exact."""
    document = api.world.files.resolve(params["document"], "document")
    caption = _text_fields(parsed.get("caption"), "caption", "caption_entities", params)
    return _send(api, params, document=document, **caption)


def _editable(api: ServerCore, params: dict[str, Any]) -> dict[str, Any] | None:
    if params.get("inline_message_id"):
        return None
    chat = resolve_chat(api, params.get("chat_id"))
    message = api.world.message(chat.id, params.get("message_id", 0))
    if message is None:
        raise ApiError(400, errors.MESSAGE_TO_EDIT_NOT_FOUND)
    if message["from"]["id"] != api.world.bot["id"]:
        raise ApiError(400, "Bad Request: message can't be edited")
    return message


def _apply_edit(api: ServerCore, message: dict[str, Any], changes: dict[str, Any]) -> Any:
    if all(message.get(k) == v for k, v in changes.items()):
        raise ApiError(400, errors.NOT_MODIFIED)
    for key, value in changes.items():
        if value is None:
            message.pop(key, None)
        else:
            message[key] = value
    message["edit_date"] = max(message["date"], api.now())
    return message


def edit_message_text(api: ServerCore, params: dict[str, Any], parsed: dict[str, Parsed]) -> Any:
    """editMessageText: fails like Telegram for unknown, foreign or unchanged messages."""
    message = _editable(api, params)
    if message is None:
        return True
    if "text" not in message:
        raise ApiError(400, errors.NO_TEXT_TO_EDIT)
    text = parsed["text"]
    markup = _markup(params).get("reply_markup")
    changes = {"text": text.text, "entities": text.entities or None, "reply_markup": markup}
    return _apply_edit(api, message, changes)


def edit_message_caption(
    api: ServerCore, params: dict[str, Any], parsed: dict[str, Parsed]
) -> Any:
    """editMessageCaption."""
    message = _editable(api, params)
    if message is None:
        return True
    caption = parsed.get("caption") or Parsed("")
    changes = {
        "caption": caption.text or None,
        "caption_entities": caption.entities or None,
        "reply_markup": _markup(params).get("reply_markup"),
    }
    return _apply_edit(api, message, changes)


def edit_message_reply_markup(
    api: ServerCore, params: dict[str, Any], parsed: dict[str, Parsed]
) -> Any:
    """editMessageReplyMarkup (also how keyboards are removed after a choice)."""
    message = _editable(api, params)
    if message is None:
        return True
    return _apply_edit(api, message, {"reply_markup": _markup(params).get("reply_markup")})


def delete_message(api: ServerCore, params: dict[str, Any], parsed: dict[str, Parsed]) -> Any:
    """deleteMessage."""
    chat = resolve_chat(api, params["chat_id"])
    if api.world.messages.pop((chat.id, params["message_id"]), None) is None:
        raise ApiError(400, errors.MESSAGE_TO_DELETE_NOT_FOUND)
    return True


def _without_parsed(handler: Callable[[ServerCore, dict[str, Any]], Any]) -> Handler:
    return lambda api, params, parsed: handler(api, params)


def _true(api: ServerCore, params: dict[str, Any], parsed: dict[str, Parsed]) -> Any:
    return True


HANDLERS: dict[str, Handler] = {
    "getme": lambda api, params, parsed: dict(api.world.bot),
    "sendmessage": send_message,
    "sendphoto": send_photo,
    "senddocument": send_document,
    "editmessagetext": edit_message_text,
    "editmessagecaption": edit_message_caption,
    "editmessagereplymarkup": edit_message_reply_markup,
    "deletemessage": delete_message,
    "sendchataction": _true,
    "close": _true,
    "logout": _true,
    **{name: _without_parsed(fn) for name, fn in chat_methods.HANDLERS.items()},
}
