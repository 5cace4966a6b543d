"""Makes the fake's fixtures available to the fake's own tests."""

from .pytest_plugin import fake_bot_api, fake_bot_api_options, fake_bot_api_spec  # noqa: F401
