"""What production refuses to start with, and where the admin lives.

Imported by `ladder/settings.py` before Django is set up, so nothing here may touch
`django.conf.settings` at import time.
"""

import re

from django.core.exceptions import ImproperlyConfigured

# The key `make run` and the tests use when SECRET_KEY is unset: known to everyone who can read
# this repository, so a production server must never sign sessions or tokens with it.
DEVELOPMENT_SECRET_KEY = "insecure-development-key-not-for-production"
# Django's own deploy check (security.W009) asks for this much of a key.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
ADMIN_OFF = {"", "off"}
# Segments of letters, digits, - _ . (not starting with a dot), joined by single slashes.
ADMIN_PATH_PATTERN = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*")


def secret_key_problem(key: str) -> str | None:
    """Why `key` must not sign anything in production, or None when it may."""
    if not key:
        return "SECRET_KEY must be set when LADDER_ENV=production."
    if key == DEVELOPMENT_SECRET_KEY or key.startswith("django-insecure-"):
        return "SECRET_KEY is a published development key; generate a new one for production."
    if len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        return (
            f"SECRET_KEY is too weak for production: use at least {SECRET_KEY_MIN_LENGTH} "
            f"characters with at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones, e.g. "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    return None


def require_production_safety(*, secret_key: str, debug: bool, allowed_hosts: list[str]) -> None:
    """Refuse to start a production server that would be unsafe on the open internet."""
    problem = secret_key_problem(secret_key)
    if problem:
        raise ImproperlyConfigured(problem)
    if debug:
        raise ImproperlyConfigured("DEBUG must be off when LADDER_ENV=production.")
    if not allowed_hosts:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must name the host names this server answers to when "
            "LADDER_ENV=production (comma-separated, e.g. ladder.example.com)."
        )


def admin_path(value: str) -> str:
    """LADDER_ADMIN_PATH as a URL prefix ("staff/"), or "" when the admin is switched off."""
    path = value.strip().strip("/")
    if path.lower() in ADMIN_OFF:
        return ""
    if not ADMIN_PATH_PATTERN.fullmatch(path):
        raise ImproperlyConfigured(
            f"LADDER_ADMIN_PATH={value!r} is not a plain URL path (letters, digits, - _ . /)."
        )
    return f"{path}/"
