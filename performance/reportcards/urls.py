from django.urls import path

from . import views

# Included by performance/urls.py, so names are "performance:reportcard..." .
urlpatterns = [
    path("report-cards/", views.card_list, name="reportcards"),
    path("report-cards/start/", views.card_start, name="reportcard_start"),
    path("report-cards/exceptions/", views.exception_report, name="reportcard_exceptions"),
    path("report-cards/cycles/", views.cycles, name="reportcard_cycles"),
    path("report-cards/<int:pk>/", views.card_detail, name="reportcard"),
    path("report-cards/<int:pk>/edit/", views.card_edit, name="reportcard_edit"),
    path("report-cards/<int:pk>/changes/", views.card_changes, name="reportcard_changes"),
    path("report-cards/<int:pk>/conflicts/<int:draft_pk>/dismiss/", views.conflict_dismiss,
         name="reportcard_conflict_dismiss"),
    path("report-cards/<int:pk>/preview/", views.card_preview, name="reportcard_preview"),
    path("report-cards/<int:pk>/<str:action>/", views.card_transition, name="reportcard_transition"),
]
