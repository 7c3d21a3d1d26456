"""The users tests call the API: mount it without the web UI, as the API tests do."""

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _api_urls(settings: Any) -> None:
    settings.ROOT_URLCONF = "netjobs.api.tests.urls"
