from django.urls import path

from . import views

# Included into the committees namespace (committees/urls.py).
urlpatterns = [
    path("meetings/<int:meeting_pk>/packs/", views.meeting_packs, name="meeting_packs"),
    path("meetings/<int:meeting_pk>/packs/build/", views.build_start, name="pack_build_start"),
    path("packs/<int:pk>/", views.build_detail, name="pack_build"),
    path("packs/<int:pk>/progress/", views.build_progress, name="pack_progress"),
    path("packs/<int:pk>/publish/", views.publish, name="pack_publish"),
    path("packs/<int:pk>/cancel/", views.cancel, name="pack_cancel"),
    path("packs/<int:pk>/pack.pdf", views.pack_pdf, name="pack_pdf"),
    path("packs/<int:pk>/restricted.pdf", views.restricted_pdf, name="pack_restricted_pdf"),
    path("packs/<int:pk>/edition/", views.pack_html, name="pack_html"),
    path("packs/<int:pk>/charts.csv", views.pack_csv, name="pack_csv"),
]
