"""Alert pages: subscribe (public), confirm and unsubscribe by the token in the email."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..models import Committee
from . import services


@require_http_methods(["GET", "POST"])
def subscribe(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    context = {"committee": committee}
    if request.method == "POST":
        try:
            services.subscribe(committee, request.POST.get("email"))
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
            context["email"] = request.POST.get("email", "")
            return render(request, "committees/alerts/subscribe.html", context, status=400)
        context["sent"] = True
    return render(request, "committees/alerts/subscribe.html", context)


def confirm(request, token):
    try:
        subscription = services.confirm(token)
    except ValidationError as exc:
        return render(request, "committees/alerts/done.html", {"error": " ".join(exc.messages)}, status=404)
    return render(request, "committees/alerts/done.html", {"confirmed": True, "committee": subscription.committee})


@csrf_exempt  # the token is the secret; mail providers' one-click POST carries no CSRF cookie
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks (link scanners must not unsubscribe anyone); POST removes, also as the
    one-click List-Unsubscribe-Post of RFC 8058."""
    if request.method == "POST":
        committee = services.unsubscribe(token)
        return render(request, "committees/alerts/done.html", {"unsubscribed": True, "committee": committee})
    return render(request, "committees/alerts/unsubscribe.html", {"token": token})
