"""The views about the ladder as a whole: the API root, positions (a position gathers its role,
level, statements and bands), sources, search, title resolution and the export."""

import builtins
from typing import Any, cast

from django.db.models import F, QuerySet
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from ladder.api import API_VERSION
from ladder.api.base import (
    KEY_REGEX,
    SLUG_REGEX,
    CSVListMixin,
    LadderAPIView,
    LadderReadOnlyViewSet,
)
from ladder.api.conditional import ConditionalGetMixin
from ladder.api.documents import PositionDocuments, export_document
from ladder.api.exceptions import InvalidParam, InvalidQueryParameters
from ladder.api.filters import QueryFilter, values_of
from ladder.api.links import ApiLinks, links_for
from ladder.api.pagination import MAX_OFFSET, LadderPagination, bounded_int
from ladder.api.serializers import (
    ApiRootSerializer,
    ExportSerializer,
    FrameworkSerializer,
    PositionDocumentSerializer,
    SearchResultsSerializer,
    SourceSerializer,
)
from ladder.api.stored import (
    EXPORT_KEY,
    POSITION_COUNT_KEY,
    item_key,
    page_items,
    page_keys,
    position_key,
    stored_items,
    stored_places,
)
from ladder.models import Framework, Source
from ladder.search import GROUPS, MAX_HITS, SearchResults, search_window
from levels.models import Level, Scale
from roles.models import Position, Role, Statement
from roles.serializers import PositionSerializer, TitleResolutionSerializer
from roles.titles import MAX_TITLE_LENGTH, resolve_title

MAX_QUERY_LENGTH = 200

# Where each resource of the root lives: name → URL name in the `api` namespace.
RESOURCES = {
    "roles": "role-list",
    "scales": "scale-list",
    "levels": "level-list",
    "positions": "position-list",
    "bands": "band-list",
    "sources": "source-list",
    "search": "search",
    "titles_resolve": "title-resolve",
    "export": "export",
    "compare": "compare",
}


@extend_schema(tags=["api"], responses=ApiRootSerializer)
class ApiRootView(LadderAPIView):
    """The API root: every resource, the API version and the data version of the loaded content
    (pin it: it changes whenever the content does)."""

    def get(self, request: Request) -> Response:
        links = links_for(request)
        resources = {}
        for name, url_name in RESOURCES.items():
            try:
                resources[name] = links.named(url_name)
            except NoReverseMatch:
                continue
        framework = Framework.objects.first()
        return Response(
            {
                "api_version": API_VERSION,
                "data_version": self.data_version,
                "framework": FrameworkSerializer(framework).data if framework else None,
                "resources": resources,
                "schema": links.absolute(reverse("api:schema")),
                "docs": links.absolute(reverse("api:docs")),
            }
        )


POSITION_FILTERS = (
    QueryFilter(
        "role",
        "role__slug",
        values_of(Role.objects.order_by("order"), "slug"),
        "Only positions of this role (a role slug).",
        "technical-product-manager",
    ),
    QueryFilter(
        "scale",
        "level__scale__slug",
        values_of(Scale.objects.order_by("order"), "slug"),
        "Only positions at a level of this scale (a scale slug).",
        "p",
    ),
    QueryFilter(
        "level",
        "level__slug",
        values_of(Level.objects.order_by("scale__order", "order"), "slug", "code"),
        "Only positions at this level (a level slug or code).",
        "p3",
    ),
)


@extend_schema_view(
    list=extend_schema(
        description=(
            "Positions — a role at a level — in ladder order. `?format=csv` flattens them to one "
            "row per statement (position, role, level, scale, dimension, aspect, order, label, "
            "statement, source, confidence) for the whole filtered set."
        ),
        responses={
            (200, "application/json"): PositionSerializer(many=True),
            (200, "text/csv"): str,
        },
    ),
    retrieve=extend_schema(responses=PositionDocumentSerializer),
)
class PositionViewSet(CSVListMixin, LadderReadOnlyViewSet):
    """A position — a role at a level — with every dimension (each aspect's statement and the
    bullets), every band and every source it cites. Its key is `<role>.<level>`."""

    serializer_class = PositionSerializer
    lookup_field = "key"
    lookup_value_regex = KEY_REGEX
    noun = "position"
    lookup_example = "technical-product-manager.tpm-ii"
    lookup_description = "A position's key: `<role slug>.<level slug>`."
    query_filters = POSITION_FILTERS
    schema_tags = ["roles"]
    csv_filename = "ladder-positions.csv"
    csv_columns = (
        "position",
        "role",
        "level",
        "scale",
        "dimension",
        "aspect",
        "order",
        "label",
        "statement",
        "source",
        "confidence",
    )

    def get_queryset(self) -> QuerySet[Position]:
        return Position.objects.select_related("role", "level__scale", "source").ladder_order()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        if request.accepted_renderer.format == "json":
            # Unfiltered, a page is its places in the stored list, read with the version.
            places = None
            if not self._filtered(request):
                places = stored_places(self.stored_rows([POSITION_COUNT_KEY]))
            if places is not None:
                page: list[int] = self.paginate_queryset(places) or []  # type: ignore[arg-type]
                keys = page_keys(page[0], len(page)) if page else []
                items = page_items(request, page, self.stored_rows(keys))
            else:
                every = self.filter_queryset(self.get_queryset()).values_list("key", flat=True)
                stored_keys = [item_key(key) for key in self.paginate_queryset(every) or []]
                items = stored_items(request, stored_keys, self.stored_rows(stored_keys))
            if items is not None:
                return self.get_paginated_response(items)
        return super().list(request, *args, **kwargs)

    def _filtered(self, request: Request) -> bool:
        return any(f.name in request.query_params for f in self.query_filters)

    def stored_keys(self, request: Request) -> builtins.list[str]:
        if self.action == "retrieve":
            return [position_key(str(self.kwargs["key"]))]
        if self._unfiltered_json(request):
            paginator = cast(LadderPagination, self.paginator)
            return page_keys(paginator.get_offset(request), paginator.get_limit(request))
        return super().stored_keys(request)

    def _unfiltered_json(self, request: Request) -> bool:
        return (
            self.action == "list"
            and request.accepted_renderer.format == "json"
            and not self._filtered(request)
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        key = str(kwargs["key"])
        stored = self.stored_response(request, position_key(key))
        if stored is not None:
            return stored
        documents = PositionDocuments(links_for(request)).build(Position.objects.filter(key=key))
        if not documents:
            raise exceptions.NotFound(
                f"No position {key!r}. The list at /api/v1/positions/ names every position."
            )
        return Response(documents[0])

    def csv_rows(self, queryset: QuerySet[Position]) -> builtins.list[dict[str, Any]]:
        statements = (
            Statement.objects.filter(position__in=queryset.values("id"))
            .order_by(
                "position__role__order",
                "position__level__scale__order",
                "position__level__order",
                "dimension__order",
                F("aspect__order").asc(nulls_last=True),
                "order",
            )
            .values_list(
                "position__key",
                "position__role__slug",
                "position__level__slug",
                "position__level__scale__slug",
                "dimension__slug",
                "aspect__slug",
                "order",
                "label",
                "text",
                "source__slug",
                "confidence",
            )
        )
        return [dict(zip(self.csv_columns, row, strict=True)) for row in statements]


class SourceViewSet(LadderReadOnlyViewSet):
    """The source documents every fact cites (and Ladder editorial, for what Ladder's editors
    wrote), with how far each is trusted."""

    serializer_class = SourceSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    noun = "source"
    lookup_example = "tpm-i-vs-tpm-ii"
    lookup_description = "A source's slug."
    schema_tags = ["sources"]

    def get_queryset(self) -> QuerySet[Source]:
        return Source.objects.order_by("order")


def required_text(request: Request, name: str, max_length: int) -> str:
    """A required free-text query parameter: present, not blank, not too long, printable."""
    raw = request.query_params.get(name)
    if raw is None:
        raise InvalidQueryParameters([InvalidParam(name, "is required")])
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in raw).split())
    if not text:
        raise InvalidQueryParameters([InvalidParam(name, "must not be blank")])
    if len(raw) > max_length:
        raise InvalidQueryParameters(
            [InvalidParam(name, f"is longer than {max_length} characters")]
        )
    return text


@extend_schema(
    tags=["roles"],
    parameters=[
        OpenApiParameter(
            "title",
            str,
            required=True,
            description="A job title as written, e.g. `Sr. Technical Product Manager`, `TPM II`.",
            examples=[
                OpenApiExample("Senior", value="Sr. Technical Product Manager"),
                OpenApiExample("Title level", value="TPM II"),
                OpenApiExample("Ambiguous", value="TPM"),
            ],
        )
    ],
    responses=TitleResolutionSerializer,
)
class TitleResolveView(LadderAPIView):
    """Map a free-text job title to the positions it most likely means, each with a score (0–1)
    and the reasons (role name, alias, abbreviation, level word, numeral, level code). An
    abbreviation shared by several roles ("TPM") is flagged `ambiguous`, never guessed."""

    def get(self, request: Request) -> Response:
        title = required_text(request, "title", MAX_TITLE_LENGTH)
        resolution = resolve_title(title)
        return Response(TitleResolutionSerializer(resolution, context={"request": request}).data)


@extend_schema(
    tags=["search"],
    parameters=[
        OpenApiParameter(
            "q",
            str,
            required=True,
            description="What to look for: words of a role, position or statement, or an "
            "abbreviation such as `TPM`.",
            examples=[
                OpenApiExample("Words", value="roadmap"),
                OpenApiExample("Abbreviation", value="TPM"),
            ],
        ),
        OpenApiParameter("limit", int, description="Most hits per kind (1–500, default 50)."),
        OpenApiParameter(
            "offset",
            int,
            description="Hits of each kind to skip (default 0): `next` is the following page.",
        ),
        OpenApiParameter(
            "kind",
            str,
            enum=list(GROUPS),
            description="Only this kind of hit (the others come back empty), to page through "
            "one kind; all three by default.",
        ),
    ],
    responses=SearchResultsSerializer,
)
class SearchView(LadderAPIView):
    """The same search as the web page: roles, positions and statements, each hit linking to the
    API and to where it was found on the pages; abbreviations of several roles are listed."""

    def get(self, request: Request) -> Response:
        query = required_text(request, "q", MAX_QUERY_LENGTH)
        limit = bounded_int(request.query_params, "limit", 50, 1, MAX_HITS)
        offset = bounded_int(request.query_params, "offset", 0, 0, MAX_OFFSET)
        kind = request.query_params.get("kind")
        if kind is not None and kind not in GROUPS:
            raise InvalidQueryParameters(
                [InvalidParam("kind", f"{kind[:50]!r} is not a kind of hit", list(GROUPS))]
            )
        groups = [kind] if kind else GROUPS
        results, more = search_window(query, limit=limit, offset=offset, groups=groups)
        page = request.build_absolute_uri()
        # As DRF's limit/offset pages link theirs: the first page has no offset.
        previous = None
        if offset:
            previous = (
                replace_query_param(page, "offset", offset - limit)
                if offset > limit
                else remove_query_param(page, "offset")
            )
        return Response(
            {
                **search_document(results, links_for(request)),
                "next": replace_query_param(page, "offset", offset + limit) if more else None,
                "previous": previous,
            }
        )


def search_document(results: SearchResults, links: ApiLinks) -> dict[str, Any]:
    def role(slug: str, name: str) -> dict[str, str]:
        return {"slug": slug, "name": name, "url": links.detail("role", slug)}

    return {
        "query": results.query,
        "total": results.total,
        "roles": [
            {
                "slug": hit.slug,
                "name": hit.name,
                "snippet": hit.snippet,
                "matched_alias": hit.matched_alias,
                "url": links.detail("role", hit.slug),
                "html_url": links.absolute(hit.url),
            }
            for hit in results.roles
        ],
        "positions": [
            {
                "key": hit.key,
                "title": hit.title,
                "role": role(hit.role_slug, hit.role_name),
                "level_slug": hit.level_slug,
                "level_code": hit.level_code,
                "snippet": hit.snippet,
                "url": links.detail("position", hit.key),
                "html_url": links.absolute(hit.url),
            }
            for hit in results.positions
        ],
        "statements": [
            {
                "role": role(hit.role_slug, hit.role_name),
                "position_key": hit.position_key,
                "position_url": links.detail("position", hit.position_key)
                if hit.position_key
                else None,
                "level_slug": hit.level_slug,
                "level_code": hit.level_code,
                "section": hit.section,
                "label": hit.label,
                "snippet": hit.snippet,
                "html_url": links.absolute(hit.url),
            }
            for hit in results.statements
        ],
        "ambiguous": [
            {
                "term": term.term,
                "roles": [
                    role(slug, name)
                    for slug, name in zip(term.role_slugs, term.role_names, strict=True)
                ],
            }
            for term in results.ambiguous
        ],
    }


@extend_schema(tags=["export"], responses=ExportSerializer)
class ExportView(LadderAPIView):
    """The whole ladder in one document — framework and data version, sources, dimensions with
    their aspects, scales with levels and mapping, regions, and every role with its positions,
    statements and bands — the shape a nightly HR sync wants. Send `If-None-Match` with the last
    ETag: nothing is rebuilt until the content changes."""

    def stored_keys(self, request: Request) -> list[str]:
        return [EXPORT_KEY]

    def get(self, request: Request) -> HttpResponse:
        stored = self.stored_response(request, EXPORT_KEY)
        if stored is not None:
            return stored
        return Response(export_document(links_for(request), {"request": request}))


class LadderSchemaView(ConditionalGetMixin, SpectacularAPIView):
    """The OpenAPI 3 document (always public: it holds no content)."""
