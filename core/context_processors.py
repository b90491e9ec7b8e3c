from django.conf import settings


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "COUNCIL_NAME": settings.COUNCIL_NAME}
