"""Spec validation: rejects what Telegram rejects (recorded), accepts every wire encoding."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .api import FakeBotApi
from .spec import load_spec

KEYBOARD = {"inline_keyboard": [[{"text": "RJ1", "callback_data": "t:RJ1"}]]}


async def rejected(server: FakeBotApi, method: str, **params: Any) -> tuple[int, str]:
    status, body = await server.request(method, **params)
    assert body["ok"] is False
    errors = server.take_validation_errors()
    assert errors, f"{method} was rejected but not recorded as a validation error"
    return status, body["description"]


async def test_accepts_form_json_query_and_multipart(fake_bot_api: FakeBotApi) -> None:
    server = fake_bot_api
    assert (await server.request("sendMessage", chat_id=1, text="form"))[0] == 200
    assert (await server.request("sendMessage", as_json=True, chat_id=1, text="json"))[0] == 200
    status, _ = await server.request("sendMessage", http_method="GET", chat_id=1, text="query")
    assert status == 200
    status, body = await server.request(
        "SENDPHOTO", files={"photo": ("chart.png", b"\x89PNG")}, chat_id=1, caption="c"
    )
    assert status == 200 and body["result"]["caption"] == "c"
    # JSON body whose nested object is itself a JSON string (some clients do this)
    status, _ = await server.request(
        "sendMessage", as_json=True, chat_id=1, text="x", reply_markup=json.dumps(KEYBOARD)
    )
    assert status == 200
    assert [c.method for c in server.calls()] == ["sendMessage"] * 3 + ["sendPhoto", "sendMessage"]


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"text": "hi"}, "Bad Request: chat_id is empty"),
        ({"chat_id": 1}, "Bad Request: message text is empty"),
        ({"chat_id": 1, "text": "   "}, "Bad Request: message text is empty"),
        ({"chat_id": 1, "text": "x" * 4097}, "Bad Request: message is too long"),
        ({"chat_id": 1, "text": "<b>x</i>", "parse_mode": "HTML"}, "Bad Request: can't parse"),
        ({"chat_id": 1, "text": "A & B", "parse_mode": "HTML"}, "Bad Request: can't parse"),
        ({"chat_id": 1, "text": "x", "parse_mode": "html5"}, "Bad Request: unsupported parse"),
        ({"chat_id": "one", "text": "x"}, "Bad Request: chat not found"),
        ({"chat_id": 1, "text": "x", "disable_notification": "yes"}, "Bad Request: can't parse"),
        ({"chat_id": 1, "text": "x", "reply_markup": "{not json"}, "Bad Request: can't parse"),
    ],
)
async def test_send_message_rejections(
    fake_bot_api: FakeBotApi, params: dict[str, Any], description: str
) -> None:
    status, text = await rejected(fake_bot_api, "sendMessage", **params)
    assert status == 400 and text.startswith(description)


async def test_length_counts_text_after_entity_parsing(fake_bot_api: FakeBotApi) -> None:
    status, body = await fake_bot_api.request(
        "sendMessage", chat_id=1, text=f"<b>{'x' * 4096}</b>", parse_mode="HTML"
    )
    assert status == 200 and len(body["result"]["text"]) == 4096
    caption = {"chat_id": 1, "photo": "https://example.org/c.jpg", "caption": "c" * 1025}
    assert (await rejected(fake_bot_api, "sendPhoto", **caption))[1] == (
        "Bad Request: message caption is too long"
    )


@pytest.mark.parametrize(
    ("button", "description"),
    [
        ({"text": "x", "callback_data": "x" * 65}, "Bad Request: BUTTON_DATA_INVALID"),
        ({"text": "x", "callback_data": "é" * 33}, "Bad Request: BUTTON_DATA_INVALID"),
        ({"text": "x", "callback_data": ""}, "Bad Request: BUTTON_DATA_INVALID"),
        ({"text": "x"}, "Bad Request: text buttons are unallowed in the inline keyboard"),
        ({"text": "x", "callback_data": "a", "url": "https://a.b"}, "Bad Request: can't parse"),
        ({"text": "x", "url": "www.nhs.uk"}, "Bad Request: BUTTON_URL_INVALID"),
        ({"callback_data": "a"}, "Bad Request: can't parse reply_markup"),
        ({"text": 5, "callback_data": "a"}, "Bad Request: can't parse reply_markup"),
    ],
)
async def test_inline_keyboard_rules(
    fake_bot_api: FakeBotApi, button: dict[str, Any], description: str
) -> None:
    markup = {"inline_keyboard": [[button]]}
    _, text = await rejected(fake_bot_api, "sendMessage", chat_id=1, text="x", reply_markup=markup)
    assert text.startswith(description)


async def test_keyboard_structure_is_checked_recursively(fake_bot_api: FakeBotApi) -> None:
    _, text = await rejected(
        fake_bot_api, "sendMessage", chat_id=1, text="x", reply_markup={"inline_keyboard": [{}]}
    )
    assert "reply_markup" in text


def article(result_id: str, text: str = "x", **extra: Any) -> dict[str, Any]:
    content = {"message_text": text, "parse_mode": "HTML"}
    return {"type": "article", "id": result_id, "title": "T", "input_message_content": content}


@pytest.mark.parametrize(
    ("results", "description"),
    [
        ([article(str(i)) for i in range(51)], "Bad Request: RESULTS_TOO_MUCH"),
        ([article("a"), article("a")], "Bad Request: RESULT_ID_DUPLICATE"),
        ([article("x" * 65)], "Bad Request: RESULT_ID_INVALID"),
        ([article("1", "<b>unclosed")], "Bad Request: can't parse entities"),
        ([{"type": "article", "id": "1", "title": "T"}], "Bad Request: can't parse results"),
        ([{"type": "photo", "id": "1", "photo_url": "https://x/y.jpg"}], "Bad Request: can't"),
        ([{"type": "hologram", "id": "1"}], "Bad Request: can't parse results[0].type"),
    ],
)
async def test_inline_query_results(
    fake_bot_api: FakeBotApi, results: list[dict[str, Any]], description: str
) -> None:
    update = fake_bot_api.updates.inline_query(7, "rj1")
    query_id = update["inline_query"]["id"]
    _, text = await rejected(
        fake_bot_api, "answerInlineQuery", inline_query_id=query_id, results=results
    )
    assert text.startswith(description)


async def test_valid_inline_results_of_several_types(fake_bot_api: FakeBotApi) -> None:
    query_id = fake_bot_api.updates.inline_query(7, "rj1")["inline_query"]["id"]
    results = [
        article("a1"),
        {"type": "photo", "id": "p1", "photo_file_id": "AgAC"},  # InlineQueryResultCachedPhoto
        {
            "type": "photo",
            "id": "p2",
            "photo_url": "https://x/y.jpg",
            "thumbnail_url": "https://x/t",
        },
    ]
    status, body = await fake_bot_api.request(
        "answerInlineQuery", inline_query_id=query_id, results=results, cache_time=0
    )
    assert (status, body) == (200, {"ok": True, "result": True})


async def test_unknown_method_wrong_token_and_case_insensitivity(fake_bot_api: FakeBotApi) -> None:
    status, body = await fake_bot_api.request("sendTelepathy", chat_id=1)
    assert (status, body["description"]) == (404, "Not Found")
    assert [e.path for e in fake_bot_api.take_validation_errors()] == ["sendTelepathy"]
    status, body = await fake_bot_api.request("getMe", token="1:wrong")
    assert (status, body["description"]) == (401, "Unauthorized")
    status, body = await fake_bot_api.request("GETME")
    assert status == 200 and body["result"]["username"] == fake_bot_api.bot["username"]


async def test_unknown_parameters_are_warnings_not_errors(fake_bot_api: FakeBotApi) -> None:
    status, _ = await fake_bot_api.request("sendMessage", chat_id=1, text="x", colour="red")
    assert status == 200
    assert [(w.path, w.rejected) for w in fake_bot_api.warnings] == [("colour", False)]


async def test_other_spec_methods_are_validated_then_true(fake_bot_api: FakeBotApi) -> None:
    status, body = await fake_bot_api.request("pinChatMessage", chat_id=1, message_id=1)
    assert (status, body["result"]) == (200, True)
    status, text = await rejected(fake_bot_api, "pinChatMessage", chat_id=1)
    assert (status, text) == (400, 'Bad Request: parameter "message_id" is required')


@pytest.mark.parametrize(
    ("method", "params", "description"),
    [
        ("setMyCommands", {"commands": [{"command": "League", "description": "x"}]}, "BOT_COMM"),
        ("setMyCommands", {"commands": [{"command": "league", "description": ""}]}, "BOT_COMM"),
        ("sendChatAction", {"chat_id": 1, "action": "dancing"}, "wrong parameter action"),
        ("answerCallbackQuery", {"callback_query_id": "1", "text": "x" * 201}, "MESSAGE_TOO_"),
        ("setWebhook", {"url": "http://example.org/hook"}, "bad webhook: HTTPS url"),
        ("setWebhook", {"url": "https://example.org:8080/hook"}, "bad webhook: Webhook can"),
        ("setWebhook", {"url": "https://example.org/h", "secret_token": "a b"}, "secret token"),
    ],
)
async def test_other_limits(
    fake_bot_api: FakeBotApi, method: str, params: dict[str, Any], description: str
) -> None:
    _, text = await rejected(fake_bot_api, method, **params)
    assert description in text


def test_spec_is_compiled_once_and_covers_every_method() -> None:
    spec = load_spec()
    assert spec is load_spec()
    assert spec.version == "Bot API 10.1" and len(spec.methods) == 180
    assert spec.method("SendMessage") is spec.method("sendmessage")
    ptb_rich_text = {"type": "bold", "text": ["plain", {"type": "italic", "text": "nested"}]}
    assert spec.validate("RichText", ptb_rich_text) == []


async def test_attach_references_must_name_an_uploaded_part(fake_bot_api: FakeBotApi) -> None:
    media = [
        {"type": "photo", "media": "attach://chart"},
        {"type": "photo", "media": "attach://x"},
    ]
    _, text = await rejected(
        fake_bot_api,
        "sendMediaGroup",
        files={"chart": ("chart.png", b"\x89PNG")},
        chat_id=1,
        media=media,
    )
    assert text == "Bad Request: can't parse x: attach://x names no uploaded file part"
