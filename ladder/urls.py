"""The root URLconf: pages per app, the admin, and the versioned API under /api/."""

from django.contrib import admin
from django.urls import path

from ladder import views

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
]

handler400 = "ladder.error_views.bad_request"
handler404 = "ladder.error_views.page_not_found"
handler500 = "ladder.error_views.server_error"
