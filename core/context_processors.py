from django.conf import settings
from django.urls import reverse

from .registries import areas

# Core's own pages: people and their roles.
PEOPLE = ("/people/", "People", "core:people", ("core",))


def site(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "COUNCIL_NAME": settings.COUNCIL_NAME,
        "AREA": _area(request.path),
        # The menu, (label, url, current): what the areas register, the public seeing only what they may.
        "MENU": [
            (a.label, reverse(a.url_name), request.path.startswith(a.path)) for a in areas(public=not signed_in)
        ],
    }


def _sections():
    """(path prefix, label, URL name, app labels) of every area, core's own pages last."""
    return [(a.path, a.label, a.url_name, a.app_labels) for a in areas()] + [PEOPLE]


def _area(path):
    """(label, url) of the area a page sits in, or None on an area's home and outside areas.
    History pages sit under the area of the object they belong to."""
    if path.startswith("/history/"):
        app = path.split("/")[2] if path.count("/") > 2 else ""
        for _, label, name, app_labels in _sections():
            if app in app_labels:
                return (label, reverse(name))
        return None
    for prefix, label, name, _ in _sections():
        if path.startswith(prefix) and path != prefix:
            return (label, reverse(name))
    return None
