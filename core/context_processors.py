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


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "COUNCIL_NAME": settings.COUNCIL_NAME, "AREA": _area(request.path)}


def _area(path):
    """(label, url) of the area a page sits in, or None on an area's home and outside areas."""
    for prefix, label, name in AREAS:
        if path.startswith(prefix) and path != prefix:
            return (label, reverse(name))
    return None
