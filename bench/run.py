"""`make bench`: Ladder against the ceiling of its own server, at three data sizes.

For each size (the shipped content, x10, x100 — the latter two written by bench.generate and
loaded through the real loader) it starts, on 127.0.0.1:
- the production configuration (gunicorn.conf.py, LADDER_ENV=production) with the response
  cache on ("warm": a repeat of a request already answered since the last load),
- the same with the response cache off ("uncached": every request answered by Django from the
  database, as the first request after a load is — pages rendered from their selectors, the API's
  heavy documents read as the bytes the loader stored for the data version),
- the ceiling (bench/ceiling.py): the same gunicorn configuration returning the exact bytes
  Ladder returned for each target, precomputed,
then drives them with wrk (2 threads, 32 connections), interleaved target by target over at
least two rounds so a drift of the machine cancels out, and reports req/s, p50, p99, SQL
queries per request and the ratio to the ceiling measured in the same round.

Output: bench/out/results.json and bench/out/results.md. Timings are measurements, not tests.
"""

import argparse
import json
import math
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
WORK = Path(os.environ.get("BENCH_WORK", "/tmp/ladder-bench"))
PYTHON = sys.executable
TPM = "technical-product-manager"
TARGETS: list[tuple[str, str, str]] = [  # (name, path, kind: page | json | csv | revalidation)
    ("home", "/", "page"),
    ("role page", f"/roles/{TPM}/", "page"),
    ("position page", f"/roles/{TPM}/p3/", "page"),
    ("compare page (2)", f"/compare/?positions={TPM}.tpm-i,{TPM}.tpm-ii", "page"),
    (
        "compare page (4)",
        f"/compare/?positions={TPM}.p3,product-manager.p3,technical-program-manager.p3,{TPM}.p4",
        "page",
    ),
    ("search page", "/search/?q=roadmap", "page"),
    ("api position", f"/api/v1/positions/{TPM}.p3/", "json"),
    ("api positions (page)", "/api/v1/positions/?limit=20", "json"),
    ("api bands csv", "/api/v1/bands/?format=csv", "csv"),
    ("api export", "/api/v1/export/", "json"),
    ("api 304 revalidation", f"/api/v1/positions/{TPM}.p3/", "revalidation"),
]
PACKAGES = ["ladder", "levels", "roles", "compensation", "bench"]
PORTS = {"warm": 8101, "uncached": 8102, "ceiling": 8103}
MAX_RUN_SECONDS = 8
DEFAULT_SIZES = "1,10,100"
SECRET_KEY = secrets.token_urlsafe(50)  # production refuses a weak one; nothing outlives a run


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(args: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return subprocess.run(
        args, env=env, cwd=ROOT, check=True, text=True, capture_output=True, **kwargs
    )


def database_url(factor: int) -> str:
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith("postgres"):
        name = f"ladder_bench_x{factor}"
        server = base.rsplit("/", 1)[0]
        for sql in (f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"):
            subprocess.run(
                ["psql", f"{server}/postgres", "-qc", sql], check=True, capture_output=True
            )
        return f"{server}/{name}"
    path = WORK / f"x{factor}.sqlite3"
    for leftover in (path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")):
        leftover.unlink(missing_ok=True)  # a previous run's WAL must not meet a new database
    return f"sqlite:///{path}"


def server_env(url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "LADDER_ENV": "production",
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_COOKIES": "false",
        # Plain HTTP on loopback: no redirect to HTTPS (production's default).
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "ERROR",
        **extra,
    }


def start(name: str, env: dict[str, str], app: str | None = None) -> subprocess.Popen[bytes]:
    args = [
        PYTHON,
        "-m",
        "gunicorn",
        "-c",
        str(ROOT / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{PORTS[name]}",
    ]
    if app:
        args.append(app)
    process = subprocess.Popen(
        args,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORTS[name])) == 0:
            raise RuntimeError(
                f"port {PORTS[name]} is taken (a server left from an earlier run? "
                "`pkill -f 'gunicorn -c .*gunicorn.conf.py'`)"
            )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", PORTS[name]), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{name} server did not start")


def stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=15)


def fetch(
    port: int, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


# Headers the ceiling's own gunicorn writes, as Ladder's does.
SERVER_HEADERS = frozenset({"date", "server", "connection", "keep-alive", "transfer-encoding"})


def ceiling_head(status: int, headers: dict[str, str], length: int) -> dict[str, object]:
    """The status line and headers Ladder answered, for the ceiling to send precomputed: the
    same response on the wire, so that the ratio measures what Ladder does per request, not the
    size of its headers (a dozen security and caching headers, ~0.8 KB)."""
    kept = [
        [name, value]
        for name, value in headers.items()
        if name.lower() not in SERVER_HEADERS and name.lower() != "content-length"
    ]
    if status != 304:
        kept.append(["Content-Length", str(length)])
    reason = {200: "OK", 304: "Not Modified"}[status]
    return {"status": f"{status} {reason}", "headers": kept}


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def wrk(port: int, path: str, seconds: int, headers: dict[str, str]) -> dict[str, float]:
    args = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--timeout", "20s", "--latency"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*args, f"http://127.0.0.1:{port}{path}"], check=True, text=True, capture_output=True
    ).stdout

    def latency(label: str) -> float:
        match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50_ms": latency("50%"),
        "p99_ms": latency("99%"),
        "errors": (int(bad.group(1)) if bad else 0)
        + (sum(map(int, errors.groups())) if errors else 0),
    }


def run_length(seconds: int, single: float) -> int:
    """How long to drive a target: `seconds`, or longer for a slow one. With 32 connections on 2
    workers a request waits behind ~16 others, so a run shorter than ~32 requests' time counts
    mostly the queue filling up (a 1 s run of the x100 export, ~0.15 s each, measured a third
    of its rate). Capped so that the whole benchmark stays bounded."""
    return min(MAX_RUN_SECONDS, max(seconds, math.ceil(32 * single)))


def measure(port: int, path: str, seconds: int, headers: dict[str, str]) -> dict[str, float]:
    # wrk hangs up at the end of its run, but sync workers still answer what was queued; one
    # blocking request first makes sure a run never waits behind the previous one's backlog.
    try:
        fetch(port, path, headers)
    except OSError as error:  # a timeout: the backlog is still draining; say so and go on
        log(f"drain of {path} on :{port} did not finish ({error}); measuring anyway")
    return wrk(port, path, seconds, headers)


QUERY_COUNTER = """
import json, sys
import django
django.setup()
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wsgiref.util import setup_testing_defaults
from ladder.response_cache import ResponseCache
app = ResponseCache(WSGIHandler())
def call(path, headers):
    path_info, _, query = path.partition("?")
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path_info, "QUERY_STRING": query, **headers}
    setup_testing_defaults(environ)
    environ["SERVER_NAME"] = "127.0.0.1"
    with CaptureQueriesContext(connection) as queries:
        b"".join(app(environ, lambda status, headers, exc=None: None))
    return len(queries)
counts = {}
for name, path, headers in json.loads(sys.argv[1]):
    counts[name] = {"uncached": call(path, headers), "warm": call(path, headers)}
print(json.dumps(counts))
"""


def measure_size(factor: int, rounds: int, seconds: int, deadline: float) -> dict:
    WORK.mkdir(parents=True, exist_ok=True)
    if factor == 1:
        fixtures = ROOT / "fixtures"
    else:
        fixtures = WORK / f"fixtures-x{factor}"
        run([PYTHON, "-m", "bench.generate", str(factor), str(fixtures)], dict(os.environ))
    url = database_url(factor)
    env = server_env(url)
    run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env)
    started = time.perf_counter()
    run([PYTHON, "manage.py", "load_ladder", str(fixtures)], env)
    load_seconds = time.perf_counter() - started
    log(f"x{factor}: loaded in {load_seconds:.1f} s")

    servers = {
        "warm": start("warm", server_env(url, LADDER_RESPONSE_CACHE="true")),
        "uncached": start("uncached", server_env(url, LADDER_RESPONSE_CACHE="false")),
    }
    bodies = WORK / f"bodies-x{factor}"
    shutil.rmtree(bodies, ignore_errors=True)
    bodies.mkdir()
    plan = []
    for index, (name, path, kind) in enumerate(TARGETS):
        status, headers, body = fetch(PORTS["uncached"], path)
        began = time.perf_counter()  # timed again: a worker's first request warms it up
        fetch(PORTS["uncached"], path)
        length = run_length(seconds, time.perf_counter() - began)
        if status != 200:
            raise RuntimeError(f"{name}: {path} answered {status}")
        request_headers = {"Accept-Encoding": "identity"}
        if kind == "revalidation":
            etag = fetch(PORTS["warm"], path)[1].get("ETag")
            if not etag:
                raise RuntimeError(f"{name}: {path} sends no ETag")
            request_headers["If-None-Match"] = etag
            body = b""  # a 304 carries no body: its ceiling is an empty answer
        (bodies / f"t{index}").write_bytes(body)
        # The warm server's one miss; what it answers is the response the ceiling sends as is.
        warm_status, warm_headers, _ = fetch(PORTS["warm"], path, request_headers)
        (bodies / f"t{index}.head.json").write_text(
            json.dumps(ceiling_head(warm_status, warm_headers, len(body)))
        )
        plan.append((name, path, kind, f"/t{index}", request_headers, len(body), length))
    servers["ceiling"] = start(
        "ceiling", {**os.environ, "BENCH_BODIES": str(bodies)}, "bench.ceiling:application"
    )

    queries = json.loads(
        run(
            [
                PYTHON,
                "-c",
                QUERY_COUNTER,
                json.dumps(
                    [
                        (
                            n,
                            p,
                            {"HTTP_IF_NONE_MATCH": h["If-None-Match"]}
                            if "If-None-Match" in h
                            else {},
                        )
                        for n, p, _, _, h, _, _ in plan
                    ]
                ),
            ],
            {**env, "DJANGO_SETTINGS_MODULE": "ladder.settings", "LADDER_RESPONSE_CACHE": "true"},
        ).stdout
    )

    results: dict[str, dict] = {
        name: {
            "path": path,
            "kind": kind,
            "bytes": size,
            "seconds": length,
            "queries": queries[name],
            "rounds": [],
        }
        for name, path, kind, _, _, size, length in plan
    }
    try:
        for round_number in range(rounds):
            if round_number >= 2 and time.time() > deadline:
                log(f"x{factor}: time budget spent; stopping after {round_number} round(s)")
                break
            for name, path, _, ceiling_path, headers, _, length in plan:
                sample = {
                    "ceiling": measure(PORTS["ceiling"], ceiling_path, length, {}),
                    "warm": measure(PORTS["warm"], path, length, headers),
                    "uncached": measure(PORTS["uncached"], path, length, headers),
                }
                results[name]["rounds"].append(sample)
            log(f"x{factor}: round {round_number + 1}/{rounds} done")
    finally:
        for process in servers.values():
            stop(process)

    for result in results.values():
        if not result["rounds"]:
            continue
        for state in ("ceiling", "warm", "uncached"):
            samples = [r[state] for r in result["rounds"]]
            result[state] = {
                key: statistics.mean(s[key] for s in samples) for key in ("rps", "p50_ms", "p99_ms")
            }
            result[state]["errors"] = sum(s["errors"] for s in samples)
        for state in ("warm", "uncached"):
            ratios = [
                r[state]["rps"] / r["ceiling"]["rps"]
                for r in result["rounds"]
                if r["ceiling"]["rps"]
            ]
            result[f"ratio_{state}"] = statistics.mean(ratios) if ratios else 0.0
    return {"factor": factor, "load_seconds": load_seconds, "targets": results}


def machine() -> dict[str, str]:
    cpu = ""
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
        cpu = next(line.split(":", 1)[1].strip() for line in lines if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    database = (
        "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    )
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "os": platform.platform(),
        "database": database,
    }


def markdown(report: dict) -> str:
    lines = [
        f"Run {report['date']} on {report['machine']['cpu']} ({report['machine']['cores']} cores), "
        f"{report['machine']['database']}, Python {report['machine']['python']}; gunicorn 2 sync workers, "
        f"wrk 2 threads × 32 connections on loopback, {report['rounds']} interleaved rounds of "
        f"{report['seconds']} s per target (a slow target longer, marked: at least 32 requests' time, "
        f"up to {MAX_RUN_SECONDS} s). Ratio = req/s ÷ ceiling req/s in the same round.",
        "",
    ]
    for size in report["sizes"]:
        lines += [
            f"**×{size['factor']}** (load: {size['load_seconds']:.1f} s)",
            "",
            "| target | bytes | SQL warm / uncached | ceiling req/s | warm req/s | warm p50 / p99 ms | warm ratio "
            "| uncached req/s | uncached p50 / p99 ms | uncached ratio |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, t in size["targets"].items():
            if "warm" not in t:
                continue
            longer = f" ({t['seconds']} s runs)" if t.get("seconds", 0) > report["seconds"] else ""
            lines.append(
                f"| {name}{longer} | {t['bytes']:,} | {t['queries']['warm']} / {t['queries']['uncached']} "
                f"| {t['ceiling']['rps']:.0f} | {t['warm']['rps']:.0f} "
                f"| {t['warm']['p50_ms']:.1f} / {t['warm']['p99_ms']:.1f} | {t['ratio_warm']:.0%} "
                f"| {t['uncached']['rps']:.0f} | {t['uncached']['p50_ms']:.1f} / {t['uncached']['p99_ms']:.1f} "
                f"| {t['ratio_uncached']:.0%} |"
            )
        lines.append("")
    return "\n".join(lines + scaling(report["sizes"]))


def scaling(sizes: list[dict]) -> list[str]:
    """Each larger size against x1, per target: req/s and body size as multiples of x1's."""
    base = next((size for size in sizes if size["factor"] == 1), None)
    if base is None:
        return []
    lines = []
    for size in sizes:
        if size["factor"] == 1:
            continue
        lines += [
            f"**×{size['factor']} against ×1** (req/s and bytes/s as a share of ×1's; bytes as a "
            "multiple: a body that grows with the data is served linearly when its bytes/s stay "
            "near 100%)",
            "",
            "| target | bytes | warm req/s | uncached req/s | warm bytes/s | uncached bytes/s |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, t in size["targets"].items():
            b = base["targets"].get(name)
            if not b or "warm" not in t or "warm" not in b:
                continue
            grown = t["bytes"] / max(b["bytes"], 1)
            warm = t["warm"]["rps"] / max(b["warm"]["rps"], 1e-9)
            uncached = t["uncached"]["rps"] / max(b["uncached"]["rps"], 1e-9)
            lines.append(
                f"| {name} | ×{grown:.1f} | {warm:.0%} | {uncached:.0%} "
                f"| {warm * grown:.0%} | {uncached * grown:.0%} |"
            )
        lines.append("")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Benchmark Ladder against its own server's ceiling."
    )
    parser.add_argument("--sizes", default=DEFAULT_SIZES)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--seconds", type=int, default=2, help="length of each wrk run (whole seconds)"
    )
    parser.add_argument(
        "--only", default="", help="comma-separated target names to run (default: all)"
    )
    parser.add_argument(
        "--budget",
        type=int,
        default=570,
        help="seconds the whole run may take; sizes and rounds past it are skipped (default 570)",
    )
    args = parser.parse_args()
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        TARGETS[:] = [target for target in TARGETS if target[0] in wanted]
    if args.rounds < 2:
        parser.error("at least two rounds, so that a drift of the machine cancels out")
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk); `make bench` installs it.")
    began = time.perf_counter()
    # Deployed as a production server is: static files collected, Ladder's modules compiled to
    # bytecode. The machines here set PYTHONDONTWRITEBYTECODE, so without the second step every
    # process (each load, each worker) compiles Ladder's ~100 modules again: ~0.2 s a start.
    run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"],
        server_env("sqlite:///:memory:"),
    )
    run([PYTHON, "-m", "compileall", "-q", *PACKAGES], dict(os.environ))
    report = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "rounds": args.rounds,
        "seconds": args.seconds,
        "sizes": [],
    }
    deadline = time.time() + args.budget
    for factor in (int(f) for f in args.sizes.split(",")):
        if report["sizes"] and time.time() > deadline:
            log(f"time budget spent: x{factor} skipped")
            report.setdefault("skipped", []).append(factor)
            continue
        report["sizes"].append(measure_size(factor, args.rounds, args.seconds, deadline))
    report["duration_seconds"] = round(time.perf_counter() - began, 1)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(report, indent=2))
    (OUT / "results.md").write_text(
        markdown(report) + f"\nWhole run: {report['duration_seconds']} s.\n"
    )
    print(markdown(report))
    if not args.only and args.sizes == DEFAULT_SIZES:  # a partial run stays in bench/out/
        update_readme(markdown(report) + f"\nWhole run: {report['duration_seconds']} s.\n")
    log(f"done in {report['duration_seconds']} s; results in {OUT}")


def update_readme(table: str) -> None:
    """Put the latest table into README.md between the bench markers."""
    readme = ROOT / "README.md"
    text = readme.read_text()
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        readme.write_text(f"{head}{start}\n{table}\n{end}{rest.split(end, 1)[1]}")


if __name__ == "__main__":
    main()
