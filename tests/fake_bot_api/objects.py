"""The fake's view of Telegram: users, chats, members, messages and files, as complete objects.

Why complete: PTB's ``de_json`` calls each class constructor, so a payload missing a required
field (e.g. one of ChatMemberAdministrator's rights) raises ``TypeError`` inside the bot instead
of testing it. Every dict built here passes both the spec validator and PTB (see the tests).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from .files import FileStore

ANONYMOUS_ADMIN_BOT = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}
_ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_pin_messages",
)


def chat_kind(chat_id: int) -> str:
    """Telegram's id ranges: users > 0, basic groups > -10**12, supergroups/channels -100…."""
    if chat_id > 0:
        return "private"
    return "supergroup" if chat_id <= -1_000_000_000_000 else "group"


@dataclass
class ChatInfo:
    """A chat the fake knows, with its member statuses (the basis of getChatMember)."""

    id: int
    type: str
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    members: dict[int, str] = field(default_factory=dict)
    anonymous: set[int] = field(default_factory=set)

    def as_chat(self) -> dict[str, Any]:
        """A ``Chat`` object as embedded in messages."""
        chat: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.type == "private":
            chat["first_name"] = self.first_name or "User"
        else:
            chat["title"] = self.title or f"Group {self.id}"
        if self.username:
            chat["username"] = self.username
        return chat

    def full_info(self) -> dict[str, Any]:
        """A ``ChatFullInfo`` for getChat (required fields as of Bot API 10.x)."""
        gifts = dict.fromkeys(
            (
                "unlimited_gifts",
                "limited_gifts",
                "unique_gifts",
                "premium_subscription",
                "gifts_from_channels",
            ),
            False,
        )
        return {
            **self.as_chat(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": gifts,
        }


class World:
    """Mutable state shared by the method handlers and the update builders."""

    def __init__(self, bot_id: int, bot_username: str, bot_name: str) -> None:
        self.bot: dict[str, Any] = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.users: dict[int, dict[str, Any]] = {}
        self.chats: dict[int, ChatInfo] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.files = FileStore()
        self._message_ids: dict[int, itertools.count[int]] = {}

    @property
    def bot_user(self) -> dict[str, Any]:
        """The bot as a plain ``User`` (the ``from`` of its messages)."""
        keys = ("id", "is_bot", "first_name", "username")
        return {k: self.bot[k] for k in keys}

    # -- registry -------------------------------------------------------------------------
    def add_user(
        self,
        user_id: int,
        first_name: str = "Test",
        username: str | None = None,
        last_name: str | None = None,
        language_code: str | None = "en",
    ) -> dict[str, Any]:
        """Register a human user (also creates the private chat with the bot)."""
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        for key, value in (
            ("last_name", last_name),
            ("username", username),
            ("language_code", language_code),
        ):
            if value:
                user[key] = value
        self.users[user_id] = user
        chat = self.chats.setdefault(user_id, ChatInfo(user_id, "private"))
        chat.first_name, chat.username = first_name, username
        chat.members.update({user_id: "member", self.bot["id"]: "member"})
        return user

    def user(self, user_id: int) -> dict[str, Any]:
        """Known user, or a placeholder one registered on the fly."""
        return self.users.get(user_id) or self.add_user(user_id, f"User{user_id}")

    def add_group(
        self,
        chat_id: int,
        title: str,
        *,
        supergroup: bool | None = None,
        username: str | None = None,
        creator: int | None = None,
        admins: tuple[int, ...] = (),
        members: tuple[int, ...] = (),
        anonymous_admins: tuple[int, ...] = (),
        bot_status: str = "member",
    ) -> ChatInfo:
        """Register a group/supergroup with roles; the bot is a member unless told otherwise."""
        kind = (
            chat_kind(chat_id) if supergroup is None else ("supergroup" if supergroup else "group")
        )
        chat = ChatInfo(chat_id, kind, title=title, username=username)
        chat.members[self.bot["id"]] = bot_status
        roles = [(a, "administrator") for a in (*admins, *anonymous_admins)]
        roles += [(m, "member") for m in members]
        if creator is not None:
            roles.insert(0, (creator, "creator"))
        for user_id, status in roles:
            self.user(user_id)
            chat.members[user_id] = status
        chat.anonymous.update(anonymous_admins)
        self.chats[chat_id] = chat
        return chat

    def ensure_chat(self, chat_id: int) -> ChatInfo:
        """A chat for an id never registered (``unknown_chats="create"``)."""
        chat = self.chats.get(chat_id)
        if chat is None:
            if chat_id > 0:
                self.add_user(chat_id, f"User{chat_id}")
                return self.chats[chat_id]
            chat = self.add_group(chat_id, f"Group {chat_id}")
        return chat

    def find_by_username(self, username: str) -> ChatInfo | None:
        """Resolve ``@username`` chat ids."""
        wanted = username.lstrip("@").lower()
        return next((c for c in self.chats.values() if (c.username or "").lower() == wanted), None)

    # -- members ----------------------------------------------------------------------------
    def member(self, chat: ChatInfo, user_id: int) -> dict[str, Any]:
        """A complete ``ChatMember*`` object for ``user_id`` in ``chat``."""
        user = self.bot_user if user_id == self.bot["id"] else self.user(user_id)
        return member_object(chat.members.get(user_id, "left"), user, user_id in chat.anonymous)

    # -- messages ---------------------------------------------------------------------------
    def next_message_id(self, chat_id: int) -> int:
        """Message ids increase per chat, as in private chats and supergroups."""
        counter = self._message_ids.get(chat_id)
        if counter is None:
            counter = self._message_ids[chat_id] = itertools.count(1)
        return next(counter)

    def new_message(
        self, chat: ChatInfo, sender: dict[str, Any] | None, **content: Any
    ) -> dict[str, Any]:
        """Create, store and return a message (``sender`` None = the bot)."""
        message: dict[str, Any] = {
            "message_id": self.next_message_id(chat.id),
            "from": sender or self.bot_user,
            "chat": chat.as_chat(),
            "date": int(time.time()),
        }
        message.update({k: v for k, v in content.items() if v is not None})
        self.messages[(chat.id, message["message_id"])] = message
        return message

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """A stored message, for replies/edits/deletes."""
        return self.messages.get((chat_id, message_id))


def member_object(status: str, user: dict[str, Any], anonymous: bool = False) -> dict[str, Any]:
    """A complete ``ChatMember`` of the given status."""
    if status == "creator":
        return {"status": "creator", "user": user, "is_anonymous": anonymous}
    if status == "administrator":
        rights = dict.fromkeys(_ADMIN_RIGHTS, True)
        return {
            "status": "administrator",
            "user": user,
            "can_be_edited": False,
            "is_anonymous": anonymous,
            **rights,
        }
    if status == "kicked":
        return {"status": "kicked", "user": user, "until_date": 0}
    return {"status": status if status in ("member", "left") else "member", "user": user}
