"""The checks every data set's crawl makes (imported by test_crawl_demo and test_crawl_messy)."""

import asyncio
import mimetypes
from contextlib import contextmanager
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


# Swagger UI (the API explorer linked from the footer) is drf-spectacular's page drawing the
# vendor's own markup: its nested operation buttons and pale method badges are upstream's.
VENDOR_TEMPLATES = ("drf_spectacular/",)


@pytest.mark.browser
@pytest.mark.timeout(1800)
def test_each_page_template_passes_axe(site, db):
    """Every distinct page template the crawls met, rendered once in chromium and checked with axe.

    The browser's requests are answered by Django's test client, so the pages see the
    module's data without a live server."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    pages = {}
    for who in WHO:
        for template, url in site(who).templates().items():
            if not template.startswith(VENDOR_TEMPLATES):
                pages.setdefault(template, (who, url))
    assert pages
    problems = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for template, (who, url) in sorted(pages.items()):
                client = site.clients[who]
                context = browser.new_context(viewport={"width": 1024, "height": 768})
                redirected = []
                context.route("**/*", _answering(client, redirected))
                page = context.new_page()
                response = page.goto("http://testserver" + url)
                # The page must be the one the crawl saw, not a sign-in page or an error.
                if response.status != 200 or redirected:
                    bad = [f"answered {response.status}, redirected to {redirected}"]
                else:
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


def _answering(client, redirected):
    """A route handler answering the browser from the test client (static files from the finders).

    Where a page the browser navigates to redirects, the handler notes the places in ``redirected``."""

    def handler(route):
        return _answer(route, client, redirected)

    return handler


@contextmanager
def _as_sync_code():
    """Django queries made inside a Playwright route handler use the test's own connection.

    Playwright's sync API calls route handlers from inside its asyncio event loop. Django keeps
    database connections per thread in sync code but per context while a loop is running, so
    the handler's queries went to a second, fresh connection outside the module's transaction:
    it saw none of the loaded data and no session (pages answered 404, or redirected to a
    sign-in page whose request was never routed: chromium's ERR_NAME_NOT_RESOLVED). The handler
    is synchronous and the test's code is blocked in ``page.goto`` meanwhile, so the thread's
    own connection is safe to use with no loop marked running."""
    loop = asyncio.events._get_running_loop()
    asyncio.events._set_running_loop(None)
    try:
        yield
    finally:
        asyncio.events._set_running_loop(loop)


def _answer(route, client, redirected):
    request = route.request
    parts = urlsplit(request.url)
    if parts.netloc != "testserver" or request.method != "GET":
        return route.abort()  # nothing leaves the machine, and checking a page changes nothing
    if parts.path.startswith("/static/"):
        found = finders.find(parts.path.removeprefix("/static/"))
        if not found:
            return route.fulfill(status=404, body="")
        with open(found, "rb") as fh:
            return route.fulfill(status=200, body=fh.read(),
                                 content_type=mimetypes.guess_type(found)[0] or "application/octet-stream")
    headers = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in request.headers.items()
               if k.lower() not in ("host", "cookie")}
    with _as_sync_code():
        # Chromium does not route the request that follows a fulfilled redirect, so redirects
        # are followed here.
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""), follow=True, **headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    if request.is_navigation_request():
        redirected.extend(place for place, _status in response.redirect_chain)
    headers = {k: v for k, v in response.items() if k.lower() != "location"}
    return route.fulfill(status=response.status_code, headers=headers, body=body)
