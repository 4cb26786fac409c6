"""Storing the documents leaves the planner statistics about them (ladder.api.stored): without,
PostgreSQL read every document of the version to find a page of the list's items."""

import pytest
from django.db import connection

from ladder.api.stored import build_documents
from ladder.models import Framework, StoredDocument

pytestmark = pytest.mark.django_db

TABLE = StoredDocument._meta.db_table


def forget_statistics() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if not cursor.fetchone()[0]:
                pytest.skip("forgetting statistics needs a superuser")
            cursor.execute("DELETE FROM pg_statistic WHERE starelid = %s::regclass", [TABLE])
        else:
            cursor.execute("ANALYZE sqlite_schema")  # makes sure sqlite_stat1 exists
            cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s", [TABLE])


def analysed_columns() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT attname FROM pg_stats WHERE tablename = %s", [TABLE])
            return {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = %s", [TABLE])
        return {"data_version", "key"} if cursor.fetchall() else set()


def test_storing_the_documents_analyses_what_reads_select_on():
    forget_statistics()
    assert analysed_columns() == set()
    build_documents(Framework.objects.get().data_version)
    assert {"data_version", "key"} <= analysed_columns()
    if connection.vendor == "postgresql":
        assert "body" not in analysed_columns()  # megabytes sampled for nothing
