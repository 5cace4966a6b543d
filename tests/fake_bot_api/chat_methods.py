"""Chat, member, command, query and file methods, plus spec-driven answers for the rest.

Why spec-driven answers: "any other method answers true" breaks PTB when the method returns a
Message (``copyMessage``, ``sendSticker``...), because ``de_json`` cannot build one from ``true``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from . import errors
from .errors import ApiError
from .objects import ChatInfo

if TYPE_CHECKING:
    from .server import ServerCore


def resolve_chat(api: ServerCore, chat_id: Any) -> ChatInfo:
    """The chat behind ``chat_id`` (int or ``@username``), or Telegram's "chat not found"."""
    chat: ChatInfo | None
    if isinstance(chat_id, str):
        if not chat_id.startswith("@"):  # neither an id nor @username: a malformed request
            raise ApiError(400, errors.CHAT_NOT_FOUND, validation=True, path="chat_id")
        chat = api.world.find_by_username(chat_id)
    else:
        chat = api.world.chats.get(chat_id)
        if chat is None and api.unknown_chats == "create":
            chat = api.world.ensure_chat(chat_id)
    if chat is None:
        raise ApiError(400, errors.CHAT_NOT_FOUND)
    return chat


def _answer(pending: set[str], query_id: Any, strict: bool) -> bool:
    if query_id in pending:
        pending.discard(query_id)
    elif strict:
        raise ApiError(400, errors.QUERY_TOO_OLD)
    return True


def answer_callback_query(api: ServerCore, params: dict[str, Any]) -> Any:
    """answerCallbackQuery: each query id built by the fake can be answered once."""
    return _answer(api.pending_callback_queries, params["callback_query_id"], api.strict_query_ids)


def answer_inline_query(api: ServerCore, params: dict[str, Any]) -> Any:
    """answerInlineQuery: results were validated by the rules; the id must be pending."""
    return _answer(api.pending_inline_queries, params["inline_query_id"], api.strict_query_ids)


def _scope_key(params: dict[str, Any]) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), params.get("language_code") or ""


def set_my_commands(api: ServerCore, params: dict[str, Any]) -> Any:
    """setMyCommands, stored per (scope, language_code) like Telegram."""
    api.commands[_scope_key(params)] = list(params["commands"])
    return True


def get_my_commands(api: ServerCore, params: dict[str, Any]) -> Any:
    """getMyCommands."""
    return api.commands.get(_scope_key(params), [])


def delete_my_commands(api: ServerCore, params: dict[str, Any]) -> Any:
    """deleteMyCommands."""
    api.commands.pop(_scope_key(params), None)
    return True


def get_chat(api: ServerCore, params: dict[str, Any]) -> Any:
    """getChat: a complete ChatFullInfo."""
    return resolve_chat(api, params["chat_id"]).full_info()


def get_chat_member(api: ServerCore, params: dict[str, Any]) -> Any:
    """getChatMember from the registry (unknown users are ``left``)."""
    return api.world.member(resolve_chat(api, params["chat_id"]), params["user_id"])


def get_chat_administrators(api: ServerCore, params: dict[str, Any]) -> Any:
    """getChatAdministrators: creator and administrators, anonymous flags included."""
    chat = resolve_chat(api, params["chat_id"])
    if chat.type == "private":
        raise ApiError(400, "Bad Request: there are no administrators in the private chat")
    admins = [uid for uid, s in chat.members.items() if s in ("creator", "administrator")]
    return [api.world.member(chat, uid) for uid in admins]


def get_chat_member_count(api: ServerCore, params: dict[str, Any]) -> Any:
    """getChatMemberCount."""
    chat = resolve_chat(api, params["chat_id"])
    return sum(1 for s in chat.members.values() if s not in ("left", "kicked"))


def leave_chat(api: ServerCore, params: dict[str, Any]) -> Any:
    """leaveChat: later sends fail with 403 like Telegram."""
    resolve_chat(api, params["chat_id"]).members[api.world.bot["id"]] = "left"
    return True


def get_file(api: ServerCore, params: dict[str, Any]) -> Any:
    """getFile: a File whose path is served under ``base_file_url``."""
    record = api.world.files.get(params["file_id"])
    if record is None:
        raise ApiError(400, "Bad Request: invalid file_id")
    return record.file()


def spec_result(
    api: ServerCore, method: str, returns: tuple[str, ...], params: dict[str, Any]
) -> Any:
    """A plausible result of the declared type for methods without dedicated behaviour."""
    chat_id = params.get("chat_id")
    if returns == ("Boolean",) or (returns == ("Message", "Boolean") and chat_id is None):
        return True
    if "Message" in returns:
        message = api.world.message(resolve_chat(api, chat_id).id, params.get("message_id", 0))
        if message is not None and method.lower().startswith(("edit", "stop")):
            return message
        content = {k: params[k] for k in ("text", "caption") if isinstance(params.get(k), str)}
        return api.world.new_message(resolve_chat(api, chat_id), None, **content)
    if returns == ("Array of Message",):
        chat = resolve_chat(api, chat_id)
        return [api.world.new_message(chat, None) for _ in params.get("media") or [None]]
    if returns == ("MessageId",):
        return {"message_id": api.world.next_message_id(resolve_chat(api, chat_id).id)}
    if returns == ("Array of MessageId",):
        chat = resolve_chat(api, chat_id)
        return [{"message_id": api.world.next_message_id(chat.id)} for _ in params["message_ids"]]
    if returns == ("Integer",):
        return 0
    if returns == ("String",):
        return "https://t.me/+fake_bot_api"
    api.note_unmodelled(method, returns)
    return True


HANDLERS = {
    "answercallbackquery": answer_callback_query,
    "answerinlinequery": answer_inline_query,
    "setmycommands": set_my_commands,
    "getmycommands": get_my_commands,
    "deletemycommands": delete_my_commands,
    "getchat": get_chat,
    "getchatmember": get_chat_member,
    "getchatadministrators": get_chat_administrators,
    "getchatmembercount": get_chat_member_count,
    "leavechat": leave_chat,
    "getfile": get_file,
}
