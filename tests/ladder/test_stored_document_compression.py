"""PostgreSQL compresses stored documents with LZ4 where it can (ladder/migrations/0003)."""

import importlib

import pytest
from django.db import connection

from ladder.models import StoredDocument

migration = importlib.import_module("ladder.migrations.0003_stored_document_lz4")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite does not compress"),
]


def test_stored_documents_are_compressed_with_lz4_where_the_server_has_it():
    if not migration.has_lz4(connection):
        pytest.skip("this PostgreSQL server was built without LZ4")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attcompression FROM pg_attribute "
            "WHERE attrelid = %s::regclass AND attname = 'body'",
            [StoredDocument._meta.db_table],
        )
        assert cursor.fetchone()[0] == "l"
        # The loaded documents are written with it.
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE pg_column_compression(body) = 'lz4') "
            "FROM ladder_storeddocument WHERE octet_length(body) > 4096"
        )
        large, compressed = cursor.fetchone()
    assert large > 0
    assert compressed == large
