"""Every test database starts with the shipped content loaded once, through the real loader."""

import hashlib
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

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
