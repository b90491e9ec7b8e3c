from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(trailing_slash=True)
router.register("financial-years", views.FinancialYearViewSet)
router.register("monitoring-periods", views.MonitoringPeriodViewSet)
router.register("budget-lines", views.BudgetLineViewSet)
router.register("reserves", views.ReserveViewSet)
router.register("school-balances", views.SchoolBalanceViewSet)

urlpatterns = router.urls
