from django.urls import path

from . import views

app_name = "performance"

urlpatterns = [
    path("", views.index, name="index"),
]

from .reportcards.urls import urlpatterns as _report_card_urls  # noqa: E402

urlpatterns += _report_card_urls
