from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import attention, jobs, selectors
from .forms import PersonForm
from .models import Job, Person
from .permissions import require_perm
from .tasks import ping


def home(request):
    items = attention.items_for(request.user) if request.user.is_authenticated else []
    return render(request, "core/home.html", {"items": items})


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
        {"object": obj, "entries": selectors.history_entries(obj), "opts": model._meta},
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


def server_error(request):
    """A plain 500 page (or JSON for the API) with no details of the failure."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Internal error. It has been logged."}, status=500)
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
