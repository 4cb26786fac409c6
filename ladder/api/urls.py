"""The whole API in one router module: /api/v1/ (each app contributes its viewsets), the
OpenAPI document at /api/schema/ and its interactive docs at /api/docs/ (self-hosted assets, no
inline script or style)."""

from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from compensation.api import BandViewSet
from ladder.api.compare import CompareView
from ladder.api.views import (
    ApiRootView,
    ExportView,
    LadderSchemaView,
    PositionViewSet,
    SearchView,
    SourceViewSet,
    TitleResolveView,
)
from levels.api import LevelViewSet, ScaleViewSet
from roles.api import RoleViewSet

app_name = "api"

router = SimpleRouter()
router.register("roles", RoleViewSet, basename="role")
router.register("scales", ScaleViewSet, basename="scale")
router.register("levels", LevelViewSet, basename="level")
router.register("positions", PositionViewSet, basename="position")
router.register("bands", BandViewSet, basename="band")
router.register("sources", SourceViewSet, basename="source")

v1 = [
    path("", ApiRootView.as_view(), name="root"),
    path("search/", SearchView.as_view(), name="search"),
    path("titles/resolve/", TitleResolveView.as_view(), name="title-resolve"),
    path("export/", ExportView.as_view(), name="export"),
    path("compare/", CompareView.as_view(), name="compare"),
    *router.urls,
]

urlpatterns = [
    # CSRF-exempt like every API view: an unknown method is a 405 problem, not the CSRF 403 page.
    path("", csrf_exempt(RedirectView.as_view(pattern_name="api:root", permanent=False))),
    path("v1/", include(v1)),
    path("schema/", LadderSchemaView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file of its own (?script), and
    # the template links its styles: the Content-Security-Policy allows no inline code.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="ladder/api_docs.html"
        ),
        name="docs",
    ),
]
