"""The ceiling: the same gunicorn configuration returning precomputed bytes, and nothing else.

It serves the exact bodies Ladder returned for each benchmark target (captured before the run,
one file per target in $BENCH_BODIES), so both servers send the same number of bytes.
"""

import os
from pathlib import Path

BODIES = {
    f"/{path.name}": path.read_bytes()
    for path in Path(os.environ["BENCH_BODIES"]).iterdir()
    if path.is_file()
}
HEADERS = {
    path: [("Content-Type", "application/octet-stream"), ("Content-Length", str(len(body)))]
    for path, body in BODIES.items()
}


def application(environ, start_response):  # type: ignore[no-untyped-def]
    path = environ["PATH_INFO"]
    start_response("200 OK", HEADERS[path])
    return [BODIES[path]]
