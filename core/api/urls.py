from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(trailing_slash=True)
router.register("people", views.PersonViewSet)
router.register("jobs", views.JobViewSet)

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="api-root"),
    path("changes/", views.ChangeListView.as_view(), name="changes"),
    *router.urls,
]
