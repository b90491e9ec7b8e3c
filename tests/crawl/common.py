"""The checks every data set's crawl makes (imported by test_crawl_demo and test_crawl_messy)."""

import mimetypes
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders

from .conftest import WHO
from .crawler import describe


# The first test in a module loads the data set (a minute or so); a loaded machine is slower.
@pytest.mark.timeout(1200)
@pytest.mark.parametrize("who", WHO)
def test_every_page_answers_without_error_and_no_link_is_broken(site, who, db):
    result = site(who)
    assert len(result.visits) > 5, f"the crawl as {who} found almost nothing: {[v.url for v in result.visits]}"
    failures = result.failures()
    assert not failures, f"as {who}, {len(failures)} of {len(result.visits)} URLs failed:\n" + describe(failures)


@pytest.mark.browser
@pytest.mark.timeout(1800)
@pytest.mark.xfail(
    reason="Issue 14, not finished: the browser's requests are not all answered by the test client "
    "(chromium reports ERR_NAME_NOT_RESOLVED for testserver on the clerk's new-meeting page), so no full "
    "axe pass over the crawled templates has completed yet. The key pages are checked with axe by "
    "tests/browser/test_key_pages.py and the public pages by tests/browser/test_public_site.py.",
    strict=False,
)
def test_each_page_template_passes_axe(site, db):
    """Every distinct page template the crawls met, rendered once in chromium and checked with axe.

    The browser's requests are answered by Django's test client, so the pages see the
    module's data without a live server."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    pages = {}
    for who in WHO:
        for template, url in site(who).templates().items():
            pages.setdefault(template, (who, url))
    assert pages
    problems = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for template, (who, url) in sorted(pages.items()):
                client = site.clients[who]
                context = browser.new_context(viewport={"width": 1024, "height": 768})
                context.route("http://testserver/**", _answering(client))
                page = context.new_page()
                page.goto("http://testserver" + url)
                bad = axe_violations(page)
                if bad:
                    problems.append(f"{template} ({url} as {who}):\n  " + "\n  ".join(bad))
                context.close()
        finally:
            browser.close()
    assert not problems, f"{len(problems)} of {len(pages)} templates fail axe:\n" + "\n".join(problems)


def axe_violations(page):
    """Serious or critical axe violations on the page, one line each (as tests/browser checks)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def _answering(client):
    # Playwright passes the request as a second argument to a handler that takes two, so the
    # handler takes only the route.
    def handler(route):
        return _answer(route, client)

    return handler


def _answer(route, client):
    """Fulfil a browser request from the test client (or the static finders for assets)."""
    parts = urlsplit(route.request.url)
    if parts.path.startswith("/static/"):
        found = finders.find(parts.path.removeprefix("/static/"))
        if not found:
            return route.fulfill(status=404, body="")
        with open(found, "rb") as fh:
            return route.fulfill(status=200, body=fh.read(),
                                 content_type=mimetypes.guess_type(found)[0] or "application/octet-stream")
    response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
    headers = dict(response.items())
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return route.fulfill(status=response.status_code, headers=headers, body=body)
