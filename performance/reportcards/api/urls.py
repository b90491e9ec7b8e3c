from .views import ReportCardViewSet


def register(router):
    router.register("report-cards", ReportCardViewSet, basename="reportcard")
