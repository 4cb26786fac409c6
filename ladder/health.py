"""Probes for whatever runs Ladder (a process manager, a load balancer, Kubernetes).

`/healthz` (liveness): the process answers. It never touches the database, so an outage of the
database does not get a healthy server restarted. `/readyz` (readiness): the database answers
and the content is loaded, i.e. requests can be served; 503 with the reason otherwise. Neither
may be stored by any cache: each answer is about this moment.
"""

import contextlib
import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ladder.models import Framework

logger = logging.getLogger(__name__)

# Left alone by the middleware that would open a connection or a transaction for them.
PROBE_PATHS = ("/healthz", "/readyz")


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@require_safe
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Not ready: the database is unreachable: %s", error)
        close_connection()
        return not_ready("database unreachable")
    try:
        data_version = Framework.objects.values_list("data_version", flat=True).first()
    except DatabaseError as error:
        logger.warning("Not ready: the content tables cannot be read: %s", error)
        close_connection()
        return not_ready("database not migrated: run manage.py migrate")
    if data_version is None:
        return not_ready("no content loaded: run manage.py load_ladder")
    return JsonResponse({"status": "ok", "data_version": data_version})


def close_connection() -> None:
    """A failed probe leaves no broken connection behind: the next request opens a new one."""
    with contextlib.suppress(DatabaseError):
        connection.close()


def not_ready(reason: str) -> JsonResponse:
    return JsonResponse({"status": "unavailable", "reason": reason}, status=503)
