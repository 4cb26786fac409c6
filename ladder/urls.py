"""The root URLconf: pages per app, the admin, and the versioned API under /api/."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from ladder import compare_views, health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("sources/", views.sources, name="sources"),
    path("compare/", compare_views.compare, name="compare"),
    path("levels/", include("levels.urls")),
    path("roles/", include("roles.urls")),
    path("compensation/", include("compensation.urls")),
    path("api/", include("ladder.api.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
# LADDER_ADMIN_PATH moves the admin, or switches it off: then no admin URL exists at all.
if settings.LADDER_ADMIN_PATH:
    urlpatterns.append(path(settings.LADDER_ADMIN_PATH, admin.site.urls))

handler400 = "ladder.error_views.bad_request"
handler404 = "ladder.error_views.page_not_found"
handler500 = "ladder.error_views.server_error"
