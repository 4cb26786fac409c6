"""`make soak`: the production server under a steady mixed load, watched for errors and for
worker memory that grows.

Starts the production configuration (gunicorn.conf.py, LADDER_ENV=production, the response
cache on; PostgreSQL when DATABASE_URL is set, SQLite otherwise) on the shipped content, warms
it up, then drives it with wrk at 64 connections for --seconds (default 300) through
bench/soak.lua, which cycles through a mix of pages and API requests (one of them a
revalidation with If-None-Match) and counts every answer by status. Meanwhile it samples the
resident memory (VmRSS) of the gunicorn master and each worker every --sample-every seconds.

Passes when there was no socket error, every answer was a 2xx or a 304, no worker was
replaced, and no worker's memory grew by more than --max-growth (fraction of its size after
warm-up). Output: bench/out/soak.json and bench/out/soak.md; exit status 1 when it fails.
Figures are measurements on this machine, not assertions. It remakes the benchmark's x1
database (bench.run.database_url): run it after `make bench`, never beside it.
"""

import argparse
import json
import shutil
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.run import (
    OUT,
    PORTS,
    PYTHON,
    ROOT,
    WORK,
    database_url,
    fetch,
    log,
    machine,
    run,
    server_env,
    start,
    stop,
)

TPM = "technical-product-manager"
# (name, path, conditional): a conditional request revalidates with the ETag its path answered.
MIX: list[tuple[str, str, bool]] = [
    ("home", "/", False),
    ("role page", f"/roles/{TPM}/", False),
    ("position page", f"/roles/{TPM}/p3/", False),
    ("title level page", f"/roles/{TPM}/tpm-ii/", False),
    ("compensation page", f"/compensation/?role={TPM}", False),
    ("compare page", f"/compare/?positions={TPM}.p3,product-manager.p3", False),
    ("search page", "/search/?q=roadmap", False),
    ("api position", f"/api/v1/positions/{TPM}.p3/", False),
    ("api positions", "/api/v1/positions/?limit=20", False),
    ("api bands csv", "/api/v1/bands/?format=csv", False),
    ("api title resolve", "/api/v1/titles/resolve/?title=TPM%20II", False),
    ("api export", "/api/v1/export/", False),
    ("api revalidation", f"/api/v1/positions/{TPM}.p3/", True),
]
PORTS.setdefault("soak", 8104)  # beside the benchmark's servers, not on one of their ports
SCRIPT = ROOT / "bench" / "soak.lua"
CONNECTIONS = 64
THREADS = 2
WARM_UP_SECONDS = 10


def rss_kb(pid: int) -> int | None:
    """Resident memory of a process in kB, or None once it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def children(pid: int) -> list[int]:
    """The gunicorn workers: the master's child processes."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The command name (field 2) is in parentheses and may hold spaces: split after it.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def sample(master: int, began: float) -> dict:
    return {
        "t": round(time.monotonic() - began, 1),
        "master_kb": rss_kb(master),
        "workers_kb": {str(pid): rss_kb(pid) for pid in children(master)},
    }


def requests_for_wrk(port: int) -> list[str]:
    """wrk script arguments, after checking that every request answers as it should."""
    arguments = []
    for name, path, conditional in MIX:
        status, headers, _ = fetch(port, path)
        if status != 200:
            raise RuntimeError(f"{name}: {path} answered {status}")
        if not conditional:
            arguments.append(path)
            continue
        etag = headers.get("ETag")
        if not etag or fetch(port, path, {"If-None-Match": etag})[0] != 304:
            raise RuntimeError(f"{name}: {path} does not revalidate with its ETag ({etag})")
        arguments.append(f"{path}\t{etag}")
    return arguments


def drive(port: int, seconds: int, arguments: list[str]) -> dict:
    """Run wrk with soak.lua; the script's own summary line, parsed."""
    output = subprocess.run(
        [
            "wrk",
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "20s",
            "-s",
            str(SCRIPT),
            f"http://127.0.0.1:{port}",
            "--",
            *arguments,
        ],
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    line = next((ln for ln in output.splitlines() if ln.startswith("SOAK_RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result:\n{output}")
    return json.loads(line.removeprefix("SOAK_RESULT "))


def memory_summary(samples: list[dict]) -> dict[str, dict[str, int]]:
    """Start (after warm-up), end and maximum RSS of the master and of each worker, in kB."""
    series: dict[str, list[int]] = {"master": [s["master_kb"] for s in samples if s["master_kb"]]}
    for s in samples:
        for pid, kb in s["workers_kb"].items():
            if kb:
                series.setdefault(f"worker {pid}", []).append(kb)
    return {
        name: {"start_kb": values[0], "end_kb": values[-1], "max_kb": max(values)}
        for name, values in series.items()
    }


def judge(report: dict, max_growth: float) -> list[str]:
    """Why the soak failed; empty when it passed."""
    reasons = []
    load = report["load"]
    socket_errors = sum(load["socket_errors"].values())
    if socket_errors:
        reasons.append(f"{socket_errors} socket errors {load['socket_errors']}")
    if report["bad_responses"]:
        reasons.append(f"{report['bad_responses']} answers neither 2xx nor 304")
    if report["workers_at_start"] != report["workers_at_end"]:
        reasons.append(
            f"workers replaced: {report['workers_at_start']} → {report['workers_at_end']}"
        )
    for name, memory in report["memory"].items():
        growth = (memory["end_kb"] - memory["start_kb"]) / memory["start_kb"]
        if name.startswith("worker") and growth > max_growth:
            reasons.append(
                f"{name} grew {growth:.0%} ({memory['start_kb']} → {memory['end_kb']} kB)"
            )
    return reasons


def soak(seconds: int, sample_every: float, max_growth: float) -> dict:
    OUT.mkdir(parents=True, exist_ok=True)
    WORK.mkdir(parents=True, exist_ok=True)
    url = database_url(1)  # the benchmark's x1 database, made afresh
    env = server_env(url)
    run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], env)
    run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env)
    run([PYTHON, "manage.py", "load_ladder", str(ROOT / "fixtures")], env)
    server = start("soak", env)
    try:
        port = PORTS["soak"]
        arguments = requests_for_wrk(port)
        log(f"warming up for {WARM_UP_SECONDS} s")
        drive(port, WARM_UP_SECONDS, arguments)
        began = time.monotonic()
        samples = [sample(server.pid, began)]
        workers_at_start = sorted(samples[0]["workers_kb"])
        log(f"soaking for {seconds} s at {CONNECTIONS} connections, {len(MIX)} requests in the mix")
        finished = threading.Event()

        def watch() -> None:
            while not finished.wait(sample_every):
                samples.append(sample(server.pid, began))

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        try:
            load = drive(port, seconds, arguments)
        finally:
            finished.set()
            watcher.join()
        samples.append(sample(server.pid, began))
    finally:
        stop(server)

    statuses = {int(status): count for status, count in load["statuses"].items()}
    duration = load["duration_us"] / 1e6
    report = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "seconds": seconds,
        "connections": CONNECTIONS,
        "threads": THREADS,
        "mix": [{"name": n, "path": p, "conditional": c} for n, p, c in MIX],
        "load": load,
        "requests": load["requests"],
        "requests_per_second": round(load["requests"] / duration, 1) if duration else 0.0,
        "p50_ms": load["latency_us"]["p50"] / 1000,
        "p99_ms": load["latency_us"]["p99"] / 1000,
        "statuses": statuses,
        "bad_responses": sum(
            count
            for status, count in statuses.items()
            if not (200 <= status < 300 or status == 304)
        ),
        "workers_at_start": workers_at_start,
        "workers_at_end": sorted(samples[-1]["workers_kb"]),
        "samples": samples,
        "memory": memory_summary(samples),
        "max_growth": max_growth,
    }
    report["failures"] = judge(report, max_growth)
    report["verdict"] = "pass" if not report["failures"] else "fail"
    return report


def markdown(report: dict) -> str:
    m = report["machine"]
    load = report["load"]
    lines = [
        f"Soak {report['date']} on {m['cpu']} ({m['cores']} cores), {m['database']}, "
        f"Python {m['python']}; gunicorn.conf.py (2 sync workers), wrk {report['threads']} "
        f"threads × {report['connections']} connections on loopback for {report['seconds']} s, "
        f"cycling through {len(report['mix'])} page and API requests.",
        "",
        f"**Verdict: {report['verdict']}**"
        + ("" if not report["failures"] else " — " + "; ".join(report["failures"])),
        "",
        "| requests | req/s | p50 ms | p99 ms | max ms | socket errors | non-2xx/304 | statuses |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
        f"| {report['requests']:,} | {report['requests_per_second']:.0f} "
        f"| {report['p50_ms']:.1f} | {report['p99_ms']:.1f} "
        f"| {load['latency_us']['max'] / 1000:.1f} | {sum(load['socket_errors'].values())} "
        f"| {report['bad_responses']} "
        f"| {', '.join(f'{s}: {c:,}' for s, c in sorted(report['statuses'].items()))} |",
        "",
        "Resident memory (VmRSS), from after the warm-up to the end:",
        "",
        "| process | start MB | end MB | max MB | growth |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, mem in report["memory"].items():
        growth = (mem["end_kb"] - mem["start_kb"]) / mem["start_kb"]
        lines.append(
            f"| {name} | {mem['start_kb'] / 1024:.1f} | {mem['end_kb'] / 1024:.1f} "
            f"| {mem['max_kb'] / 1024:.1f} | {growth:+.1%} |"
        )
    lines.append("")
    lines.append(
        "Requests in the mix: "
        + ", ".join(
            f"`{m['path']}`" + (" (If-None-Match: its ETag)" if m["conditional"] else "")
            for m in report["mix"]
        )
    )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="Soak the production server under a mixed load.")
    parser.add_argument("--seconds", type=int, default=300, help="length of the soak")
    parser.add_argument(
        "--sample-every", type=float, default=10.0, help="seconds between RSS samples"
    )
    parser.add_argument(
        "--max-growth",
        type=float,
        default=0.10,
        help="largest growth of a worker's memory that still counts as flat (fraction)",
    )
    args = parser.parse_args()
    if args.seconds < 1:
        parser.error("--seconds must be at least 1")
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk); `make soak` installs it.")
    report = soak(args.seconds, args.sample_every, args.max_growth)
    (OUT / "soak.json").write_text(json.dumps(report, indent=2))
    (OUT / "soak.md").write_text(markdown(report))
    print(markdown(report))
    log(f"results in {OUT / 'soak.md'} and {OUT / 'soak.json'}")
    if report["verdict"] != "pass":
        sys.exit(1)


if __name__ == "__main__":
    main()
