from django.urls import path

from . import views

app_name = "riskregister"

urlpatterns = [
    path("", views.index, name="index"),
    path("bands.css", views.bands_css, name="bands_css"),
    path("matrix/", views.matrix, name="matrix"),
    path("registers/<int:pk>/", views.register_detail, name="register"),
    path("registers/<int:pk>/heat-map/", views.heat_map, name="heat_map"),
    path("registers/<int:pk>/overdue/", views.overdue, name="overdue"),
    path("registers/<int:pk>/import/", views.import_register, name="import"),
    path("registers/<int:pk>/export.<str:fmt>", views.export_register, name="export"),
    path("<int:pk>/", views.risk_detail, name="risk"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/actions/new/", views.action_edit, name="action_add"),
    path("<int:pk>/actions/<int:action_pk>/", views.action_edit, name="action_edit"),
    path("<int:pk>/links/", views.link_add, name="link_add"),
    path("<int:pk>/escalate/", views.escalate, name="escalate"),
]
