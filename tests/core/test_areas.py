"""The menu, the breadcrumbs, the home page and the upload limit take the areas from what
each area registers (core.registries): core names none of them."""

import pytest
from django.urls import resolve

from core import middleware, registries, roles
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_signed_in_home_page_and_menu_show_every_registered_area_in_order(role_client):
    page = role_client(roles.MEMBER).get("/").content.decode()
    labels = [a.card_title for a in registries.areas()]
    assert labels == ["Performance", "Risk register", "Finance", "Committees"]
    cards = page[page.index("<h2>Areas</h2>"):]
    positions = [cards.index(f">{label}</a>") for label in labels]
    assert positions == sorted(positions)
    menu = page[page.index('<nav aria-label="Main">'):page.index("</nav>")]
    assert [label for label in ("Performance", "Risks", "Finance", "Committees") if f">{label}</a>" in menu] == [
        "Performance", "Risks", "Finance", "Committees"
    ]


def test_the_public_sees_only_the_areas_that_say_they_are_public(client):
    page = client.get("/").content.decode()
    menu = page[page.index('<nav aria-label="Main">'):page.index("</nav>")]
    assert ">Committees</a>" in menu and ">Performance</a>" not in menu
    assert "Committees and meetings" in page and "Budget monitoring" not in page


def test_a_new_area_appears_on_the_home_page_by_registering(role_client, monkeypatch):
    monkeypatch.setattr(registries, "_areas", dict(registries._areas))
    registries.register_area("People", url_name="core:people", path="/people/", summary="Everyone the product names.")
    page = role_client(roles.MEMBER).get("/").content.decode()
    assert ">People</a><p>Everyone the product names.</p>" in page


def test_history_pages_and_area_pages_carry_their_areas_crumb(role_client):
    client = role_client(roles.ADMINISTRATOR)
    assert 'aria-current="page">Finance</a>' in client.get("/finance/").content.decode()
    assert '<li><a href="/risks/">Risks</a></li>' in client.get("/risks/matrix/").content.decode()
    person = PersonFactory(name="Mr R Smith")
    history = client.get(f"/history/core/person/{person.pk}/").content.decode()
    assert '<li><a href="/people/">People</a></li>' in history


def test_the_views_that_take_a_file_are_those_the_areas_register():
    assert {"performance:import", "finance:period_import", "riskregister:import", "committees:report_action",
            "register-import"} <= registries.upload_views()
    assert middleware.is_upload(resolve("/performance/import/"))
    assert not middleware.is_upload(resolve("/accounts/login/"))
