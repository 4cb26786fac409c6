"""Insert a load's new rows as plain values, without a model object per row.

`bulk_create` builds a model instance for every row and compiles every value of every row
through the query compiler (expression checks, descriptors, `prepare_value`): at x100 that was
~11 of the SQLite load's ~63 s for its 138,000 content rows, most of it not the database's work
(measured). Here each value goes through its field's own `get_db_prep_save`, the one conversion
Django applies on save, and the rows go to the database in one statement per table:
`executemany` on SQLite, `COPY` in the binary format on PostgreSQL (one stream instead of a
round trip per batch). The database still checks every constraint, and PostgreSQL's triggers
(the search vectors) still run for every row.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection, models
from django.db.models.fields import AutoFieldMixin


def insert_rows(model: type[models.Model], rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert `rows` (values by attname; a field left out takes its default, as `bulk_create`
    gives it) into the model's table. Returns how many were inserted. Models whose fields fill
    themselves in on save (auto_now, files) are refused: this path never calls `pre_save`."""
    fields = [
        field for field in model._meta.concrete_fields if not isinstance(field, AutoFieldMixin)
    ]
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            raise ValueError(f"{model.__name__}.{field.name} fills itself in on save")
        if isinstance(field, models.FileField):
            raise ValueError(f"{model.__name__}.{field.name} is a file field")
    prepared = [
        tuple(
            field.get_db_prep_save(
                row[field.attname] if field.attname in row else field.get_default(),
                connection,
            )
            for field in fields
        )
        for row in rows
    ]
    if not prepared:
        return 0
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Binary: bytea travels as its bytes, not as hexadecimal text twice its size.
            types = [_type_name(field.db_type(connection)) for field in fields]
            sql = f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)"
            # The driver's own cursor: its errors are made Django's, as on every other query.
            with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
                copy.set_types(types)
                for values in prepared:
                    copy.write_row(values)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", prepared)
    return len(prepared)


def _type_name(db_type: str | None) -> str:
    """The type's name without its modifiers ("varchar(200)" -> "varchar"), as psycopg
    looks binary dumpers up."""
    if not db_type:
        raise ValueError("a column without a database type cannot be copied")
    return db_type.split("(")[0].strip()
