"""Filters that refuse what they cannot answer: `?region=mars` is a 400 problem naming the
parameter and its valid values, never a silently empty list.

A view lists its filters in `query_filters`; `QueryFilterBackend` validates every one against
the values the content has (one small query per filter used), applies them, and describes them
to the OpenAPI schema.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from rest_framework.filters import BaseFilterBackend
from rest_framework.request import Request

from ladder.api.exceptions import InvalidParam, InvalidQueryParameters

if TYPE_CHECKING:
    from rest_framework.views import APIView


@dataclass(frozen=True)
class QueryFilter:
    """One query parameter: `name` is matched case-insensitively against `spellings()` — pairs
    of (accepted spelling, canonical value) — and applied as `lookup=canonical value`."""

    name: str
    lookup: str
    spellings: Callable[[], Iterable[tuple[str, str]]]
    description: str
    example: str
    enum: list[str] | None = field(default=None)

    def accepted(self) -> dict[str, str]:
        return {spelling.casefold(): value for spelling, value in self.spellings()}


def values_of(queryset: QuerySet[Any], *fields: str) -> Callable[[], list[tuple[str, str]]]:
    """Spellings from the content: every field is accepted, the first is the canonical value."""

    def spellings() -> list[tuple[str, str]]:
        pairs = []
        for row in queryset.values_list(*fields):
            pairs += [(str(spelling), str(row[0])) for spelling in row if spelling]
        return pairs

    return spellings


def choices_of(values: Iterable[str]) -> Callable[[], list[tuple[str, str]]]:
    fixed = [(value, value) for value in values]
    return lambda: fixed


class QueryFilterBackend(BaseFilterBackend):
    def filter_queryset(
        self, request: Request, queryset: QuerySet[Any], view: "APIView"
    ) -> QuerySet[Any]:
        invalid = []
        for query_filter in getattr(view, "query_filters", ()):
            raw = request.query_params.get(query_filter.name)
            if raw is None:
                continue
            accepted = query_filter.accepted()
            value = accepted.get(raw.strip().casefold())
            if value is None:
                valid = list(dict.fromkeys(accepted.values()))
                reason = f"{raw[:50]!r} is not a known value" if raw else "must not be empty"
                invalid.append(InvalidParam(query_filter.name, reason, valid))
            else:
                queryset = queryset.filter(**{query_filter.lookup: value})
        if invalid:
            raise InvalidQueryParameters(invalid)
        return queryset

    def get_schema_operation_parameters(self, view: "APIView") -> list[dict[str, Any]]:
        parameters = []
        for query_filter in getattr(view, "query_filters", ()):
            schema: dict[str, Any] = {"type": "string"}
            if query_filter.enum:
                schema["enum"] = query_filter.enum
            parameters.append(
                {
                    "name": query_filter.name,
                    "required": False,
                    "in": "query",
                    "description": query_filter.description,
                    "schema": schema,
                    "example": query_filter.example,
                }
            )
        return parameters
