from django.urls import path

from roles import views

app_name = "roles"

urlpatterns = [
    path("", views.role_index, name="index"),
    path("<slug:role>/", views.role_profile, name="profile"),
    path("<slug:role>/<slug:level>/", views.position_profile, name="position"),
]
