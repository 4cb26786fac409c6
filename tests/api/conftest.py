"""Shared helpers for the API tests: a client, a clean throttle cache, and JSON in one call."""

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client


@pytest.fixture(autouse=True)
def clean_throttles() -> None:
    """Throttle counters live in the cache: every test starts with a fresh budget."""
    cache.clear()


@pytest.fixture
def api(db: None) -> Client:
    return Client()


def get_json(client: Client, path: str, status: int = 200, **headers: Any) -> Any:
    response = client.get(path, **headers)
    assert response.status_code == status, (path, response.status_code, response.content[:500])
    return response.json()
