from django.urls import path

from . import views

app_name = "performance"

urlpatterns = [
    path("", views.index, name="index"),
    path("indicators/", views.library, name="library"),
    path("indicators/<int:pk>/", views.indicator, name="indicator"),
    path("indicators/<int:pk>/process-change/", views.process_change, name="process_change"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("mi-report/", views.mi_report, name="mi_report"),
    path("entry/", views.entry, name="entry"),
    path("import/", views.import_observations, name="import"),
    path("import/jobs/<int:pk>/", views.import_job, name="import_job"),
    path("export/", views.export_observations, name="export"),
    path("export/files/<int:pk>/", views.export_download, name="export_download"),
]

from .reportcards.urls import urlpatterns as _report_card_urls  # noqa: E402

urlpatterns += _report_card_urls
