"""Production settings refuse to start unsafely; these run settings in a fresh interpreter."""

import os
import subprocess
import sys

import pytest

# A key as strong as production demands (tests/test_production_settings.py: what it refuses).
STRONG_KEY = "k7Qm2vX9pL4wR8tY1zN6bH3jF5dS0aGcE-uIoPqWeRtYuIoPaSdFgH"


def import_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "LADDER_ENV"}}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; from django.conf import settings; django.setup(); print(settings.DEBUG)",
        ],
        env={**clean, "DJANGO_SETTINGS_MODULE": "ladder.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_without_secret_key():
    result = import_settings(LADDER_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_debug():
    result = import_settings(LADDER_ENV="production", SECRET_KEY=STRONG_KEY, DEBUG="true")
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_production_starts_when_configured():
    result = import_settings(
        LADDER_ENV="production", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="ladder.example.com"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    "url", ["sqlite:////tmp/ladder-x.sqlite3", "postgres://u@127.0.0.1:5432/x"]
)
def test_database_url_selects_the_engine(url):
    code = "import django; from django.conf import settings; django.setup(); print(settings.DATABASES['default']['ENGINE'])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "ladder.settings", "DATABASE_URL": url},
    )
    assert result.stdout.strip().endswith("sqlite3" if url.startswith("sqlite") else "postgresql")


@pytest.mark.parametrize(("value", "expected"), [(None, "5"), ("12", "12"), ("off", "None")])
def test_prepared_statements_follow_the_environment(value, expected):
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.DATABASES['default']['OPTIONS']['prepare_threshold'])"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ladder.settings"}
    env["DATABASE_URL"] = "postgres://u@127.0.0.1:5432/x"
    env.pop("DATABASE_PREPARE_THRESHOLD", None)
    if value is not None:
        env["DATABASE_PREPARE_THRESHOLD"] = value
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
