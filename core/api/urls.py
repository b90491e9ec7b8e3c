from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter(trailing_slash=True)
router.register("people", views.PersonViewSet)
router.register("jobs", views.JobViewSet)

urlpatterns = router.urls
