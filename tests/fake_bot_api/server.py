"""The fake Bot API HTTP server: routing, wire decoding, validation pipeline and recording.

Why a real HTTP server (aiohttp on 127.0.0.1) rather than a stub ``BaseRequest``: PTB's
HTTPXRequest, form/multipart encoding, timeouts and HTTP-status → exception mapping are part of
what the bot relies on, and only a socket exercises them.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import aiohttp
from aiohttp import web

from . import errors
from .chat_methods import resolve_chat, spec_result
from .delivery import UpdateQueue, Webhook
from .errors import ApiError, bad_request
from .faults import Faults, FloodModel, is_send
from .html_check import Parsed
from .methods import HANDLERS
from .objects import World
from .recording import Call, Recorder, ValidationError
from .rules import check_semantics, missing_parameter
from .spec import CompiledSpec, MethodSpec, Upload, load_spec
from .updates import UpdateBuilder

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class ServerCore:
    """State and request pipeline; :class:`~.api.FakeBotApi` adds the test-facing helpers."""

    def __init__(
        self,
        token: str = "123456789:TEST-fake-bot-api-token",
        spec: CompiledSpec | None = None,
        *,
        bot_username: str = "nhs_league_test_bot",
        bot_name: str = "NHS League (test)",
        host: str = "127.0.0.1",
        port: int = 0,
        strict_html: bool = True,
        strict_query_ids: bool = True,
        unknown_chats: str = "create",
        flood: FloodModel | bool | None = None,
        first_update_id: int = 1,
    ) -> None:
        if unknown_chats not in ("create", "not_found"):
            raise ValueError("unknown_chats must be 'create' or 'not_found'")
        self.token = token
        self.spec = spec or load_spec()
        self.host, self._requested_port = host, port
        self.strict_html, self.strict_query_ids = strict_html, strict_query_ids
        self.unknown_chats = unknown_chats
        self.world = World(int(token.split(":", 1)[0]), bot_username, bot_name)
        self.faults = Faults()
        if flood:
            self.faults.flood = flood if isinstance(flood, FloodModel) else FloodModel()
        self.recorder = Recorder()
        self.queue = UpdateQueue(first_update_id, self.recorder.notify)
        self.webhook = Webhook()
        self.updates = UpdateBuilder(self)
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.pending_callback_queries: set[str] = set()
        self.pending_inline_queries: set[str] = set()
        self.port: int | None = None
        #: Exceptions raised inside the fake itself (answered as HTTP 500); should stay empty.
        self.internal_errors: list[Exception] = []
        self.loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None

    # -- lifecycle ----------------------------------------------------------------------------
    async def start(self) -> None:
        """Listen on ``host`` (ephemeral port by default)."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self._requested_port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self.loop = asyncio.get_running_loop()

    async def stop(self) -> None:
        """Release pending long polls, stop the webhook pusher and close the socket."""
        self.queue.close()
        await self.webhook.stop()
        if self._client is not None:
            await self._client.close()
            self._client = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Any:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """Give this to ``ApplicationBuilder().base_url(...)``; PTB appends the token."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """Give this to ``ApplicationBuilder().base_file_url(...)``."""
        return f"http://{self.host}:{self.port}/file/bot"

    @staticmethod
    def now() -> int:
        """Telegram dates are Unix seconds."""
        return int(time.time())

    # -- request pipeline ---------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["method"]
        method = self.spec.method(name)
        params: dict[str, Any] = {}
        chat_id = None
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401, errors.UNAUTHORIZED)
            if method is None:
                raise ApiError(404, errors.NOT_FOUND, validation=True, path=name)
            params = await self._read_params(request)
            params, parsed = self._validate(method, params)
            chat_id = params.get("chat_id")
            result = await self._execute(method, params, parsed)
            response: dict[str, Any] = {"ok": True, "result": result}
            status = 200
        except ApiError as exc:
            response, status = exc.envelope(), exc.error_code
            if exc.validation:
                self._record_issue(method.name if method else name, exc.path, exc.description)
        except Exception as exc:  # a bug in the fake must not pass for a Telegram answer
            self.internal_errors.append(exc)
            response = {
                "ok": False,
                "error_code": 500,
                "description": f"Internal Server Error (fake_bot_api bug: {exc!r})",
            }
            status = 500
        call = Call(
            len(self.recorder.calls_log),
            method.name if method else name,
            params,
            status,
            response,
            request.method,
            request.content_type,
        )
        self.recorder.record(call)
        lower = name.lower()
        delay = self.faults.take_delay(lower, chat_id) if self.faults.delays else 0.0
        if delay:
            await asyncio.sleep(delay)
        if self.faults.drops and self.faults.take_drop(lower, chat_id):
            if request.transport is not None:
                request.transport.abort()
            return web.Response(status=204)  # never written: the transport is gone
        return web.Response(
            body=_dumps(response).encode(), status=status, content_type="application/json"
        )

    async def _read_params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        kind = request.content_type
        if kind == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise bad_request("can't parse JSON encoded request body") from None
            if not isinstance(body, dict):
                raise bad_request("JSON request body must be an object")
            params.update(body)
        elif kind == "multipart/form-data":
            reader = await request.multipart()
            async for part in reader:
                if part.filename is not None:  # type: ignore[union-attr]
                    data = await part.read()  # type: ignore[union-attr]
                    params[part.name] = Upload(  # type: ignore[index,union-attr]
                        part.filename, part.headers.get("Content-Type", ""), bytes(data)
                    )
                else:
                    params[part.name] = await part.text()  # type: ignore[index,union-attr]
        elif kind == "application/x-www-form-urlencoded":
            params.update(await request.post())
        return params

    def _validate(
        self, method: MethodSpec, raw: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Parsed]]:
        params, issues = self.spec.decode_params(method, raw)
        first: ApiError | None = None
        for issue in issues:
            if issue.rejected:
                first = first or bad_request(
                    f"can't parse {issue.path}: {issue.message}", issue.path
                )
                if first.path != issue.path:
                    self._record_issue(method.name, issue.path, issue.message)
            else:
                self.recorder.warnings.append(
                    ValidationError(method.name, issue.path, issue.message, False)
                )
        if first is not None:
            raise first
        for name in method.required:
            if name not in params or params[name] is None:
                raise missing_parameter(method.name.lower(), name)
        return params, check_semantics(method.name.lower(), params, self.strict_html)

    def _record_issue(self, method: str, path: str, description: str) -> None:
        self.recorder.validation_errors.append(ValidationError(method, path, description))

    def _chat_gate(self, method: str, chat_id: Any) -> None:
        """Persistent chat states and membership, before any injected one-shot failure."""
        known = self.world.chats.get(chat_id) if isinstance(chat_id, int) else None
        error = self.faults.chat_error(method, chat_id, known.type if known else None)
        if error is None and known is not None and is_send(method):
            status = known.members.get(self.world.bot["id"])
            if status == "kicked":
                error = ApiError(
                    403,
                    {"private": errors.BLOCKED, "group": errors.KICKED_GROUP}.get(
                        known.type, errors.KICKED_SUPERGROUP
                    ),
                )
            elif status == "left" and known.type != "private":
                error = ApiError(403, f"Forbidden: bot is not a member of the {known.type} chat")
        if error is not None:
            raise error

    async def _execute(
        self, spec: MethodSpec, params: dict[str, Any], parsed: dict[str, Parsed]
    ) -> Any:
        method = spec.name.lower()
        chat_id = params.get("chat_id")
        self._chat_gate(method, chat_id)
        injected = self.faults.take_failure(method, chat_id) if self.faults.failures else None
        if injected is not None:
            raise injected
        if self.faults.flood is not None:
            refused = self.faults.flood.admit(method, chat_id)
            if refused is not None:
                raise refused
        if method == "getupdates":
            return await self.queue.get_updates(params, self.webhook.url)
        if method == "setwebhook":
            self.webhook.configure(params, self.queue)
            return True
        if method == "deletewebhook":
            self.webhook.delete(params, self.queue)
            return True
        if method == "getwebhookinfo":
            return self.webhook.info(self.queue)
        handler = HANDLERS.get(method)
        if handler is not None:
            return handler(self, params, parsed)
        if chat_id is not None:
            resolve_chat(self, chat_id)
        return spec_result(self, spec.name, spec.returns, params)

    def note_unmodelled(self, method: str, returns: tuple[str, ...]) -> None:
        """Record that a method answered ``true`` although the spec promises something else."""
        message = f"fake answers true; a real {' or '.join(returns)} is not modelled"
        self.recorder.warnings.append(ValidationError(method, "result", message, False))

    async def _file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            raise web.HTTPUnauthorized()
        record = self.world.files.by_path(request.match_info["path"])
        if record is None:
            raise web.HTTPNotFound()
        return web.Response(body=record.data, content_type="application/octet-stream")
