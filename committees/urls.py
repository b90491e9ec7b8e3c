from django.urls import include, path

from . import views

app_name = "committees"

urlpatterns = [
    path("", views.index, name="index"),
    path("", include("committees.packs.urls")),
]
