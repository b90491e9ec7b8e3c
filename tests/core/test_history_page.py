"""A history page a person can read: names, labels, before and after in words, lists as
items added/removed/changed, and never a Python repr or an internal id."""

import pytest

from core import historydiff, roles
from tests.reportcards.factories import CardFactory, IndicatorFactory

pytestmark = pytest.mark.django_db


def test_report_card_history_reads_as_words(role_client, make_user):
    client = role_client(roles.PERFORMANCE_OFFICER)
    owner = make_user(roles.DATA_OWNER, username="owner-h").person
    owner.name = "Sarah Jones"
    owner.save()
    card = CardFactory(indicator=IndicatorFactory(ref="CIN 4", title="CIN with up to date plan"))
    card._history_user = client.user
    card.actions = [{"description": "Audit plans", "owner": owner.pk, "due_date": "2017-03-31", "done": False}]
    card.background = "Plans lapsed in the summer."
    card.save()
    card.actions = [
        {"description": "Audit plans", "owner": owner.pk, "due_date": "2017-03-31", "done": True},
        {"description": "Weekly plan report", "owner": owner.pk, "due_date": None, "done": False},
    ]
    card.save()

    page = client.get(f"/history/performance/reportcard/{card.pk}/").content.decode()

    assert "{&#x27;" not in page and "[{" not in page and "{'" not in page
    assert "Report card: Report card" not in page
    assert client.user.person.name in page  # who, by name
    assert "Background" in page and "Plans lapsed in the summer." in page  # label and after
    assert "Before:" in page and "After:" in page
    assert "Added</span> Weekly plan report (owner Sarah Jones, done No)" in page
    assert "Changed</span> Audit plans (owner Sarah Jones, due date 31 March 2017, done No)" in page
    assert "Done: <span class=\"before\">No</span> → <span class=\"after\">Yes</span>" in page


def test_list_changes_name_items_added_removed_and_changed():
    def show(key, value):
        return {1: "Ann", 2: "Bob"}.get(value, str(value)) if key == "owner" else str(value)

    old = [{"description": "A", "owner": 1}, {"description": "B", "owner": 1}]
    new = [{"description": "A", "owner": 2}, {"description": "C", "owner": 1}]
    changes = historydiff.list_changes(old, new, show)
    assert changes.added == ["C (owner Ann)"]
    assert changes.removed == ["B (owner Ann)"]
    assert [(c.item, c.fields) for c in changes.changed] == [("A (owner Ann)", [("Owner", "Ann", "Bob")])]
