"""The root URLconf: pages per app, the admin, and the versioned API under /api/."""

from django.contrib import admin
from django.urls import include, path

from ladder import compare_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("sources/", views.sources, name="sources"),
    path("compare/", compare_views.compare, name="compare"),
    path("levels/", include("levels.urls")),
    path("roles/", include("roles.urls")),
    path("compensation/", include("compensation.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("ladder.api.urls")),
]

handler400 = "ladder.error_views.bad_request"
handler404 = "ladder.error_views.page_not_found"
handler500 = "ladder.error_views.server_error"
