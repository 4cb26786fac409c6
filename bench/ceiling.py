"""The ceiling: the same gunicorn configuration returning precomputed responses, and nothing else.

For each benchmark target it serves the exact response Ladder gave (captured before the run in
$BENCH_BODIES: the body in `t<n>`, the status line and headers in `t<n>.head.json`), so both
servers put the same bytes on the wire and the difference is the work Ladder does per request.
"""

import json
import os
from pathlib import Path

_DIRECTORY = Path(os.environ["BENCH_BODIES"])
BODIES = {
    f"/{path.name}": path.read_bytes()
    for path in _DIRECTORY.iterdir()
    if path.is_file() and not path.name.endswith(".head.json")
}
HEADS = {path: json.loads((_DIRECTORY / f"{path[1:]}.head.json").read_text()) for path in BODIES}
STATUS = {path: head["status"] for path, head in HEADS.items()}
HEADERS = {path: [tuple(pair) for pair in head["headers"]] for path, head in HEADS.items()}


def application(environ, start_response):  # type: ignore[no-untyped-def]
    path = environ["PATH_INFO"]
    start_response(STATUS[path], HEADERS[path])
    return [BODIES[path]]
