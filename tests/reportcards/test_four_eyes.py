"""Four eyes: whoever submitted a card cannot approve that submission (403 with the reason,
on the page and in the API), unless an administrator has switched the rule off; the card
shows who submitted and who approved."""

import pytest

from performance.reportcards.models import ReportCard, ReportCardSettings

pytestmark = pytest.mark.django_db


def _submit(client, card):
    response = client.post(f"/performance/report-cards/{card.pk}/submit/", {"comment": "Ready"})
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.status == "submitted"


def test_the_submitter_cannot_approve_on_the_page(card, actor):
    officer = actor("performance_officer")
    _submit(officer, card)
    response = officer.post(f"/performance/report-cards/{card.pk}/approve/", {"comment": "Fine"})
    assert response.status_code == 403
    assert "You submitted this card" in response.content.decode()
    assert "four-eyes" in response.content.decode()
    card.refresh_from_db()
    assert card.status == "submitted"


def test_the_submitter_cannot_approve_through_the_api(card, actor):
    officer = actor("performance_officer")
    _submit(officer, card)
    response = officer.post(f"/api/v1/report-cards/{card.pk}/approve/", {}, content_type="application/json")
    assert response.status_code == 403
    assert "You submitted this card" in response.json()["detail"]
    assert ReportCard.objects.get(pk=card.pk).status == "submitted"


def test_someone_else_approves_and_the_card_names_both(card, actor):
    submitter = actor("data_owner")
    _submit(submitter, card)
    lead = actor("lead_officer")
    assert lead.post(f"/performance/report-cards/{card.pk}/approve/", {"comment": "Fine"}).status_code == 302
    page = lead.get(f"/performance/report-cards/{card.pk}/").content.decode()
    assert "Submitted by" in page and submitter.user.get_full_name() in page
    assert "Approved by" in page and lead.user.get_full_name() in page


def test_an_administrator_can_switch_the_rule_off(card, actor):
    ReportCardSettings.objects.update_or_create(pk=1, defaults={"four_eyes": False})
    officer = actor("performance_officer")
    _submit(officer, card)
    assert officer.post(f"/performance/report-cards/{card.pk}/approve/", {"comment": "ok"}).status_code == 302
    assert ReportCard.objects.get(pk=card.pk).status == "approved"


def test_the_setting_is_in_admin(admin_client_user, django_user_model):
    admin_client_user.user.is_staff = admin_client_user.user.is_superuser = True
    admin_client_user.user.save()
    response = admin_client_user.get("/admin/performance/reportcardsettings/")
    assert response.status_code == 200
