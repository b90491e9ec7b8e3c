from django.urls import include, path

from . import feeds, views
from .alerts import views as alert_views

app_name = "committees"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.committee_edit, name="committee_new"),
    path("c/<slug:slug>/", views.committee_detail, name="committee"),
    path("c/<slug:slug>/edit/", views.committee_edit, name="committee_edit"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/feed/", feeds.MeetingFeed(), name="meetings_rss"),
    path("meetings.ics", feeds.meetings_ics, name="meetings_ics"),
    path("meetings/new/", views.meeting_create, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/packs/version-<int:number>/", views.pack_version, name="pack_version"),
    path("meetings/<int:pk>/items/new/", views.item_create, name="item_new"),
    path("meetings/<int:pk>/publish/", views.meeting_publish, name="meeting_publish"),
    path("meetings/<int:pk>/held/", views.meeting_held, name="meeting_held"),
    path("meetings/<int:pk>/questions/new/", views.question_add, name="question_new"),
    path("meetings/<int:pk>/minutes/", views.minutes_detail, name="minutes"),
    path("meetings/<int:pk>/minutes/draft/", views.minutes_draft, name="minutes_draft"),
    path("meetings/<int:pk>/minutes/<slug:action>/", views.minutes_action, name="minutes_action"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("minute-items/<int:pk>/edit/", views.minute_item_edit, name="minute_item_edit"),
    path("minute-items/<int:pk>/decisions/new/", views.decision_add, name="decision_new"),
    path("questions/<int:pk>/reply/", views.question_reply, name="question_reply"),
    path("reports/new/", views.report_create, name="report_new"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/<slug:action>/", views.report_action, name="report_action"),
    path("appendices/<int:pk>/", views.appendix_file, name="appendix"),
    path("decisions/", views.decision_list, name="decisions"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("decisions/<int:pk>/actions/new/", views.action_add, name="action_new"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
    path("c/<slug:slug>/alerts/", alert_views.subscribe, name="alerts_subscribe"),
    path("alerts/confirm/<str:token>/", alert_views.confirm, name="alerts_confirm"),
    path("alerts/unsubscribe/<str:token>/", alert_views.unsubscribe, name="alerts_unsubscribe"),
    path("search/", views.search, name="search"),
    path("c/<slug:slug>/meetings.ics", feeds.meetings_ics, name="committee_ics"),
    path("c/<slug:slug>/feed/", feeds.CommitteeFeed(), name="committee_rss"),
    path("", include("committees.packs.urls")),
]
