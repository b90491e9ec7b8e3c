from django.conf import settings
from django.urls import reverse

# The area each page belongs to, by path, for the first crumb below Home.
AREAS = (
    ("/performance/", "Performance", "performance:index"),
    ("/risks/", "Risks", "riskregister:index"),
    ("/finance/", "Finance", "finance:index"),
    ("/committees/", "Committees", "committees:index"),
    ("/people/", "People", "core:people"),
)
# History pages sit under the area of the object they belong to.
HISTORY_AREAS = {"performance": 0, "riskregister": 1, "finance": 2, "committees": 3, "core": 4}


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "COUNCIL_NAME": settings.COUNCIL_NAME, "AREA": _area(request.path)}


def _area(path):
    """(label, url) of the area a page sits in, or None on an area's home and outside areas."""
    if path.startswith("/history/"):
        app = path.split("/")[2] if path.count("/") > 2 else ""
        if app in HISTORY_AREAS:
            _, label, name = AREAS[HISTORY_AREAS[app]]
            return (label, reverse(name))
        return None
    for prefix, label, name in AREAS:
        if path.startswith(prefix) and path != prefix:
            return (label, reverse(name))
    return None
