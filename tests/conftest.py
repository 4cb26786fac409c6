"""Every test database starts with the shipped content loaded once, through the real loader."""

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from ladder.loader import load_ladder


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_ladder()


@pytest.fixture
def fixtures_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped content files, to edit in a test."""
    target = tmp_path / "fixtures"
    shutil.copytree(settings.LADDER_FIXTURES_DIR, target)
    return target


def database_fingerprint() -> str:
    """A digest of every row of every Ladder table: equal fingerprints, equal content."""
    digest = hashlib.sha256()
    for label in ("ladder", "levels", "roles", "compensation"):
        for model in apps.get_app_config(label).get_models():
            for row in model.objects.order_by("pk").values_list():
                digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.fixture
def in_process_wsgi(db: None) -> Iterator[None]:
    """Calling the WSGI application directly (schemathesis, httpx's WSGI transport) must not
    close the test's database connection at the end of each request, as Django's handler does:
    inside the test transaction PostgreSQL would lose it. Django's test Client does the same."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
