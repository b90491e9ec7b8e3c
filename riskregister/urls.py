from django.urls import path

from . import views

app_name = "riskregister"

urlpatterns = [
    path("", views.index, name="index"),
]
