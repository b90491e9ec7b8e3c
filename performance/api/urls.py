from rest_framework.routers import SimpleRouter

router = SimpleRouter(trailing_slash=True)

urlpatterns = router.urls

from performance.reportcards.api.urls import register as _register_report_cards  # noqa: E402

_register_report_cards(router)
urlpatterns = router.urls
