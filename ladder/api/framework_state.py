"""The loaded data version and when it was loaded, as every API answer and stored page needs them."""

from datetime import UTC, datetime
from functools import cache

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ladder.models import Framework


def framework_state() -> tuple[str, datetime | None]:
    """(data version, loaded at) in one single-row read.

    Raw SQL on purpose: every API request starts here, and compiling the ORM query costs more
    than running it. The column types are converted as the ORM would (SQLite returns text)."""
    with connection.cursor() as cursor:
        cursor.execute(_framework_state_sql())
        row = cursor.fetchone()
    if row is None:
        return "empty", None
    return row[0] or "empty", as_loaded_at(row[1])


def as_loaded_at(value: datetime | str | None) -> datetime | None:
    """Framework.loaded_at as the ORM would give it (SQLite returns text)."""
    loaded_at = parse_datetime(value) if isinstance(value, str) else value
    if loaded_at is not None and timezone.is_naive(loaded_at):
        loaded_at = timezone.make_aware(loaded_at, UTC)
    return loaded_at


@cache
def _framework_state_sql() -> str:
    quote = connection.ops.quote_name
    return (
        f"SELECT {quote('data_version')}, {quote('loaded_at')} "
        f"FROM {quote(Framework._meta.db_table)} ORDER BY {quote('id')} LIMIT 1"
    )
