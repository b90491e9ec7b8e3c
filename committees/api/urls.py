from rest_framework.routers import SimpleRouter

router = SimpleRouter(trailing_slash=True)

from committees.packs import api as packs_api  # noqa: E402

packs_api.register(router)

urlpatterns = router.urls
