"""A database that is down or restarting answers 503, not 500: a page for people, problem+json
under /api/, both with Retry-After. Never a stack trace.

Where the outage is met:
- here, first: a GET or HEAD opens its connection before the middleware after this one runs
  (every read does: ladder/snapshot.py opens a transaction for it), so a database that is down
  is answered in one place, with one log line and no traceback;
- in a view (and the templates it renders, and DRF, whose exception handler leaves database
  errors alone): `process_exception`;
- in another middleware (sessions, auth, a request that is not a read): Django turns the error
  into a 500 at that layer, so a `got_request_exception` receiver marks the request and the 500
  is replaced on the way out.
Every time the broken connection is closed, so the next request connects afresh and the service
recovers by itself once the database is back. The probes (ladder/health.py) answer for
themselves: /healthz never touches the database, /readyz says why it is not ready.

The 503 page is rendered without context processors and touches no model: it must render while
the database is down.
"""

import contextlib
import logging
import sys
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    InterfaceError,
    OperationalError,
    connections,
)
from django.http import HttpRequest, HttpResponse
from django.template import loader

from ladder.health import PROBE_PATHS
from ladder.problems import is_api, problem_response

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
OUTAGE_DETAIL = (
    "The database behind Ladder is unreachable or restarting. "
    f"Retry in {RETRY_AFTER_SECONDS} seconds."
)
OUTAGE_MARK = "_ladder_database_outage"
READS = ("GET", "HEAD")


def is_database_outage(error: BaseException | None) -> bool:
    """Whether the database could not be reached or stopped answering (connection refused,
    server restarting, connection lost, statement or lock timeout): a fault that retrying
    later can fix. Django wraps the driver's errors in these two classes."""
    return isinstance(error, OperationalError | InterfaceError)


def outage_response(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        response: HttpResponse = problem_response(
            request, 503, "Service unavailable", OUTAGE_DETAIL
        )
    else:
        body = loader.get_template("errors/503.html").render({"request": request})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def close_broken_connections() -> None:
    """Drop every connection that saw an error; the next query opens a new one."""
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and connection.errors_occurred:
            with contextlib.suppress(DatabaseError):
                connection.close()


def mark_outage(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """Called by Django for an exception no view-level hook answered (e.g. raised by another
    middleware); the exception being handled is the current one."""
    if request is not None and is_database_outage(sys.exc_info()[1]):
        setattr(request, OUTAGE_MARK, True)


got_request_exception.connect(mark_outage, dispatch_uid="ladder.database_outage")


class DatabaseOutageMiddleware:
    """Placed before the middleware that may touch the database (sessions, auth, messages)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in READS and request.path_info not in PROBE_PATHS:
            try:
                connections[DEFAULT_DB_ALIAS].ensure_connection()
            except (OperationalError, InterfaceError) as error:
                return self.outage(request, error)
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, OUTAGE_MARK, False):
            close_broken_connections()
            return outage_response(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_outage(exception):
            return None
        return self.outage(request, exception)

    @staticmethod
    def outage(request: HttpRequest, error: Exception) -> HttpResponse:
        logger.warning("Database unavailable for %s: %s", request.path, error)
        close_broken_connections()
        return outage_response(request)
