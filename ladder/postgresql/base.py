"""Django's PostgreSQL backend, but a quiet connection passes its health check without a query.

With CONN_HEALTH_CHECKS (settings.py: a server restart must cost no request) Django checks a
kept connection at the first query of each request with `SELECT 1`: one of the six round
trips an uncached API answer made (the check, BEGIN, the version, two stored documents,
COMMIT; traced 2026-11-24). Between requests an idle connection has nothing to read. The server
writes to it unasked only to end it (a restart, `pg_terminate_backend`, an idle timeout: an
error message, then the close) or with a notice. So a socket with nothing to read is taken as
usable, and only one that has something gets Django's own check.
"""

import select

from django.db.backends.postgresql import base
from psycopg import Error
from psycopg.pq import ConnStatus


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        if self.connection is None:
            return False
        try:
            pgconn = self.connection.pgconn
            if pgconn.status != ConnStatus.OK:
                return False
            readable, _, _ = select.select([pgconn.socket], [], [], 0)
        except (Error, OSError, ValueError):
            return False
        return super().is_usable() if readable else True
