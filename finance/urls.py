from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:start_year>/", views.year_detail, name="year"),
    path("<int:start_year>/open-next/", views.period_open_next, name="period_open_next"),
    path("<int:start_year>/reserves/", views.reserves, name="reserves"),
    path("<int:start_year>/school-balances/", views.school_balances, name="school_balances"),
    path("<int:start_year>/<str:slug>/", views.period_detail, name="period"),
    path("<int:start_year>/<str:slug>/lock/", views.period_lock, name="period_lock"),
    path("<int:start_year>/<str:slug>/reopen/", views.period_reopen, name="period_reopen"),
    path("<int:start_year>/<str:slug>/export.<str:fmt>", views.period_export, name="period_export"),
    path("<int:start_year>/<str:slug>/import/", views.period_import, name="period_import"),
    path("<int:start_year>/<str:slug>/lines/add/", views.line_add, name="line_add"),
    path("imports/<int:pk>/", views.import_preview, name="import_preview"),
    path("lines/<int:pk>/", views.line_detail, name="line"),
    path("lines/<int:pk>/edit/", views.line_edit, name="line_edit"),
]
