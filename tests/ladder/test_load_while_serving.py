"""A load while the server is serving: every reader sees the old content or the new one, whole.

Real processes throughout. On a throwaway database (an SQLite file, or a PostgreSQL database
created for this test when DATABASE_URL names a PostgreSQL server) holding version A (the
shipped content files), two gunicorn servers in the production configuration serve: one with
the response cache on, one with it off (every request built from the database). Reader threads
hammer a position page and two API documents on both while `manage.py load_ladder` swaps the
content between A and B (a copy of the files with a statement, a band figure and an aspect
name changed) several times. Every answer must be a 200 or a 304, every body entirely A or
entirely B, and the data version an API answer names must be the one its body was built from.
Afterwards every address the readers used must answer A: no answer stored during a swap may
outlive it.
"""

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from wsgiref.util import setup_testing_defaults

import pytest
import yaml
from django.conf import settings
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler

from bench.run import server_env
from ladder.loader import load_ladder, read_ladder
from ladder.response_cache import ResponseCache, read_data_version

ROOT = Path(__file__).resolve().parents[2]
TPM = "technical-product-manager"
PAGE = f"/roles/{TPM}/p3/"
POSITION = f"/api/v1/positions/{TPM}.p3/"
EXPORT = "/api/v1/export/"
# Each (A, B) pair is one change; a whole answer holds exactly one side of every pair, and the
# same side of all of them.
STATEMENT_A = "Leads the planning of defined features"
STATEMENT_B = "Plans features from first idea to launch while a load swaps the ladder"
MARKERS = [
    ((STATEMENT_A.encode(),), (STATEMENT_B.encode(),)),
    ((b"128000", b"128,000"), (b"128777", b"128,777")),
    ((b"Roadmap ownership",), (b"Roadmap stewardship",)),
]
# Distinct addresses for the same documents: the cached server misses on each one the first
# time after a load, so it keeps building and storing answers while loads commit.
VARIANTS = {PAGE: 12, POSITION: 12, EXPORT: 3}
LOADS = 4  # A→B→A→B→A
READERS_PER_SERVER = 2


def write_version_b(target: Path) -> None:
    """Version B: the shipped files with one statement, one band figure and one name changed."""
    shutil.copytree(settings.LADDER_FIXTURES_DIR, target)
    role_file = target / "roles" / f"{TPM}.yaml"
    role = yaml.safe_load(role_file.read_text(encoding="utf-8"))
    p3 = next(p for p in role["positions"] if p["level"] == "p3")
    statements = p3["dimensions"]["responsibilities"]["statements"]
    assert statements[0]["text"].startswith(STATEMENT_A)
    statements[0]["text"] = STATEMENT_B
    assert p3["bands"][0]["median"] == 128000
    p3["bands"][0]["median"] = 128777
    role_file.write_text(yaml.safe_dump(role, allow_unicode=True, sort_keys=False), "utf-8")

    framework_file = target / "framework.yaml"
    framework = yaml.safe_load(framework_file.read_text(encoding="utf-8"))
    aspect = next(
        a for d in framework["dimensions"] for a in d["aspects"] if a["slug"] == "roadmap-ownership"
    )
    assert aspect["name"] == "Roadmap ownership"
    aspect["name"] = "Roadmap stewardship"
    framework_file.write_text(
        yaml.safe_dump(framework, allow_unicode=True, sort_keys=False), "utf-8"
    )


def version_of(body: bytes) -> str:
    """The version the body wholly is, "A" or "B"; otherwise "mixed" and each change's side."""
    sides = []
    for old, new in MARKERS:
        has_old = any(marker in body for marker in old)
        has_new = any(marker in body for marker in new)
        sides.append("A" if has_old and not has_new else "B" if has_new and not has_old else "?")
    return sides[0] if len(set(sides)) == 1 and sides[0] != "?" else "mixed " + "".join(sides)


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A database for this test alone, on the server DATABASE_URL names (SQLite otherwise)."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'serving.sqlite3'}"
        return
    import psycopg

    name = f"ladder_serving_{uuid.uuid4().hex[:12]}"
    parts = urlsplit(base)
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]


def serve(env: dict[str, str], workers: int, log: Path) -> Server:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if get(port, "/api/v1/")[0] == 200:
            return Server(port, process)
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    raise AssertionError(f"gunicorn did not start: {log.read_text()[-2000:]}")


def get(
    port: int, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    except OSError as error:
        return 0, {}, repr(error).encode()
    finally:
        connection.close()


@dataclass
class Readings:
    versions: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    faults: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fault(self, message: str) -> None:
        with self.lock:
            self.faults.append(message)


def addresses() -> list[tuple[str, str]]:
    """(path, Accept) pairs: the response cache keys on both, and every Accept here gets the
    same representation (the API refuses a query parameter it does not document)."""
    return [
        (path, f"*/*;q=0.{n + 1:03d}") for path, count in VARIANTS.items() for n in range(count)
    ]


def check(path: str, status: int, headers: dict[str, str], body: bytes, data_versions: dict) -> str:
    """What the answer was ("A", "B", "304"), or why it is wrong."""
    if status == 304:
        return "304"
    if status != 200:
        return f"status {status}: {body[:200]!r}"
    version = version_of(body)
    if version not in ("A", "B"):
        return f"a body of versions {version}"
    if path.startswith("/api/"):
        named = headers.get("X-Ladder-Data-Version")
        if named != data_versions[version]:
            return f"a body of version {version} named data version {named}"
        if path.startswith(EXPORT) and f'"data_version":"{named}"'.encode() not in body:
            return f"an export whose body names another data version than {named}"
    return version


def read_until(
    stop: threading.Event, port: int, offset: int, readings: Readings, data_versions: dict
) -> None:
    etags: dict[tuple[str, str], str] = {}
    every = addresses()
    n = offset
    while not stop.is_set():
        path, accept = address = every[n % len(every)]
        n += 1
        request = {"Accept": accept}
        if address in etags and n % 3 == 0:
            request["If-None-Match"] = etags[address]
        status, headers, body = get(port, path, request)
        outcome = check(path, status, headers, body, data_versions)
        with readings.lock:
            readings.statuses[status] += 1
            readings.versions[outcome] += 1
        if outcome not in ("A", "B", "304"):
            readings.fault(f"{path} (Accept: {accept}) on :{port}: {outcome}")
        if status == 200 and "ETag" in headers:
            etags[address] = headers["ETag"]


def test_readers_see_one_whole_version_while_loads_commit(database_url: str, tmp_path: Path):
    version_b = tmp_path / "fixtures-b"
    write_version_b(version_b)
    version_a = Path(settings.LADDER_FIXTURES_DIR)
    env = server_env(database_url)
    # The static files' manifest (production pages need it) is written while the database is
    # prepared: neither needs the other.
    collectstatic = subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    for step in (("migrate", "--no-input", "-v0"), ("load_ladder", str(version_a))):
        result = manage(env, *step)
        assert result.returncode == 0, result.stdout + result.stderr
    _, errors = collectstatic.communicate(timeout=120)
    assert collectstatic.returncode == 0, errors
    data_versions = {
        "A": read_ladder([version_a]).data_version,
        "B": read_ladder([version_b]).data_version,
    }
    cached = serve(env, workers=1, log=tmp_path / "cached.log")
    uncached = serve(
        server_env(database_url, LADDER_RESPONSE_CACHE="false"),
        workers=2,
        log=tmp_path / "uncached.log",
    )
    readings = Readings()
    stop = threading.Event()
    readers = [
        threading.Thread(
            target=read_until, args=(stop, server.port, i * 7, readings, data_versions)
        )
        for server in (cached, uncached)
        for i in range(READERS_PER_SERVER)
    ]
    loads = []
    try:
        for reader in readers:
            reader.start()
        time.sleep(1)
        for turn in range(LOADS):
            files = version_b if turn % 2 == 0 else version_a
            loads.append(manage(env, "load_ladder", str(files)))
            time.sleep(0.5)
        stop.set()
        for reader in readers:
            reader.join(timeout=60)

        for result in loads:
            assert result.returncode == 0, result.stdout + result.stderr
            assert "Loaded data version" in result.stdout
        assert not readings.faults, (
            f"{len(readings.faults)} wrong answers, e.g. {readings.faults[:5]}"
        )
        assert readings.versions["A"], readings.versions
        assert readings.versions["B"], readings.versions
        # Nothing stored during a swap outlives it: every address now answers A, on both.
        for server in (cached, uncached):
            for path, accept in addresses():
                status, headers, body = get(server.port, path, {"Accept": accept})
                outcome = check(path, status, headers, body, data_versions)
                assert outcome == "A", f"{path} ({accept}) on :{server.port} after: {outcome}"
    finally:
        stop.set()
        for server in (cached, uncached):
            os.killpg(server.process.pid, signal.SIGTERM)
            server.process.wait(timeout=15)


@pytest.mark.django_db
def test_an_answer_built_after_a_load_is_never_served_once_the_old_version_is_back(
    settings, in_process_wsgi, tmp_path: Path
):
    """The response cache reads the data version, then Django builds the answer: a load that
    commits in between gives an answer of the new content. Stored under the version read first,
    it would be served again as soon as a later load brings that version back (A→B→A)."""
    settings.LADDER_RESPONSE_CACHE = True
    caches["responses"].clear()
    version_b = tmp_path / "fixtures-b"
    write_version_b(version_b)
    loads_between = [version_b]

    def version_then_a_load_commits() -> str | None:
        version = read_data_version()
        while loads_between:
            load_ladder(paths=[loads_between.pop()])
        return version

    racing = ResponseCache(WSGIHandler(), version=version_then_a_load_commits)
    assert version_of(body_through(racing, PAGE)) == "B"  # built after the load, from B
    load_ladder()  # back to A
    assert version_of(body_through(ResponseCache(WSGIHandler()), PAGE)) == "A"


def body_through(app: ResponseCache, path: str) -> bytes:
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": ""}
    setup_testing_defaults(environ)
    environ["SERVER_NAME"] = "testserver"
    return b"".join(app(environ, lambda status, headers, exc_info=None: None))
