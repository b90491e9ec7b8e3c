"""A bounded crawl of our own site with Django's test client.

Starting at the home page, it follows every ``<a href>`` that stays on the site (GET
only), fetching each URL once. To keep CI lean it fetches at most ``per_pattern`` URLs
for each URL pattern (an indicator page stands for the other indicator pages) and
``limit`` URLs in all. Links that change something (sign out) are never followed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.urls import Resolver404, resolve

# Sign-out ends the session (and is POST-only); the admin is Django's own, crawled by no role here.
SKIP_PREFIXES = ("/accounts/logout/", "/admin/")
HTML_TYPES = ("text/html",)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links(html: str, base: str) -> list[str]:
    """The site-internal links of a page, absolute paths with their query, no fragment."""
    parser = _Links()
    parser.feed(html)
    out = []
    for href in parser.hrefs:
        href = href.strip()
        if href.startswith(("mailto:", "tel:", "javascript:", "#")):
            continue
        url = urldefrag(urljoin("http://testserver" + base, href)).url
        parts = urlsplit(url)
        if parts.netloc != "testserver":
            continue  # another site: not ours to check
        out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


def pattern_of(url: str) -> str:
    """The URL pattern a URL resolves to, with the names of its query parameters."""
    parts = urlsplit(url)
    try:
        route = resolve(parts.path).route
    except Resolver404:
        route = parts.path
    keys = sorted({kv.split("=", 1)[0] for kv in parts.query.split("&") if kv})
    return route + ("?" + "&".join(keys) if keys else "")


@dataclass
class Visit:
    url: str
    status: int
    content_type: str
    template: str | None
    referrer: str | None
    error: str = ""


@dataclass
class Crawl:
    visits: list[Visit] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)  # pattern -> URLs not fetched (over the bound)

    def failures(self):
        """Pages answering 5xx, and links on our pages leading to a 404."""
        return [v for v in self.visits if v.status >= 500 or v.status == 404]

    def templates(self):
        """Each distinct page template with the first HTML page (URL) rendered from it."""
        seen = {}
        for v in self.visits:
            if v.template and v.status == 200 and v.content_type.startswith(HTML_TYPES):
                seen.setdefault(v.template, v.url)
        return seen


def crawl(client, *, start="/", limit=400, per_pattern=4) -> Crawl:
    result = Crawl()
    queue: list[tuple[str, str | None]] = [(start, None)]
    seen = {start}
    per = defaultdict(int)
    while queue and len(result.visits) < limit:
        url, referrer = queue.pop(0)
        response = client.get(url)
        template = next((t.name for t in getattr(response, "templates", []) or [] if t.name), None)
        content_type = response.get("Content-Type", "")
        exc = getattr(response, "exc_info", None)
        error = f"{exc[0].__name__}: {exc[1]}" if exc else ""
        result.visits.append(Visit(url, response.status_code, content_type, template, referrer, error))
        targets = []
        if response.status_code in (301, 302, 303, 307, 308):
            targets = [urlsplit(urljoin("http://testserver" + url, response["Location"]))]
            targets = [t.path + (f"?{t.query}" if t.query else "") for t in targets if t.netloc == "testserver"]
        elif response.status_code == 200 and content_type.startswith(HTML_TYPES):
            targets = links(response.content.decode(response.charset or "utf-8"), url)
        for target in targets:
            if target in seen or target.startswith(SKIP_PREFIXES):
                continue
            seen.add(target)
            key = pattern_of(target)
            if per[key] >= per_pattern:
                result.skipped[key] += 1
                continue
            per[key] += 1
            queue.append((target, url))
    return result


def describe(failures) -> str:
    return "\n".join(f"{v.status} {v.url} (linked from {v.referrer}) {v.error}".rstrip() for v in failures)
