from django.urls import path

from levels import views

app_name = "levels"

urlpatterns = [
    path("", views.level_index, name="index"),
]
