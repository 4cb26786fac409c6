"""The production profile: Django's deploy check finds nothing, and every unsafe setting stops the
process before it serves anything. Each case runs in a fresh interpreter with its own
environment, as a server would start."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MANAGE = [sys.executable, str(ROOT / "manage.py")]
# Settings the tests set themselves; anything else of the caller's environment is kept.
OWN = {
    "LADDER_ENV",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "DJANGO_SETTINGS_MODULE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_COOKIES",
    "LADDER_ADMIN_PATH",
}
STRONG_KEY = secrets.token_urlsafe(50)


def production_env(tmp_path: Path, **changes: str | None) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in OWN}
    env |= {
        "LADDER_ENV": "production",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "ladder.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'ladder.sqlite3'}",
        "PYTHONUNBUFFERED": "1",
    }
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_deploy_check_finds_nothing(tmp_path: Path) -> None:
    result = run(
        [*MANAGE, "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr


def test_the_deploy_check_would_complain_about_plain_http(tmp_path: Path) -> None:
    """The check above is not empty by accident: turn TLS off and Django says so."""
    env = production_env(
        tmp_path, SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="0", SECURE_COOKIES="false"
    )
    result = run([*MANAGE, "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr


# Each unsafe setting, and what the refusal says.
REFUSED: dict[str, tuple[dict[str, str | None], str]] = {
    "no key": ({"SECRET_KEY": None}, "SECRET_KEY must be set"),
    "empty key": ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
    "development key": (
        {"SECRET_KEY": "insecure-development-key-not-for-production"},
        "published development key",
    ),
    "django's placeholder": (
        {"SECRET_KEY": "django-insecure-" + secrets.token_urlsafe(50)},
        "published development key",
    ),
    "short key": ({"SECRET_KEY": secrets.token_urlsafe(50)[:49]}, "too weak"),
    "few different characters": ({"SECRET_KEY": "abcd" * 20}, "too weak"),
    "debug on": ({"DEBUG": "true"}, "DEBUG must be off"),
    "no hosts": ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS must name"),
    "empty hosts": ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must name"),
    "blank hosts": ({"ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS must name"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_production_refuses_to_start(tmp_path: Path, case: str) -> None:
    changes, message = REFUSED[case]
    result = run([*MANAGE, "check"], production_env(tmp_path, **changes))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_the_server_itself_refuses_a_development_key(tmp_path: Path) -> None:
    env = production_env(tmp_path, SECRET_KEY="insecure-development-key-not-for-production")
    result = run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            "127.0.0.1:0",
            "--workers",
            "1",
        ],
        env,
    )
    assert result.returncode != 0
    assert "published development key" in result.stderr


def test_development_keeps_its_conveniences(tmp_path: Path) -> None:
    env = production_env(tmp_path, LADDER_ENV="development", SECRET_KEY=None, ALLOWED_HOSTS=None)
    result = run([*MANAGE, "check"], env)
    assert result.returncode == 0, result.stderr


PROBE = """
import django
from django.conf import settings
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
plain = client.get("/healthz")
redirected = client.get("/levels/")
secure = client.get("/healthz", secure=True)
print(plain.status_code, redirected.status_code, redirected.get("Location"))
print(secure.get("Strict-Transport-Security"))
print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)
"""


def probe(env: dict[str, str]) -> list[str]:
    env = {**env, "DJANGO_SETTINGS_MODULE": "ladder.settings"}
    env["ALLOWED_HOSTS"] += ",testserver"
    result = run([sys.executable, "-c", PROBE], env)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_tls_by_default(tmp_path: Path) -> None:
    requests, hsts, cookies = probe(production_env(tmp_path))
    # Plain HTTP is sent to HTTPS, except the health probes a load balancer makes.
    assert requests == "200 301 https://testserver/levels/"
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert cookies == "True True"


def test_tls_settings_are_read_from_the_environment(tmp_path: Path) -> None:
    env = production_env(
        tmp_path,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
        SECURE_HSTS_PRELOAD="false",
        SECURE_COOKIES="false",
    )
    requests, hsts, cookies = probe(env)
    assert requests.startswith("200 ")
    assert not requests.split()[1].startswith("30")
    assert hsts == "max-age=3600"
    assert cookies == "False False"


def test_hsts_can_be_switched_off(tmp_path: Path) -> None:
    _, hsts, _ = probe(production_env(tmp_path, SECURE_HSTS_SECONDS="0"))
    assert hsts == "None"
