from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("people/", views.person_list, name="people"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("history/<str:app_label>/<str:model_name>/<int:pk>/", views.history, name="history"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/ping/", views.ping_start, name="ping"),
    path("account/api-tokens/", views.api_tokens, name="api_tokens"),
    path("account/api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
