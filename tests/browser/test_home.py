"""Each role signs in through the form and sees their home page; home and login pass axe."""

import pytest

from core import roles
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_page_is_accessible(page):
    page.goto("/accounts/login/")
    assert page.locator("h1").inner_text() == "Sign in"
    assert_accessible(page)


def test_public_home_page_is_accessible(page):
    page.goto("/")
    assert_accessible(page)


@pytest.mark.parametrize("role", roles.ALL_ROLES)
def test_each_role_signs_in_and_sees_the_home_page(page, login, role):
    user = login(role)
    assert page.locator("h1").inner_text() == "Needs your attention"
    assert user.get_full_name() in page.locator(".account").inner_text()
    assert_accessible(page)
