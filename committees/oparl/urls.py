from django.urls import path

from . import views

# Mounted at /oparl/v1/ (config/urls.py); ids are these URLs under settings.SITE_URL.
urlpatterns = [
    path("system", views.system, name="oparl_system"),
    path("bodies", views.bodies, name="oparl_bodies"),
    path("body/<str:body_id>", views.body, name="oparl_body"),
    path("body/<str:body_id>/<str:name>", views.body_list, name="oparl_body_list"),
    path("organization/<str:key>", views.organization, name="oparl_organization"),
    path("organization/committee-<int:pk>/meeting", views.committee_meetings, name="oparl_committee_meetings"),
    path("person/<int:pk>", views.person, name="oparl_person"),
    path("membership/<int:pk>", views.membership, name="oparl_membership"),
    path("meeting/<int:pk>", views.meeting, name="oparl_meeting"),
    path("agendaitem/<int:pk>", views.agenda_item, name="oparl_agenda_item"),
    path("consultation/<int:pk>", views.consultation, name="oparl_consultation"),
    path("paper/<int:pk>", views.paper, name="oparl_paper"),
    path("file/<str:key>", views.file, name="oparl_file"),
    path("location/<int:pk>", views.location, name="oparl_location"),
    path("legislativeterm/<int:year>", views.legislative_term, name="oparl_legislative_term"),
]
