"""Limit/offset paging with strict parameters: a bad `limit` or `offset` is a 400 problem, never
silently replaced by the default. CSV answers are not paged (see `paginate_queryset`)."""

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

from ladder.api.exceptions import InvalidParam, InvalidQueryParameters

if TYPE_CHECKING:
    from rest_framework.views import APIView

_DIGITS = re.compile(r"[0-9]{1,10}")
MAX_OFFSET = 2**31 - 1


def bounded_int(params: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    """The whole number `params` give `name` (a request's query parameters), or `default`."""
    raw = params.get(name)
    if raw is None:
        return default
    if _DIGITS.fullmatch(raw) and low <= int(raw) <= high:
        return int(raw)
    raise InvalidQueryParameters(
        [InvalidParam(name, f"{raw[:50]!r} is not a whole number from {low} to {high}")]
    )


class LadderPagination(LimitOffsetPagination):
    default_limit = 100
    max_limit = 1000

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: "APIView | None" = None
    ) -> list[Any] | None:
        # A spreadsheet wants the whole filtered set in one file, so CSV is never paged (limit
        # and offset are ignored); the set is bounded by the content, a few thousand rows.
        if getattr(request.accepted_renderer, "format", None) == "csv":
            return None
        return super().paginate_queryset(queryset, request, view)

    def check_parameters(self, request: Request) -> None:
        """Refuse a malformed `limit` or `offset` where the answer is not paged (CSV) too."""
        self.get_limit(request)
        self.get_offset(request)

    def get_limit(self, request: Request) -> int:
        return bounded_int(
            request.query_params, self.limit_query_param, self.default_limit, 1, self.max_limit
        )

    def get_offset(self, request: Request) -> int:
        return bounded_int(request.query_params, self.offset_query_param, 0, 0, MAX_OFFSET)

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["required"] = ["count", "next", "previous", "results"]
        paginated["properties"]["count"]["minimum"] = 0
        return paginated

    def get_schema_operation_parameters(self, view: "APIView") -> list[dict[str, Any]]:
        return [
            {
                "name": self.limit_query_param,
                "required": False,
                "in": "query",
                "description": f"Items per page, 1–{self.max_limit} (default {self.default_limit}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_limit},
            },
            {
                "name": self.offset_query_param,
                "required": False,
                "in": "query",
                "description": "Index of the first item to return (default 0).",
                "schema": {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET},
            },
        ]
