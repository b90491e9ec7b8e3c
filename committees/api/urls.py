from rest_framework.routers import SimpleRouter

from committees.packs import api as packs_api

from . import views

router = SimpleRouter(trailing_slash=True)
router.register("committees", views.CommitteeViewSet, basename="committee")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("agenda-items", views.AgendaItemViewSet, basename="agendaitem")
router.register("reports", views.ReportViewSet, basename="report")
router.register("minutes", views.MinutesViewSet, basename="minutes")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("questions", views.QuestionViewSet, basename="question")

packs_api.register(router)

urlpatterns = router.urls
