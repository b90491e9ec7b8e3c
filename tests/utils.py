from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(fn):
    """Run ``fn()`` and return (number of queries, fn's result)."""
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    return len(ctx.captured_queries), result


def assert_constant_queries(fn, grow):
    """``fn()`` must issue as many queries after ``grow()`` adds data as before it."""
    before, _ = count_queries(fn)
    grow()
    after, _ = count_queries(fn)
    assert after == before, f"query count grew with the data: {before} -> {after}"
    return before


def problem_fields(body):
    """A problem-details body's ``errors`` as {field: [messages]} (None for the body itself)."""
    out = {}
    for error in body.get("errors", []):
        out.setdefault(error["field"], []).append(error["message"])
    return out


def breadcrumbs(response):
    """The (text, href) of each link in a page's breadcrumbs, Home first."""
    import re
    from html import unescape

    nav = re.search(r'<nav class="breadcrumbs[^"]*"[^>]*>(.*?)</nav>', response.content.decode(), re.S)
    assert nav, "the page has no breadcrumbs"
    return [(unescape(re.sub(r"<[^>]+>", "", text)).strip(), href)
            for href, text in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', nav.group(1), re.S)]
