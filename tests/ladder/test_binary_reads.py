"""Stored bytes come back exactly as stored, whichever format the database sends them in, and
PostgreSQL sends them in the binary one (its text format is hexadecimal: twice the bytes)."""

import pytest
from django.db import connection

from ladder.api.stored import read_stored_rows, stored_version
from ladder.binary_reads import bytes_cursor
from ladder.models import StoredDocument

pytestmark = pytest.mark.django_db
BODY = bytes(range(256)) * 64 + "é \x00 ✓".encode()


def test_a_stored_body_is_read_back_byte_for_byte(django_assert_num_queries) -> None:
    StoredDocument.objects.create(
        data_version=stored_version("v1"), key="probe", content_type="text/plain; é", body=BODY
    )
    with django_assert_num_queries(1):  # still Django's cursor: counted like any query
        assert read_stored_rows("v1", ["probe"]) == {"probe": ("text/plain; é", BODY)}
    assert read_stored_rows("v1", ["probe", "missing"]) == {"probe": ("text/plain; é", BODY)}
    assert read_stored_rows("v2", ["probe"]) == {}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's result formats")
def test_postgresql_sends_them_in_the_binary_format() -> None:
    from psycopg.pq import Format

    with bytes_cursor() as cursor:
        assert cursor.cursor.format == Format.BINARY
        cursor.execute("SELECT %s::bytea", [BODY])
        assert cursor.fetchone()[0] == BODY
    with connection.cursor() as cursor:  # only where asked for
        assert cursor.cursor.format == Format.TEXT
