"""JSON through orjson, and CSV for the tabular resources (bands, positions)."""

import csv
import io
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import orjson
from django.utils.functional import Promise
from rest_framework.renderers import BaseRenderer


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Promise):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


class LadderJSONRenderer(BaseRenderer):
    media_type = "application/json"
    format = "json"
    charset = None  # JSON is UTF-8 by definition (RFC 8259); no charset parameter

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if data is None:
            return b""
        return orjson.dumps(data, default=_default)


class CSVRenderer(BaseRenderer):
    """A header row, then one row per item of a flat list of dicts; the view names the columns
    (`csv_columns`) so an empty result still has its header.

    Encoding: UTF-8 *with* a byte-order mark. Excel opens a BOM-less CSV as the local legacy
    code page and garbles every en dash and accented name in the content; with the BOM it reads
    UTF-8. pandas (`read_csv`), LibreOffice and Google Sheets all skip the BOM, and Python's csv
    module reads it with `encoding="utf-8-sig"`. Rows end in CRLF (RFC 4180); nulls are empty
    cells, booleans `true`/`false`.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        context = renderer_context or {}
        view = context.get("view")
        columns: list[str] = list(getattr(view, "csv_columns", ()))
        rows = data if isinstance(data, list) else []
        if not columns and rows:
            columns = list(rows[0])
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(column)) for column in columns])
        response = context.get("response")
        filename = getattr(view, "csv_filename", None)
        if response is not None and filename:
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return buffer.getvalue().encode("utf-8")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
