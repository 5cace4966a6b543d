"""Builders for realistic incoming updates (what Telegram would send the bot).

Why builders: hand-written update dicts drift from Telegram (missing ``chat_instance``, wrong
entity offsets, a reply that points at a message that never existed). These register users,
chats, messages and query ids in the fake, so the bot's answers to them validate like real ones.
Each builder returns a complete ``Update`` dict with a fresh ``update_id``; pass it to
``FakeBotApi.enqueue`` (polling/webhook) or to ``Update.de_json`` for ``process_update`` tests.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any

from .objects import ANONYMOUS_ADMIN_BOT, ChatInfo, member_object

if TYPE_CHECKING:
    from .server import FakeBotApi

_AUTO_ENTITIES = (
    (
        "bot_command",
        re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])"),
    ),
    ("mention", re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{2,32}(?!\w)")),
    ("url", re.compile(r"https?://[^\s<>]+")),
)


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def detect_entities(text: str) -> list[dict[str, Any]]:
    """Entities Telegram attaches to incoming text: bot_command, mention and url."""
    entities: list[dict[str, Any]] = []
    taken: list[range] = []
    for kind, pattern in _AUTO_ENTITIES:
        for match in pattern.finditer(text):
            if any(match.start() in span for span in taken):
                continue
            taken.append(range(match.start(), match.end()))
            entities.append(
                {
                    "type": kind,
                    "offset": _utf16(text[: match.start()]),
                    "length": _utf16(match.group(0)),
                }
            )
    return sorted(entities, key=lambda e: e["offset"])


class UpdateBuilder:
    """``server.updates``: build updates bound to the fake's state."""

    def __init__(self, api: FakeBotApi) -> None:
        self._api = api
        self._world = api.world
        self._query_ids = itertools.count(4_000_000_000_000_000)

    def _update(self, **payload: Any) -> dict[str, Any]:
        return {"update_id": self._api.queue.allocate_id(), **payload}

    def user(
        self, user_id: int, first_name: str = "Test", username: str | None = None, **extra: Any
    ) -> dict[str, Any]:
        """Register (or refresh) a human user; returns the ``User`` dict."""
        return self._world.add_user(user_id, first_name, username, **extra)

    def _sender(self, user: int | dict[str, Any]) -> dict[str, Any]:
        return self._world.user(user) if isinstance(user, int) else user

    def _group(self, chat_id: int, title: str | None) -> ChatInfo:
        chat = self._world.chats.get(chat_id)
        if chat is None:
            chat = self._world.add_group(chat_id, title or f"Group {chat_id}")
        return chat

    def _user_message(
        self,
        chat: ChatInfo,
        sender: dict[str, Any],
        text: str,
        reply_to: int | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        content: dict[str, Any] = {"text": text, **extra}
        entities = detect_entities(text)
        if entities:
            content["entities"] = entities
        if reply_to is not None:
            original = self._world.message(chat.id, reply_to)
            if original is None:
                raise KeyError(f"no message {reply_to} in chat {chat.id} to reply to")
            content["reply_to_message"] = {
                k: v for k, v in original.items() if k != "reply_to_message"
            }
        return self._world.new_message(chat, sender, **content)

    # -- messages -----------------------------------------------------------------------------
    def private_message(
        self, user: int | dict[str, Any], text: str, *, reply_to: int | None = None
    ) -> dict[str, Any]:
        """A text message in the user's private chat with the bot (commands get entities)."""
        sender = self._sender(user)
        chat = self._world.chats[sender["id"]]
        return self._update(message=self._user_message(chat, sender, text, reply_to))

    def group_message(
        self,
        chat_id: int,
        user: int | dict[str, Any],
        text: str,
        *,
        title: str | None = None,
        reply_to: int | None = None,
        anonymous_admin: bool = False,
    ) -> dict[str, Any]:
        """A group text message; ``anonymous_admin`` sends it as the group (sender_chat)."""
        chat = self._group(chat_id, title)
        if anonymous_admin:
            message = self._user_message(
                chat, dict(ANONYMOUS_ADMIN_BOT), text, reply_to, sender_chat=chat.as_chat()
            )
        else:
            message = self._user_message(chat, self._sender(user), text, reply_to)
        return self._update(message=message)

    def command(
        self,
        chat_id: int,
        user: int | dict[str, Any],
        command: str,
        args: str = "",
        *,
        addressed: bool | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """``/command[@bot] args``; in groups the ``@bot`` suffix is added unless told not to."""
        is_private = chat_id > 0
        addressed = (not is_private) if addressed is None else addressed
        suffix = f"@{self._world.bot['username']}" if addressed else ""
        text = f"/{command.lstrip('/')}{suffix}" + (f" {args}" if args else "")
        if is_private:
            return self.private_message(user, text, **kwargs)
        return self.group_message(chat_id, user, text, **kwargs)

    def mention(
        self, chat_id: int, user: int | dict[str, Any], text: str, **kwargs: Any
    ) -> dict[str, Any]:
        """A group message starting with ``@botusername`` (a mention entity)."""
        return self.group_message(
            chat_id, user, f"@{self._world.bot['username']} {text}", **kwargs
        )

    def reply_to_bot(
        self, chat_id: int, user: int | dict[str, Any], text: str, message_id: int | None = None
    ) -> dict[str, Any]:
        """A reply to the bot's last (or given) message in the chat."""
        if message_id is None:
            message_id = self.last_bot_message(chat_id)["message_id"]
        if chat_id > 0:
            return self.private_message(user, text, reply_to=message_id)
        return self.group_message(chat_id, user, text, reply_to=message_id)

    def edited_message(self, chat_id: int, message_id: int, text: str) -> dict[str, Any]:
        """The user edited an earlier message (PTB's CommandHandler fires on these too)."""
        message = dict(self._world.messages[(chat_id, message_id)])
        message.update(text=text, edit_date=self._api.now())
        message.pop("entities", None)
        if detect_entities(text):
            message["entities"] = detect_entities(text)
        self._world.messages[(chat_id, message_id)] = message
        return self._update(edited_message=message)

    def last_bot_message(self, chat_id: int) -> dict[str, Any]:
        """The newest message the bot sent in ``chat_id``."""
        bot_id = self._world.bot["id"]
        for (cid, _), message in reversed(self._world.messages.items()):
            if cid == chat_id and message["from"]["id"] == bot_id:
                return message
        raise KeyError(f"the bot has not sent anything to chat {chat_id}")

    # -- queries ------------------------------------------------------------------------------
    def callback_query(
        self,
        user: int | dict[str, Any],
        data: str,
        *,
        chat_id: int | None = None,
        message_id: int | None = None,
    ) -> dict[str, Any]:
        """A press of an inline button on a bot message (default: its last one in the chat)."""
        sender = self._sender(user)
        chat_id = sender["id"] if chat_id is None else chat_id
        message = (
            self._world.messages[(chat_id, message_id)]
            if message_id is not None
            else self.last_bot_message(chat_id)
        )
        query_id = str(next(self._query_ids))
        self._api.pending_callback_queries.add(query_id)
        return self._update(
            callback_query={
                "id": query_id,
                "from": sender,
                "message": message,
                "chat_instance": str(-abs(hash((chat_id, self._world.bot["id"])))),
                "data": data,
            }
        )

    def inline_query(
        self,
        user: int | dict[str, Any],
        query: str,
        *,
        offset: str = "",
        chat_type: str = "sender",
    ) -> dict[str, Any]:
        """An inline query typed as ``@bot query`` in some chat."""
        query_id = str(next(self._query_ids))
        self._api.pending_inline_queries.add(query_id)
        return self._update(
            inline_query={
                "id": query_id,
                "from": self._sender(user),
                "query": query,
                "offset": offset,
                "chat_type": chat_type,
            }
        )

    def chosen_inline_result(
        self, user: int | dict[str, Any], result_id: str, query: str
    ) -> dict[str, Any]:
        """Inline feedback (needs /setinlinefeedback at BotFather in production)."""
        return self._update(
            chosen_inline_result={
                "result_id": result_id,
                "query": query,
                "from": self._sender(user),
            }
        )

    # -- membership and migration -----------------------------------------------------------
    def my_chat_member(
        self,
        chat_id: int,
        by: int | dict[str, Any],
        new_status: str,
        old_status: str | None = None,
    ) -> dict[str, Any]:
        """The bot's own status changed; the fake's chat state changes with it."""
        chat = self._world.chats.get(chat_id) or self._world.ensure_chat(chat_id)
        bot_id = self._world.bot["id"]
        old_status = old_status or chat.members.get(bot_id, "left")
        chat.members[bot_id] = new_status
        bot = self._world.bot_user
        return self._update(
            my_chat_member={
                "chat": chat.as_chat(),
                "from": self._sender(by),
                "date": self._api.now(),
                "old_chat_member": member_object(old_status, bot),
                "new_chat_member": member_object(new_status, bot),
            }
        )

    def bot_added(
        self,
        chat_id: int,
        by: int | dict[str, Any],
        *,
        title: str | None = None,
        as_admin: bool = False,
    ) -> dict[str, Any]:
        """The bot was added to a group (by ``by``)."""
        self._group(chat_id, title).members.pop(self._world.bot["id"], None)
        return self.my_chat_member(chat_id, by, "administrator" if as_admin else "member", "left")

    def bot_removed(self, chat_id: int, by: int | dict[str, Any]) -> dict[str, Any]:
        """The bot left / was removed from a group."""
        return self.my_chat_member(chat_id, by, "left")

    def bot_kicked(self, chat_id: int, by: int | dict[str, Any]) -> dict[str, Any]:
        """The bot was banned from a group; later sends get 403 "kicked"."""
        return self.my_chat_member(chat_id, by, "kicked")

    def bot_blocked(self, user: int | dict[str, Any]) -> dict[str, Any]:
        """The user blocked the bot; later sends get 403 "blocked by the user"."""
        sender = self._sender(user)
        return self.my_chat_member(sender["id"], sender, "kicked", "member")

    def bot_unblocked(self, user: int | dict[str, Any]) -> dict[str, Any]:
        """The user restarted the bot."""
        sender = self._sender(user)
        return self.my_chat_member(sender["id"], sender, "member", "kicked")

    def migration(
        self, old_id: int, new_id: int, by: int | dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Service messages of a group→supergroup upgrade (old chat, then new chat)."""
        sender = self._sender(by)
        old = self._group(old_id, None)
        new = self._world.chats.get(new_id) or self._world.add_group(
            new_id, old.title or "", supergroup=True
        )
        new.members.update(old.members)
        new.anonymous.update(old.anonymous)
        first = self._world.new_message(old, sender, migrate_to_chat_id=new_id)
        second = self._world.new_message(
            new, dict(ANONYMOUS_ADMIN_BOT), sender_chat=new.as_chat(), migrate_from_chat_id=old_id
        )
        return self._update(message=first), self._update(message=second)

    # -- odd ones -----------------------------------------------------------------------------
    def unknown_update(self, kind: str = "future_update_type") -> dict[str, Any]:
        """An update type newer than the bot's PTB (PTB keeps it in ``api_kwargs``)."""
        return self._update(**{kind: {"id": 1, "date": self._api.now()}})

    def raw(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Any hand-made update body, with an update_id (for malformed-input tests)."""
        return self._update(**payload)
