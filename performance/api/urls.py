from rest_framework.routers import SimpleRouter

from performance.reportcards.api.urls import register as register_report_cards

from . import views

router = SimpleRouter(trailing_slash=True)
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("observations", views.ObservationViewSet, basename="observation")
router.register("dashboard", views.DashboardViewSet, basename="dashboard")
router.register("populations", views.PopulationViewSet, basename="population")
register_report_cards(router)

urlpatterns = router.urls
