"""What each area contributes to the whole, registered from its AppConfig.ready() so that
core names no area: its place in the menu and on the home page, its home-page attention
items, the views that take a file, its part of ``loaddemo`` and its periodic tasks. A new
area registers here and touches nothing in core or config.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from celery import current_app

# --- areas: the menu, the breadcrumbs and the home page ---------------------------------


@dataclass(frozen=True)
class Area:
    label: str  # in the menu and the breadcrumbs
    url_name: str  # the area's own home page
    path: str  # every page of the area sits under this URL prefix
    summary: str  # the home page's card for signed-in users
    title: str = ""  # the card's heading, when it differs from ``label``
    # The apps whose objects' history pages (/history/<app_label>/...) sit in this area.
    app_labels: tuple[str, ...] = ()
    # Shown to the public too (the menu and the signed-out home page), with this card.
    public_title: str = ""
    public_summary: str = ""

    @property
    def card_title(self):
        return self.title or self.label

    @property
    def public(self):
        return bool(self.public_title)


_areas: dict[str, Area] = {}


def register_area(label: str, *, url_name: str, path: str, summary: str, title: str = "",
                  app_labels: Iterable[str] = (), public_title: str = "", public_summary: str = "") -> None:
    """One entry in the menu, the breadcrumbs and the home page, in the order registered
    (INSTALLED_APPS order)."""
    _areas[url_name] = Area(label, url_name, path, summary, title, tuple(app_labels), public_title, public_summary)


def areas(*, public: bool = False) -> list[Area]:
    """Every registered area; with ``public``, only those the public may see."""
    return [a for a in _areas.values() if a.public or not public]


# --- views that take a file -----------------------------------------------------------

_upload_views: set[str] = set()


def register_upload_view(*url_names: str) -> None:
    """URL names of the views that take a file: the request-size limit lets these carry one
    (core.middleware)."""
    _upload_views.update(url_names)


def upload_views() -> frozenset[str]:
    return frozenset(_upload_views)


# --- home-page attention items -------------------------------------------------------

_attention_providers: list[Callable] = []


def register_attention(provider: Callable) -> None:
    """``provider(user)`` returns the ``core.attention.AttentionItem``s it has for that user."""
    if provider not in _attention_providers:
        _attention_providers.append(provider)


def attention_providers() -> list[Callable]:
    return list(_attention_providers)


# --- demo loaders ---------------------------------------------------------------------


@dataclass(frozen=True)
class DemoLoader:
    name: str
    load: Callable  # load(stdout)
    after: tuple[str, ...] = ()


_demo_loaders: dict[str, DemoLoader] = {}
_messy_loaders: dict[str, DemoLoader] = {}


def register_demo(name: str, load: Callable, *, after: Iterable[str] = (), messy: bool = False) -> None:
    """``load(stdout)`` makes this area's demo data; it runs after the loaders named in ``after``
    (their data is referred to: people, indicators, meetings). ``messy=True`` registers the area's
    part of the messy data set (``loaddemo --messy``), loaded after the whole demo."""
    (_messy_loaders if messy else _demo_loaders)[name] = DemoLoader(name, load, tuple(after))


def _in_order(loaders: dict[str, DemoLoader], done: set[str]) -> list[DemoLoader]:
    pending = list(loaders.values())
    unknown = {need for loader in pending for need in loader.after} - set(loaders) - done
    if unknown:
        raise LookupError(f"Demo loaders wait for loaders nobody registered: {', '.join(sorted(unknown))}")
    ordered = []
    while pending:
        ready = next((loader for loader in pending if set(loader.after) <= done), None)
        if ready is None:
            raise ValueError(f"Demo loaders wait for each other: {', '.join(loader.name for loader in pending)}")
        ordered.append(ready)
        done.add(ready.name)
        pending.remove(ready)
    return ordered


def demo_loaders(*, messy: bool = False) -> list[DemoLoader]:
    """Every loader after those it needs; otherwise in the order they were registered
    (INSTALLED_APPS order), so the demo is the same on every run. With ``messy``, the messy
    data set's loaders follow the demo's."""
    done: set[str] = set()
    ordered = _in_order(_demo_loaders, done)
    return ordered + (_in_order(_messy_loaders, done) if messy else [])


# --- periodic tasks -------------------------------------------------------------------


def register_periodic_task(name: str, task, *, schedule, **options) -> None:
    """Put ``task`` (a Celery task) on the beat schedule under ``name``; ``schedule`` is seconds
    or a ``celery.schedules.crontab`` (Europe/London, CELERY_TIMEZONE).

    Django's ready() runs in beat before its scheduler reads ``beat_schedule`` (Celery's Django
    fix-up sets Django up when beat loads its modules), so entries added here are scheduled.
    """
    entry = {"task": task.name, "schedule": schedule, **options}
    current_app.conf.beat_schedule = {**current_app.conf.beat_schedule, name: entry}
