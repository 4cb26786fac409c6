"""The admin: editors must sign in, password guessing is locked out (django-axes), and
LADDER_ADMIN_PATH moves the admin or switches it off."""

import importlib
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import clear_url_caches, reverse
from django.utils import timezone

import ladder.urls
from ladder import security
from ladder.response_cache import ResponseCache
from roles.models import Role

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-editor-passphrase"
LIMIT = 5  # AXES_FAILURE_LIMIT
# Every model the admin shows, Django's own (users, groups, axes' records) included.
MODELS = [m for m in apps.get_models() if admin.site.is_registered(m)]


@pytest.fixture
def editor() -> User:
    return User.objects.create_superuser("editor", "editor@example.com", PASSWORD)


def sign_in(client: Client, password: str, *, username: str = "editor", ip: str = "10.0.0.1"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


# --- Sign-in required ---------------------------------------------------------------------------


def test_the_admin_asks_for_a_sign_in(client: Client) -> None:
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_no_model_opens_without_a_sign_in(client: Client, model: Any) -> None:
    opts = model._meta
    for url in (
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[1]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/")


def test_an_unsigned_edit_changes_nothing(client: Client) -> None:
    role = Role.objects.get(slug="product-manager")
    response = client.post(
        reverse("admin:roles_role_change", args=[role.pk]), {"summary": "Defaced."}
    )
    assert response.status_code in (302, 403)
    role.refresh_from_db()
    assert role.summary != "Defaced."


def test_a_signed_in_editor_is_not_staff_enough_without_the_flag(client: Client) -> None:
    User.objects.create_user("reader", "reader@example.com", PASSWORD)  # is_staff False
    response = sign_in(client, PASSWORD, username="reader")
    assert response.status_code == 200  # the form again, with an error
    assert client.get("/admin/").status_code == 302


def test_the_right_password_signs_in(client: Client, editor: User) -> None:
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


# --- Lockout --------------------------------------------------------------------------------------


def test_guessing_locks_the_username_out_from_that_address(client: Client, editor: User) -> None:
    for attempt in range(1, LIMIT):
        response = sign_in(client, f"guess-{attempt}")
        assert response.status_code == 200, attempt  # the form again
        assert b"Please enter the correct username and password" in response.content
    assert sign_in(client, f"guess-{LIMIT}").status_code == 429
    # Locked: now even the right password is refused, and nothing is signed in.
    locked = sign_in(client, PASSWORD)
    assert locked.status_code == 429
    assert b"too many login attempts" in locked.content.lower()
    assert locked["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in locked
    assert client.get("/admin/").status_code == 302


def test_the_lockout_is_per_username_and_address(client: Client, editor: User) -> None:
    for attempt in range(LIMIT):
        sign_in(client, f"guess-{attempt}")
    assert sign_in(client, PASSWORD).status_code == 429
    # The same editor from another address, and another username from the same one, go on.
    assert sign_in(Client(), PASSWORD, ip="10.0.0.2").status_code == 302
    User.objects.create_superuser("second", "second@example.com", PASSWORD)
    assert sign_in(Client(), PASSWORD, username="second").status_code == 302


def test_the_lockout_ends_after_the_cool_off(client: Client, editor: User, settings) -> None:
    for attempt in range(LIMIT):
        sign_in(client, f"guess-{attempt}")
    assert sign_in(client, PASSWORD).status_code == 429
    # Fifteen minutes pass (the failures are rows in the database: age them).
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    assert sign_in(client, PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(client: Client, editor: User) -> None:
    for attempt in range(LIMIT - 1):
        sign_in(client, f"guess-{attempt}")
    assert sign_in(client, PASSWORD).status_code == 302
    for attempt in range(LIMIT - 1):
        assert sign_in(Client(), f"again-{attempt}").status_code == 200


# --- LADDER_ADMIN_PATH --------------------------------------------------------------------------


@pytest.fixture
def admin_at(settings) -> Iterator[Callable[[str], None]]:
    """Rebuild the URLconf as if the server had started with LADDER_ADMIN_PATH=value."""
    original = settings.LADDER_ADMIN_PATH

    def start_with(value: str) -> None:
        settings.LADDER_ADMIN_PATH = security.admin_path(value)
        importlib.reload(ladder.urls)
        clear_url_caches()

    yield start_with
    settings.LADDER_ADMIN_PATH = original
    importlib.reload(ladder.urls)
    clear_url_caches()


def test_the_admin_can_move(client: Client, editor: User, admin_at) -> None:
    admin_at("/back-office/editors")
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/login/").status_code == 404
    response = client.get("/back-office/editors/")
    assert response.status_code == 302
    assert response["Location"] == "/back-office/editors/login/?next=/back-office/editors/"
    signed_in = client.post(
        "/back-office/editors/login/",
        {"username": "editor", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    assert signed_in.status_code == 302
    assert client.get("/back-office/editors/roles/role/").status_code == 200


def test_the_moved_admin_still_locks_guessers_out(client: Client, editor: User, admin_at) -> None:
    admin_at("back-office/")
    for attempt in range(LIMIT):
        client.post("/back-office/login/", {"username": "editor", "password": f"g{attempt}"})
    locked = client.post("/back-office/login/", {"username": "editor", "password": PASSWORD})
    assert locked.status_code == 429


@pytest.mark.parametrize("value", ["", "off", "OFF", "/off/"])
def test_the_admin_can_be_switched_off(client: Client, admin_at, value: str) -> None:
    admin_at(value)
    for url in ("/admin/", "/admin/login/", "/admin/roles/role/", "/off/", "/"):
        response = client.get(url)
        assert response.status_code == (200 if url == "/" else 404), url
    assert client.post("/admin/login/", {"username": "x", "password": "y"}).status_code in (
        403,
        404,
        405,
    )


def test_the_response_cache_leaves_the_admin_to_django_wherever_it_is(admin_at, settings) -> None:
    settings.LADDER_RESPONSE_CACHE = True

    def passed_through(path: str) -> bool:
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path}
        return not ResponseCache.applies_to(environ)

    admin_at("back-office/")
    assert passed_through("/back-office/login/")
    assert not passed_through("/roles/")
    admin_at("admin/")
    assert passed_through("/admin/login/")
    assert not passed_through("/back-office/login/")


@pytest.mark.parametrize(
    ("value", "prefix"),
    [("admin/", "admin/"), ("/staff", "staff/"), ("a/b/", "a/b/"), (" Off ", ""), ("", "")],
)
def test_admin_path_values(value: str, prefix: str) -> None:
    assert security.admin_path(value) == prefix


@pytest.mark.parametrize("value", ["<slug:x>", "a b", "a//b", "../admin", "ädmin"])
def test_admin_path_refuses_what_is_not_a_plain_path(value: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="LADDER_ADMIN_PATH"):
        security.admin_path(value)
