"""A database that is down, restarting or silent: 503 (a page, or problem+json under /api/), the
liveness probe stays 200, readiness says 503, and the service recovers by itself.

The first tests run in-process: the 503 renderings, where the outage middleware catches the
error (views, DRF, other middleware), the probes. The rest run the production configuration
(gunicorn, LADDER_ENV=production, the response cache on) against a throwaway PostgreSQL cluster
this module creates with initdb and stops, starts and restarts with pg_ctl.
"""

import json
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path as url_path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bench.run import server_env
from ladder import urls as ladder_urls
from ladder.models import Framework
from ladder.response_cache import ResponseCache

ROOT = Path(__file__).resolve().parents[2]
PAGE = "/roles/technical-product-manager/p3/"
API = "/api/v1/positions/technical-product-manager.p3/"
OUTAGE_TEXT = "can’t be reached right now"
# A session cookie: the response cache leaves the request to Django (it may be an editor's).
PAST_THE_RESPONSE_CACHE = {"Cookie": "sessionid=no-such-session"}


# --- In-process: the renderings and the probes ---------------------------------------------


def database_gone(request: HttpRequest) -> HttpResponse:
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: refused')


def connection_closed(request: HttpRequest) -> HttpResponse:
    raise InterfaceError("connection already closed")


def a_bug(request: HttpRequest) -> HttpResponse:
    raise ValueError("not a database fault")


class DatabaseGoneAPI(APIView):
    schema = None  # not part of the API's document

    def get(self, request: Request) -> Response:
        raise OperationalError("server closed the connection unexpectedly")


class DatabaseGoneMiddleware:
    """Stands for a middleware that reads the database (a session, a lockout check)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/middleware-fault/":
            raise OperationalError("the database system is shutting down")
        return self.get_response(request)


# This module is also the URLconf of the in-process tests: Ladder's own URLs (the 503 page
# links to them) plus views that meet a database fault.
urlpatterns = [
    url_path("fails/", database_gone),
    url_path("fails-closed/", connection_closed),
    url_path("fails-otherwise/", a_bug),
    url_path("api/v1/fails/", DatabaseGoneAPI.as_view()),
    *ladder_urls.urlpatterns,
]
handler400 = ladder_urls.handler400
handler404 = ladder_urls.handler404
handler500 = ladder_urls.handler500

in_process = pytest.mark.urls(__name__)


def assert_friendly_503_page(status: int, headers: Mapping[str, str], body: str) -> None:
    assert status == 503
    assert headers["Content-Type"].startswith("text/html")
    assert int(headers["Retry-After"]) > 0
    assert "no-store" in headers["Cache-Control"]
    assert "Ladder is temporarily unavailable" in body
    assert OUTAGE_TEXT in body
    assert 'class="site-header"' in body  # the site's own look, as on the 404 page
    assert "Traceback" not in body


def assert_503_problem(status: int, headers: Mapping[str, str], body: str, instance: str) -> None:
    assert status == 503
    assert headers["Content-Type"] == "application/problem+json"
    assert int(headers["Retry-After"]) > 0
    problem = json.loads(body)
    assert problem["type"] == "about:blank"
    assert problem["title"] == "Service unavailable"
    assert problem["status"] == 503
    assert "unreachable" in problem["detail"]
    assert "Retry" in problem["detail"]
    assert problem["instance"] == instance
    assert "Traceback" not in body


@in_process
@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/fails/", "/fails-closed/"])
def test_a_page_meeting_a_database_fault_answers_the_503_page_without_a_query(
    client: Client, url: str, django_assert_num_queries
) -> None:
    with django_assert_num_queries(0):  # the 503 page must render while the database is down
        response = client.get(url)
    assert_friendly_503_page(response.status_code, response.headers, response.text)


@in_process
@pytest.mark.django_db
def test_drf_leaves_database_faults_to_the_middleware_which_answers_a_problem(
    client: Client,
) -> None:
    response = client.get("/api/v1/fails/")
    assert_503_problem(response.status_code, response.headers, response.text, "/api/v1/fails/")


@in_process
@pytest.mark.django_db
def test_a_fault_in_another_middleware_also_answers_503(settings) -> None:
    position = settings.MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware")
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[: position + 1],
        f"{__name__}.DatabaseGoneMiddleware",
        *settings.MIDDLEWARE[position + 1 :],
    ]
    response = Client(raise_request_exception=False).get("/middleware-fault/")
    assert_friendly_503_page(response.status_code, response.headers, response.text)


@in_process
@pytest.mark.django_db
def test_other_errors_stay_500s() -> None:
    response = Client(raise_request_exception=False).get("/fails-otherwise/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text


def test_the_outage_middleware_runs_before_the_middleware_that_reads_the_database(
    settings,
) -> None:
    outage = settings.MIDDLEWARE.index("ladder.database_outage.DatabaseOutageMiddleware")
    for reader in (
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
    ):
        assert outage < settings.MIDDLEWARE.index(reader)


def wsgi_get(app: ResponseCache, path: str) -> tuple[str, dict[str, str], bytes]:
    environ: dict = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": ""}
    setup_testing_defaults(environ)
    environ["SERVER_NAME"] = "testserver"
    answer: dict = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


@pytest.mark.django_db
def test_liveness_touches_no_database_even_behind_the_response_cache(
    settings, in_process_wsgi, django_assert_num_queries
) -> None:
    settings.LADDER_RESPONSE_CACHE = True
    app = ResponseCache(WSGIHandler())
    with django_assert_num_queries(0):
        status, headers, body = wsgi_get(app, "/healthz")
    assert status.startswith("200")
    assert json.loads(body) == {"status": "ok"}
    assert "no-store" in headers["Cache-Control"]


@pytest.mark.django_db
def test_readiness_names_the_loaded_content_and_is_never_stored(settings, in_process_wsgi) -> None:
    settings.LADDER_RESPONSE_CACHE = True
    status, headers, body = wsgi_get(ResponseCache(WSGIHandler()), "/readyz")
    assert status.startswith("200")
    assert json.loads(body) == {
        "status": "ok",
        "data_version": Framework.objects.get().data_version,
    }
    assert "no-store" in headers["Cache-Control"]
    # Even if the response cache did not pass the probes through, it would not store them.
    assert not ResponseCache.storable(status, list(headers.items()), body, max_body=len(body))


@pytest.mark.django_db
def test_readiness_without_content_is_503(client: Client) -> None:
    Framework.objects.all().delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "reason": "no content loaded: run manage.py load_ladder",
    }
    assert "no-store" in response.headers["Cache-Control"]


# --- A real server against a real PostgreSQL that stops, starts and restarts ----------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(
    url: str, headers: dict[str, str] | None = None, timeout: float = 20
) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


@dataclass
class Cluster:
    bin: Path
    home: Path
    port: int
    as_owner: list[str]

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/ladder"

    def run(self, program: str, *args: str) -> None:
        # Output to a file, never a pipe: a server started by pg_ctl keeps its parent's
        # descriptors, and reading a pipe to its end would wait for the server to exit.
        log = self.home / "commands.log"
        with log.open("ab") as output:
            done = subprocess.run(
                [*self.as_owner, str(self.bin / program), *args],
                stdout=output,
                stderr=subprocess.STDOUT,
                cwd=self.home,
                timeout=60,
            )
        assert done.returncode == 0, f"{program} {' '.join(args)} failed:\n{log.read_text()}"

    def ctl(self, *args: str) -> None:
        # -l on every start and restart: without it the server writes to pg_ctl's output.
        log = str(self.home / "postgres.log")
        self.run("pg_ctl", "-D", str(self.home / "data"), "-w", "-t", "30", "-l", log, *args)

    def start(self) -> None:
        self.ctl("start")

    def stop(self) -> None:
        self.ctl("-m", "fast", "stop")

    def restart(self) -> None:
        self.ctl("-m", "fast", "restart")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    binaries = postgres_bin()
    if binaries is None:
        pytest.skip("initdb not found (install PostgreSQL's server binaries to run these tests)")
    as_owner: list[str] = []
    home = Path(tempfile.mkdtemp(prefix="ladder-outage-pg-"))
    if os.geteuid() == 0:  # initdb refuses to run as root: the cluster belongs to `postgres`
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(home)
            pytest.skip("running as root and there is no `postgres` user to own the cluster")
        os.chown(home, owner.pw_uid, owner.pw_gid)
        as_owner = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    cluster = Cluster(binaries, home, port, as_owner)
    try:
        cluster.run(
            "initdb", "-D", str(home / "data"), "-U", "postgres", "-A", "trust", "--no-sync"
        )
        # In postgresql.conf rather than on pg_ctl's command line, so a restart keeps them.
        with (home / "data" / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{home}'\nfsync = off\n"
            )
        cluster.start()
        cluster.run("createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "ladder")
        yield cluster
    finally:
        subprocess.run(
            [
                *as_owner,
                str(binaries / "pg_ctl"),
                "-D",
                str(home / "data"),
                "-m",
                "immediate",
                "stop",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(home, ignore_errors=True)


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    return server_env(
        database_url,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",  # plain HTTP on loopback
        LOG_LEVEL="WARNING",
        **extra,
    )


@dataclass
class Server:
    url: str
    log: Path
    process: subprocess.Popen[bytes]

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def start_server(env: dict[str, str], log: Path) -> Server:
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", log, process)
    deadline = time.monotonic() + 30
    while True:
        try:
            if fetch(server.url + "/healthz", timeout=2)[0] == 200:
                return server
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            stop_server(server)
            raise RuntimeError(f"the server did not start:\n{server.log_text()}")
        time.sleep(0.2)


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="module")
def server(cluster: Cluster) -> Iterator[Server]:
    """The production configuration, migrated and loaded as production is."""
    env = production_env(cluster.url)
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "--no-input", "-v0"],
        ["load_ladder"],
        ["collectstatic", "--no-input", "-v0"],
    ):
        done = subprocess.run([*manage, *command], cwd=ROOT, env=env, capture_output=True)
        assert done.returncode == 0, f"{command[0]} failed:\n{done.stderr.decode()}"
    server = start_server(env, cluster.home / "server.log")
    yield server
    stop_server(server)


def wait_until_ready(server: Server, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while fetch(server.url + "/readyz")[0] != 200:
        assert time.monotonic() < deadline, "not ready again after the database came back"
        time.sleep(0.2)


def test_an_outage_answers_503_and_the_service_recovers_by_itself(
    cluster: Cluster, server: Server
) -> None:
    before = {}
    for path in (PAGE, API):
        for _ in range(2):  # the second answer comes from the response cache
            status, _, body = fetch(server.url + path)
            assert status == 200
        before[path] = body
    assert fetch(server.url + "/readyz")[0] == 200

    cluster.stop()
    try:
        # A page answered (and stored) before the outage, and one never asked for: both 503,
        # because the response cache cannot read the data version and passes to Django.
        for path in (PAGE, "/levels/"):
            assert_friendly_503_page(*fetch(server.url + path))
        assert_503_problem(*fetch(server.url + API), instance=API)
        assert_503_problem(
            *fetch(server.url + "/api/v1/bands/?format=csv"), instance="/api/v1/bands/?format=csv"
        )
        status, headers, body = fetch(server.url + "/healthz")
        assert (status, json.loads(body)) == (200, {"status": "ok"})
        status, headers, body = fetch(server.url + "/readyz")
        assert (status, json.loads(body)) == (
            503,
            {"status": "unavailable", "reason": "database unreachable"},
        )
        assert "no-store" in headers["Cache-Control"]
    finally:
        cluster.start()

    wait_until_ready(server)
    for path in (PAGE, API):
        status, _, body = fetch(server.url + path)
        assert (status, body) == (200, before[path])
    assert fetch(server.url + "/healthz")[0] == 200
    assert server.process.poll() is None  # the same server: nothing was restarted
    assert "Traceback" not in server.log_text()


def test_a_restart_of_the_database_while_serving_costs_no_request(
    cluster: Cluster, server: Server
) -> None:
    wait_until_ready(server)
    for _ in range(6):  # both workers now hold a connection to the database
        assert fetch(server.url + PAGE, headers=PAST_THE_RESPONSE_CACHE)[0] == 200
    cluster.restart()
    # Every held connection is dead and must be replaced before the request's transaction
    # begins (ladder/snapshot.py), where Django could no longer reconnect. First on each
    # worker: requests the response cache leaves to Django, so it cannot replace it first.
    statuses = [
        fetch(server.url + path, headers=PAST_THE_RESPONSE_CACHE)[0]
        for path in (PAGE, API, "/levels/", "/api/v1/roles/")
    ]
    statuses += [fetch(server.url + path)[0] for path in (PAGE, API, "/", "/readyz") * 2]
    assert statuses == [200] * len(statuses)
    assert "Traceback" not in server.log_text()


def test_a_database_that_never_answers_gives_503_within_the_connect_timeout(
    tmp_path: Path,
) -> None:
    """A host that accepts the connection and then says nothing (a partition, a hung server)
    must not hold a worker until gunicorn kills it: DATABASE_CONNECT_TIMEOUT bounds the wait."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)  # the kernel completes the handshake; nobody ever reads or writes
        port = silent.getsockname()[1]
        env = production_env(
            f"postgres://postgres@127.0.0.1:{port}/ladder", DATABASE_CONNECT_TIMEOUT="2"
        )
        server = start_server(env, tmp_path / "server.log")
        try:
            began = time.monotonic()
            status, _, body = fetch(server.url + "/healthz")
            assert (status, json.loads(body)) == (200, {"status": "ok"})
            assert time.monotonic() - began < 1.5  # liveness never waits on the database
            began = time.monotonic()
            assert_friendly_503_page(*fetch(server.url + PAGE))
            assert_503_problem(*fetch(server.url + API), instance=API)
            assert fetch(server.url + "/readyz")[0] == 503
            # Two connection attempts per request at most (the response cache, then Django).
            assert time.monotonic() - began < 3 * 2 * 2 + 3
        finally:
            stop_server(server)
        assert "Traceback" not in server.log_text()
