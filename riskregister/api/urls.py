from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(trailing_slash=True)
router.register("registers", views.RegisterViewSet)
router.register("risks", views.RiskViewSet)
router.register("reviews", views.ReviewViewSet)
router.register("actions", views.ActionViewSet)

urlpatterns = router.urls
