"""Ladder's production server configuration (also what `make bench` measures)."""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Two sync workers per two cores: Ladder's requests are short and CPU-bound, and its hot path
# (the response cache) never waits on anything but one single-row read.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
backlog = 2048
timeout = 30
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
wsgi_app = "ladder.wsgi:application"


def post_fork(server, worker) -> None:  # type: ignore[no-untyped-def]
    """Each worker keeps the memory it frees for its next request (ladder/heap.py): the
    benchmark's ceiling runs under this same configuration, so it gets the same policy."""
    from ladder.heap import keep_freed_memory

    keep_freed_memory()


def post_worker_init(worker) -> None:  # type: ignore[no-untyped-def]
    """Learn the API's documented parameters (built from the OpenAPI document, ~0.6 s) before the
    worker takes its first request, rather than during it. Only for Ladder's own application
    (the benchmark's ceiling runs other code under this same configuration)."""
    # The application actually served: a command-line app overrides `wsgi_app` above, but
    # only in `app_uri` (checking `wsgi_app` let the ceiling's workers crash at boot).
    if "ladder.wsgi" not in str(getattr(worker.app, "app_uri", "")):
        return
    from ladder.api.parameters import documented_parameters

    documented_parameters()
