"""The real app in a subprocess, and Debian's Chromium driven by Playwright.

The live server is gunicorn serving ladder.wsgi against its own fresh SQLite file, migrated and
loaded with manage.py in the subprocess's environment. It is not pytest-django's live_server:
that one flushes the database after each test, which would wipe the content the rest of the
suite loads once per session. When the suite itself runs on PostgreSQL (DATABASE_URL), the live
server still uses its temporary SQLite file: the pages are the same on both, and the
PostgreSQL-specific code (search) is covered by the Django-level tests.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"  # Debian's; Playwright's own browser downloads are blocked
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Every page type, with the status it answers.
PAGES: dict[str, tuple[str, int]] = {
    "home": ("/", 200),
    "roles": ("/roles/", 200),
    "role": ("/roles/technical-product-manager/", 200),
    "position": ("/roles/technical-product-manager/p3/", 200),
    "title-position": ("/roles/technical-product-manager/tpm-ii/", 200),
    "levels": ("/levels/", 200),
    "compensation": ("/compensation/", 200),
    "compensation-filtered": ("/compensation/?role=product-manager&region=us", 200),
    "compensation-invalid": ("/compensation/?region=mars&level=zz", 400),
    "search": ("/search/?q=TPM", 200),
    "search-empty": ("/search/", 200),
    "search-group-page": ("/search/?q=roadmap&in=statements&page=2", 200),
    "search-past-the-end": ("/search/?q=roadmap&in=statements&page=40", 404),
    "sources": ("/sources/", 200),
    "compare": (
        "/compare/?positions=technical-product-manager.p3,technical-product-manager.tpm-ii,"
        "product-manager.p3,technical-program-manager.p4",
        200,
    ),
    "compare-incomplete": ("/compare/?positions=technical-product-manager.p3", 200),
    "compare-invalid": ("/compare/?positions=technical-product-manager.p3,astronaut.p9", 400),
    "not-found-role": ("/roles/astronaut/", 404),
    "not-found-level": ("/roles/technical-product-manager/p9/", 404),
    "not-found": ("/no/such/page/", 404),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture(scope="package")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("live-server")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'ladder.sqlite3'}",
        "LADDER_ENV": "development",
        "DEBUG": "false",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--no-input", "-v0"], ["load_ladder"]):
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    log = (workdir / "server.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ladder.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if fetch(url + "/")[0] == 200:
                break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            raise RuntimeError(f"live server did not start: {(workdir / 'server.log').read_text()}")
        time.sleep(0.2)
    yield url
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    # Package scope: Playwright's event loop is closed before the rest of the suite touches
    # the ORM.
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="package")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
