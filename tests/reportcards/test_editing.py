"""Editing a card: a new period starts from the last approved text, the changes page shows
what changed, and two officers editing one draft never lose each other's text."""

from datetime import date

import pytest

from core import roles
from performance.reportcards import services
from performance.reportcards.models import ConflictDraft, ReportCard
from tests.reportcards.factories import CardFactory

pytestmark = pytest.mark.django_db


def _form(card, version, **sections):
    data = {"version": version, "why_important": card.why_important, "success_looks_like": card.success_looks_like,
            "background": card.background, "definition": "", "performance_analysis": "",
            "actions-TOTAL_FORMS": "1", "actions-INITIAL_FORMS": "0", "actions-MIN_NUM_FORMS": "0",
            "actions-MAX_NUM_FORMS": "1000", "actions-0-description": "Review plans every 12 weeks",
            "actions-0-due_date": "2019-03-31"}
    data.update(sections)
    return data


def test_new_period_starts_from_last_approved_text(indicator, role_client):
    perf = role_client(roles.PERFORMANCE_OFFICER)
    old = CardFactory(indicator=indicator, period=date(2018, 12, 1), status="approved", background="December text",
                      actions=[{"description": "Done already", "owner": None, "due_date": None, "done": True},
                               {"description": "Still open", "owner": None, "due_date": "2019-03-31", "done": False}])
    CardFactory(indicator=indicator, period=date(2018, 11, 1), status="approved", background="Older text")
    CardFactory(indicator=indicator, period=date(2018, 10, 1), status="draft")
    card = services.start_card(indicator, period="2019-01", user=perf.user)
    assert card.background == "December text"
    assert card.why_important == old.why_important
    assert card.actions == [{"description": "Still open", "owner": None, "due_date": "2019-03-31", "done": False}]
    assert card.started_from == old
    assert card.status == "draft" and card.version == 1


def test_first_card_starts_from_the_indicator_definition(indicator, role_client):
    indicator.definition = "Children looked after for 12 months or more."
    indicator.save()
    card = services.start_card(indicator, period="2019-01", user=role_client(roles.PERFORMANCE_OFFICER).user)
    assert card.definition == "Children looked after for 12 months or more."
    assert card.started_from is None


def test_changes_page_shows_both_periods_side_by_side(indicator, role_client):
    perf = role_client(roles.PERFORMANCE_OFFICER)
    CardFactory(indicator=indicator, period=date(2018, 12, 1), status="approved",
                background="- Performance fell\n- Capacity issues")
    card = services.start_card(indicator, period="2019-01", user=perf.user)
    services.save_card(card, data={"background": "- Performance rose\n- Capacity issues"}, version=1, user=perf.user)
    page = perf.get(f"/performance/report-cards/{card.pk}/changes/").content.decode()
    assert "December 2018" in page and "January 2019" in page  # months by name, not YYYY-MM
    assert "<del>- Performance fell</del>" in page
    assert "<ins>- Performance rose</ins>" in page
    assert "Unchanged" in page  # why_important did not change


def test_two_sessions_editing_one_card_see_the_conflict_and_lose_nothing(card, actor):
    owner, lead = actor("data_owner"), actor("lead_officer")
    url = f"/performance/report-cards/{card.pk}/edit/"
    # Both open version 1.
    assert 'name="version" value="1"' in owner.get(url).content.decode()
    assert 'name="version" value="1"' in lead.get(url).content.decode()
    first = owner.post(url, _form(card, 1, background="Owner: recording issues explain the dip."))
    assert first.status_code == 302
    second = lead.post(url, _form(card, 1, background="Lead: health partners lack capacity."))
    assert second.status_code == 409
    page = second.content.decode()
    assert "Someone else saved this card while you were editing" in page
    assert "Owner: recording issues explain the dip." in page  # their saved text
    assert "Lead: health partners lack capacity." in page  # your text, still in the form
    assert 'name="version" value="2"' in page
    card.refresh_from_db()
    assert card.background == "Owner: recording issues explain the dip." and card.version == 2
    draft = ConflictDraft.objects.get(card=card)
    assert draft.author == lead.user and draft.data["background"] == "Lead: health partners lack capacity."
    # The lead's card page offers the kept text until they save or dismiss it.
    detail = lead.get(card.get_absolute_url()).content.decode()
    assert "You have unsaved text" in detail
    reopened = lead.get(f"{url}?draft={draft.pk}").content.decode()
    assert "Lead: health partners lack capacity." in reopened
    # Saving deliberately over version 2 works and clears the kept text.
    third = lead.post(url, _form(card, 2, background="Both: recording issues and health capacity."))
    assert third.status_code == 302
    card.refresh_from_db()
    assert card.version == 3
    assert not ConflictDraft.objects.filter(resolved=False).exists()
    backgrounds = [h.background for h in card.history.order_by("history_date")]
    assert backgrounds[-2:] == [
        "Owner: recording issues explain the dip.", "Both: recording issues and health capacity."
    ]


def test_html_in_the_form_is_refused_with_the_field_named(card, actor):
    owner = actor("data_owner")
    r = owner.post(f"/performance/report-cards/{card.pk}/edit/", _form(card, 1, why_important="<b>bold</b>"))
    assert r.status_code == 400
    assert "Why is this important?: Raw HTML is not accepted" in r.content.decode()
    card.refresh_from_db()
    assert card.version == 1


def test_someone_elses_data_owner_cannot_edit(card, actor):
    other = actor("other_data_owner")
    assert other.get(f"/performance/report-cards/{card.pk}/edit/").status_code == 403
    assert other.post(f"/performance/report-cards/{card.pk}/edit/", _form(card, 1)).status_code == 403


def test_submitted_card_edit_page_sends_back_to_card(card, actor):
    owner = actor("data_owner")
    ReportCard.objects.filter(pk=card.pk).update(status="submitted")
    r = owner.get(f"/performance/report-cards/{card.pk}/edit/")
    assert r.status_code == 302


def test_card_page_shows_sections_performance_and_history_link(card, actor):
    from tests.reportcards.factories import ObservationFactory, TargetFactory

    TargetFactory(indicator=card.indicator, financial_year=2018, value=100)
    for month, value in [(11, 86.2), (12, 88.1), (1, 89.3)]:
        ObservationFactory(indicator=card.indicator, period=date(2019 if month == 1 else 2018, month, 1), value=value,
                           numerator=None, denominator=None)
    page = actor("member").get(card.get_absolute_url()).content.decode()
    for heading in ("Why is this important?", "Performance", "What will success look like?",
                    "What is the background to current performance?", "Action required", "Responsible officers"):
        assert heading in page
    assert "<svg" in page and "89.3%" in page
    assert "History</a>" in page
    assert "<li>All children have a plan.</li>" in page
    assert 'action="/performance/report-cards/' not in page  # a member has no workflow buttons


def test_history_page_shows_who_changed_what(card, actor):
    owner = actor("data_owner")
    services.save_card(card, data={"background": "New background"}, version=1, user=owner.user)
    page = owner.get(f"/history/performance/reportcard/{card.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "New background" in body
    assert owner.user.username in body or owner.user.get_full_name() in body
