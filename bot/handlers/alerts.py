"""/follow, /unfollow, /following, /forget, /privacy and the follow buttons.

Parse → one use case (bot/usecases/subscriptions.py) → one reply (bot/alerts/replies.py).
In groups only admins change what the group follows (telegram.md §5.3): checked with
getChatMember, and a message sent as the group itself (an anonymous admin) counts as an admin.
"""

from __future__ import annotations

import logging
import re

from telegram import ChatMember, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.alerts.replies import (
    ADMINS_ONLY,
    USAGE,
    Buttons,
    Reply,
    follow_reply,
    following_reply,
    forget_reply,
    privacy_reply,
    unfollow_reply,
)
from bot.callback_data import decode
from bot.handlers.context import BotContext
from bot.usecases.subscriptions import (
    CHANGES,
    EVERY,
    follow,
    follow_trust,
    following,
    forget_chat,
    privacy_report,
    unfollow,
    unfollow_trust,
)

log = logging.getLogger(__name__)
_FRESH = filters.UpdateType.MESSAGE  # an edited "/follow x" must not act twice
_MODE_BUTTON = re.compile(r"^f([ec]):([A-Z0-9]{3,5})$")
_FOLLOW_PAYLOAD = re.compile(r"^f_([A-Za-z0-9]{3,5})$")
STALE = "Sorry, that button is out of date. Please ask again."
OPEN_THE_BOT = "Open a chat with the bot to follow trusts."


def register(application: Application) -> None:
    """Add the alert commands and buttons (called from bot.handlers.register, group 0)."""
    application.add_handler(CommandHandler("follow", cmd_follow, filters=_FRESH))
    application.add_handler(CommandHandler("unfollow", cmd_unfollow, filters=_FRESH))
    application.add_handler(CommandHandler("following", cmd_following, filters=_FRESH))
    application.add_handler(CommandHandler("forget", cmd_forget, filters=_FRESH))
    application.add_handler(CommandHandler("privacy", cmd_privacy, filters=_FRESH))
    application.add_handler(CallbackQueryHandler(cb_follow, pattern=r"^(?:[fu]|f[ec]):"))


async def may_change_follows(update: Update, context: BotContext) -> bool:
    """Private chats: yes. Groups: the group's creator and administrators only."""
    chat = update.effective_chat
    if chat is None:
        return False
    if chat.type == ChatType.PRIVATE:
        return True
    message = update.message
    if message is not None and message.sender_chat is not None:
        return message.sender_chat.id == chat.id  # an anonymous admin posts as the group
    user = update.effective_user
    if user is None:
        return False
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError:
        log.warning("Could not check admin status; refusing the change", exc_info=True)
        return False
    return member.status in (ChatMember.OWNER, ChatMember.ADMINISTRATOR)


async def cmd_follow(update: Update, context: BotContext) -> None:
    """/follow <trust | region X | icb X> [every quarter]."""
    chat = update.effective_chat
    text = " ".join(context.args or [])
    if chat is None:
        return
    if not text:
        await _send(update, context, Reply(USAGE))
    elif not await may_change_follows(update, context):
        await _send(update, context, Reply(ADMINS_ONLY))
    else:
        await _send(
            update, context, follow_reply(follow(context.services, chat.id, chat.type, text))
        )


async def cmd_unfollow(update: Update, context: BotContext) -> None:
    """/unfollow <trust | region X | icb X | all>; bare, it lists follows with buttons."""
    chat = update.effective_chat
    text = " ".join(context.args or [])
    if chat is None:
        return
    if not text:
        await _send(update, context, following_reply(following(context.services, chat.id)))
    elif not await may_change_follows(update, context):
        await _send(update, context, Reply(ADMINS_ONLY))
    else:
        await _send(update, context, unfollow_reply(unfollow(context.services, chat.id, text)))


async def cmd_following(update: Update, context: BotContext) -> None:
    """/following: what this chat follows (anyone may look)."""
    chat = update.effective_chat
    if chat is not None:
        views = following(context.services, chat.id, include_paused=True)
        await _send(update, context, following_reply(views))


async def cmd_forget(update: Update, context: BotContext) -> None:
    """/forget: delete everything stored about this chat (admins only in groups)."""
    chat = update.effective_chat
    if chat is None:
        return
    if not await may_change_follows(update, context):
        await _send(update, context, Reply(ADMINS_ONLY))
        return
    await _send(update, context, forget_reply(forget_chat(context.services, chat.id)))


async def cmd_privacy(update: Update, context: BotContext) -> None:
    """/privacy: what is stored about this chat, and why."""
    chat = update.effective_chat
    if chat is not None:
        await _send(update, context, privacy_reply(privacy_report(context.services, chat.id)))


async def start_follow(update: Update, context: BotContext, payload: str) -> bool:
    """Handle a `/start f_CODE` deep link (the lead's /start calls this first).

    Returns:
        False when `payload` is not a follow link for a known trust (the caller carries on).
    """
    match = _FOLLOW_PAYLOAD.match(payload)
    chat = update.effective_chat
    code = match[1].upper() if match else ""
    if chat is None or code not in context.services.league.known_codes:
        return False
    if not await may_change_follows(update, context):
        await _send(update, context, Reply(ADMINS_ONLY))
        return True
    result = follow_trust(context.services, chat.id, chat.type, code)
    await _send(update, context, follow_reply(result))
    return True


async def cb_follow(update: Update, context: BotContext) -> None:
    """Follow (`f:`), unfollow (`u:`) and mode (`fe:`/`fc:`) buttons; forged data gets a no."""
    query = update.callback_query
    if query is None:
        return
    known = context.services.league.known_codes
    mode_button = _MODE_BUTTON.match(query.data or "")
    action = decode(query.data, known)
    if mode_button and mode_button[2] in known:
        verb, code = "mode", mode_button[2]
    elif action is not None and action.action in ("follow", "unfollow"):
        verb, code = action.action, action.trust_code
    else:
        await query.answer(STALE)
        return
    chat = update.effective_chat
    if chat is None or query.message is None:
        await query.answer(OPEN_THE_BOT)
        return
    if not await may_change_follows(update, context):
        await query.answer(ADMINS_ONLY, show_alert=True)
        return
    services = context.services
    if verb == "unfollow":
        reply = unfollow_reply(unfollow_trust(services, chat.id, code))
        await query.answer("Unfollowed")
        await _edit(update, reply)
    elif verb == "mode":
        mode = EVERY if mode_button and mode_button[1] == "e" else CHANGES
        reply = follow_reply(follow_trust(services, chat.id, chat.type, code, mode))
        await query.answer("Every quarter" if mode == EVERY else "Only segment changes")
        await _edit(update, reply)
    else:
        reply = follow_reply(follow_trust(services, chat.id, chat.type, code))
        await query.answer("Following")
        await _send(update, context, reply)


def _keyboard(buttons: Buttons) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=data) for label, data in row]
            for row in buttons
        ]
    )


async def _send(update: Update, context: BotContext, reply: Reply) -> None:
    """Reply in the chat (to the command's message when there is one)."""
    chat = update.effective_chat
    if chat is None:
        return
    markup = _keyboard(reply.buttons)
    message = update.message
    if message is not None:
        await message.reply_text(reply.text, parse_mode=ParseMode.HTML, reply_markup=markup)
    else:
        await context.bot.send_message(
            chat.id, reply.text, parse_mode=ParseMode.HTML, reply_markup=markup
        )


async def _edit(update: Update, reply: Reply) -> None:
    """Replace the pressed message (our own follow reply) with the new state."""
    query = update.callback_query
    if query is None:
        return
    try:
        await query.edit_message_text(
            reply.text, parse_mode=ParseMode.HTML, reply_markup=_keyboard(reply.buttons)
        )
    except BadRequest as err:
        if "not modified" not in err.message.lower():
            raise
