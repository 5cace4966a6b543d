"""Pytest fixtures for the fake Bot API.

Enable from ``tests/conftest.py`` with ``pytest_plugins = ["fake_bot_api.pytest_plugin"]`` (the
``tests`` folder is on ``sys.path`` under pytest's default rootdir-relative imports), or import
the fixtures by name. Every test gets its own server on its own event loop, because PTB objects
and aiohttp sites are bound to the loop that created them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from .api import FakeBotApi
from .spec import CompiledSpec, load_spec


@pytest.fixture(scope="session")
def fake_bot_api_spec() -> CompiledSpec:
    """The compiled Bot API spec, loaded once per session."""
    return load_spec()


@pytest.fixture
def fake_bot_api_options() -> dict[str, Any]:
    """Override in a test module to pass options (e.g. ``{"flood": True}``) to the fake."""
    return {}


@pytest.fixture
async def fake_bot_api(
    fake_bot_api_spec: CompiledSpec, fake_bot_api_options: dict[str, Any]
) -> AsyncIterator[FakeBotApi]:
    """A started fake server; fails the test if the bot made calls Telegram would reject.

    A test that provokes rejections on purpose takes them with ``take_validation_errors()``.
    """
    async with FakeBotApi(spec=fake_bot_api_spec, **fake_bot_api_options) as server:
        yield server
    assert not server.internal_errors, f"fake_bot_api bug: {server.internal_errors!r}"
    if server.validation_errors:
        details = "\n  ".join(map(repr, server.validation_errors))
        pytest.fail(f"the bot made calls Telegram would reject:\n  {details}", pytrace=False)
