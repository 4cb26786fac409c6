"""What every API view shares: the conditional-GET support and readable 404s. Apps build their
viewsets on these; renderers, paging, access and errors come from REST_FRAMEWORK."""

import builtins
from typing import Any

from django.db.models import Model, QuerySet
from rest_framework import exceptions
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import ReadOnlyModelViewSet

from ladder.api.conditional import ConditionalGetMixin
from ladder.api.filters import QueryFilterBackend
from ladder.api.renderers import CSVRenderer, LadderJSONRenderer
from ladder.api.stored import csv_key

SLUG_REGEX = r"[-a-zA-Z0-9_]+"
KEY_REGEX = r"[-a-zA-Z0-9_.]+"


class LadderAPIView(ConditionalGetMixin, APIView):
    """A single-document endpoint (root, search, title resolution, export)."""


class LadderReadOnlyViewSet(ConditionalGetMixin, ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """`noun` names one item in 404s ("No role 'x'."); `query_filters` are validated filters."""

    noun = "item"
    filter_backends = [QueryFilterBackend]
    query_filters: tuple[Any, ...] = ()

    def get_object(self) -> Any:
        value = str(self.kwargs[self.lookup_url_kwarg or self.lookup_field])
        found = self.find_object(self.get_queryset(), value)
        if found is None:
            raise exceptions.NotFound(
                f"No {self.noun} {value!r}. The list at {self.request.path.rsplit('/', 2)[0]}/ "
                f"names every {self.noun}."
            )
        self.check_object_permissions(self.request, found)
        return found

    def find_object(self, queryset: QuerySet[Any], value: str) -> Model | None:
        return queryset.filter(**{self.lookup_field: value}).first()


class CSVListMixin:
    """A list that is also a CSV file (`?format=csv`, `Accept: text/csv`): the whole filtered
    set, one flat row per `csv_rows` item, columns `csv_columns`."""

    csv_columns: tuple[str, ...] = ()
    csv_filename = "ladder.csv"

    def get_renderers(self) -> builtins.list[BaseRenderer]:
        # Only the list is tabular; an item is a JSON document.
        if getattr(self, "action", None) == "list":
            return [LadderJSONRenderer(), CSVRenderer()]
        return [LadderJSONRenderer()]

    def stored_keys(self, request: Request) -> list[str]:
        # The whole set as CSV is built at load time.
        if (
            getattr(self, "action", None) == "list"
            and request.accepted_renderer.format == "csv"
            and set(request.query_params) <= {"format"}
        ):
            return [csv_key(self.csv_filename)]
        return []

    # `Any`: a Response, or the plain HttpResponse of a stored document (DRF sends either).
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        if request.accepted_renderer.format == "csv":
            self.paginator.check_parameters(request)  # type: ignore[attr-defined]
            for key in self.stored_keys(request):  # the whole set, built at load time
                stored = self.stored_response(request, key)  # type: ignore[attr-defined]
                if stored is not None:
                    stored["Content-Disposition"] = f'attachment; filename="{self.csv_filename}"'
                    return stored
            queryset = self.filter_queryset(self.get_queryset())  # type: ignore[attr-defined]
            return Response(self.csv_rows(queryset))
        return super().list(request, *args, **kwargs)  # type: ignore[misc]

    def csv_rows(self, queryset: QuerySet[Any]) -> builtins.list[dict[str, Any]]:
        # Each tabular view flattens its own rows; reaching this means one forgot to.
        raise TypeError(f"{type(self).__name__} uses CSVListMixin but does not define csv_rows()")
