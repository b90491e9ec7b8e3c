from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import attention, jobs, registries, selectors
from .forms import PersonForm
from .models import Job, Person
from .permissions import is_administrator, require_perm
from .tasks import ping


def home(request):
    signed_in = request.user.is_authenticated
    items = attention.items_for(request.user) if signed_in else []
    return render(request, "core/home.html", {"items": items, "areas": registries.areas(public=not signed_in)})


@login_required
def person_list(request):
    require_perm(request, "core.view_person")
    return render(request, "core/person_list.html", {"people": Person.objects.select_related("user")})


@login_required
def person_detail(request, pk):
    person = get_object_or_404(Person, pk=pk)
    require_perm(request, "core.view_person", person)
    return render(request, "core/person_detail.html", {"person": person})


@login_required
def history(request, app_label, model_name, pk):
    """The change history of any object that keeps one: who, when, what changed."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as exc:
        raise Http404 from exc
    if not hasattr(model, "history"):
        raise Http404
    obj = get_object_or_404(model, pk=pk)
    require_perm(request, f"{app_label}.view_{model._meta.model_name}", obj)
    return render(
        request,
        "core/history.html",
        {
            "object": obj,
            "entries": selectors.history_entries(obj),
            "opts": model._meta,
            "heading": selectors.object_heading(obj),
        },
    )


@login_required
def job_detail(request, pk):
    job = get_object_or_404(Job, pk=pk)
    require_perm(request, "core.view_job", job)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse(
            {"id": job.pk, "status": job.status, "progress": job.progress, "stage": job.stage, "error": job.error}
        )
    template = "core/includes/job_progress.html" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job})


@login_required
@require_POST
def ping_start(request):
    """Administrators check that the worker answers (System page)."""
    require_perm(request, "core.run_ping")
    job = jobs.start_job("ping", ping, user=request.user)
    return redirect(job)


@login_required
def api_tokens(request):
    """The user's API tokens (an administrator sees everyone's): make one, see when each was
    last used, revoke it. A new key is shown once, here, and never stored."""
    from datetime import datetime, time

    from django.utils import timezone

    from . import tokens
    from .forms import ApiTokenForm

    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["expires"]
        expires = timezone.make_aware(datetime.combine(day, time.min)) if day else None
        token, new_key = tokens.create_token(
            request.user, name=form.cleaned_data["name"], read_only=form.cleaned_data["access"] == "read",
            expires=expires,
        )
        form = ApiTokenForm()
    return render(request, "core/api_tokens.html", {
        "form": form,
        "new_key": new_key,
        "tokens": tokens.visible_tokens(request.user),
        "all_users": is_administrator(request.user),
        "now": timezone.now(),
    })


@login_required
@require_POST
def api_token_revoke(request, pk):
    from django.contrib import messages

    from . import tokens
    from .models import ApiToken

    token = get_object_or_404(ApiToken, pk=pk)
    if not tokens.may_manage(request.user, token):
        raise PermissionDenied
    tokens.revoke_token(token, by=request.user)
    messages.success(request, f"Token “{token.name}” revoked.")
    return redirect("core:api_tokens")


def page_not_found(request, exception=None):
    """Django's 404 page, or a problem-details 404 for an API path no route matches."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"type": "/api/docs/#problem-not-found", "title": "Not Found", "status": 404,
             "detail": "No such resource.", "errors": []},
            status=404, content_type="application/problem+json",
        )
    from django.views.defaults import page_not_found as default_page_not_found

    return default_page_not_found(request, exception)


def server_error(request):
    """A plain 500 page (or JSON for the API) with no details of the failure."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"type": "/api/docs/#problem-internal-server-error", "title": "Internal Server Error", "status": 500,
             "detail": "Internal error. It has been logged.", "errors": []},
            status=500, content_type="application/problem+json",
        )
    return render(request, "500.html", status=500)


@login_required
def person_edit(request, pk):
    person = get_object_or_404(Person, pk=pk)
    require_perm(request, "core.change_person", person)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect(person)
    return render(request, "core/person_form.html", {"form": form, "person": person})
