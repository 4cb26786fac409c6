from django.urls import path

from compensation import views

app_name = "compensation"

urlpatterns = [
    path("", views.band_index, name="index"),
]
