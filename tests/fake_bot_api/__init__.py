"""A fake Telegram Bot API server for tests and benchmarks (see README.md in this folder).

Usage::

    async with FakeBotApi() as server:
        app = ApplicationBuilder().token(server.token).base_url(server.base_url).build()
"""

from .api import FakeBotApi, run_in_thread
from .errors import ApiError
from .faults import FloodModel
from .html_check import HtmlError, parse_html
from .recording import Call, ValidationError
from .spec import CompiledSpec, load_spec
from .updates import detect_entities

__all__ = [
    "ApiError",
    "Call",
    "CompiledSpec",
    "FakeBotApi",
    "FloodModel",
    "HtmlError",
    "ValidationError",
    "detect_entities",
    "load_spec",
    "parse_html",
    "run_in_thread",
]
