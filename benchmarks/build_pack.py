"""Build a pack of the seed's size through the worker's code path and compare with bare ReportLab.

The 14 March 2017 meeting as in the tests, with the demo data (performance, report cards, risk,
budget), 50 approved report cards with charts, the MI report, the dashboard, the risk register,
the budget tables, the Early Help dashboard and Education scorecard tables and a 30-page
appendix. The build runs the Celery task's body (build_pack.apply, as the worker does, in this
process). The baseline lays out the same blocks with a plain
two-template (portrait and landscape) document in one pass: no agenda numbering, no merge,
no bookmarks, no public/restricted pair.

    python -m benchmarks build_pack
"""

import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup(workdir):
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = str(Path(workdir) / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _data():
    from django.contrib.auth import get_user_model

    import finance.demo
    import performance.demo
    import performance.reportcards.demo
    import riskregister.demo
    from core.services import ensure_demo_users
    from performance.models import Indicator
    from performance.reportcards import services as cards
    from performance.reportcards import workflow
    from performance.reportcards.models import ReportCard
    from tests.packs.march2017 import LIVE_ALL, make_meeting

    ensure_demo_users("bench-password-123")
    for demo in (performance.demo, performance.reportcards.demo, riskregister.demo, finance.demo):
        demo.load(io.StringIO())
    perf = get_user_model().objects.get(username="perf")
    # About the seed's report cards: a chart and five sections of commentary, two pages or so each.
    text = "\n\n".join(["Performance has improved since the autumn as the new front door settled in; the "
                         "service is reviewing cases that were stepped down without a plan, and the lead "
                         "officer reports monthly to the improvement board on the audit findings. " * 3] * 3)
    made = ReportCard.objects.filter(period__year=2017, period__month=1, status=workflow.APPROVED).count()
    for indicator in Indicator.objects.order_by("sort_order", "ref"):
        if made >= 50:
            break
        if ReportCard.objects.filter(indicator=indicator, period__year=2017, period__month=1).exists():
            continue
        card = cards.start_card(indicator, period="2017-01", user=perf, check_permission=False)
        card = cards.save_card(card, data={"why_important": text, "success_looks_like": text, "background": text,
                                      "definition": text, "performance_analysis": text,
                                      "actions": [{"description": "Audit the stepped-down cases", "owner": None,
                                                   "due_date": None, "done": False}]},
                               version=card.version, user=perf)
        cards.transition(card, action=workflow.SUBMIT, user=perf)
        # Four eyes: approved by someone other than the author, as the demo records it.
        cards.record_past_approval(card, by_name="Lead officer", comment="Approved for the committee report")
        made += 1
    # With the seed's breakdown tables too: the Early Help dashboard and the Education scorecard.
    breakdowns = [("early_help_dashboard", 3), ("education_scorecard", 4)]
    return make_meeting(appendix_pages=30, live_kinds=LIVE_ALL + breakdowns), made


def main(argv=None):
    with tempfile.TemporaryDirectory() as workdir:
        _setup(workdir)
        from django.db import transaction

        from committees.packs import pdf, sections, services
        from committees.packs.models import PackBuild
        from committees.packs.tasks import build_pack

        meeting, cards = _data()
        from django.urls import reverse

        reverse("home")  # a running worker has loaded its URLconf long before; a one-off start is not the build
        with transaction.atomic():
            build = services.start_build(meeting)  # the task is sent on commit; here we run it ourselves
        started = time.perf_counter()
        build_pack.apply(args=[build.job_id])
        seconds = time.perf_counter() - started
        build = PackBuild.objects.select_related("job").get(pk=build.pk)
        if build.job.status != "done":
            raise SystemExit(f"build failed: {build.job.error}")
        pages = build.pages + (build.restricted_pages or 0)

        doc = sections.document(meeting, public=True, items=sections.pack_items(meeting, build.item_ids))
        pdf.check_appendices(doc)
        buf = io.BytesIO()
        bare = pdf.bare_document(buf)
        started = time.perf_counter()
        bare.build(pdf.flowables_for(doc.front + doc.body))  # the flowables (charts drawn) and one layout
        bare_seconds = time.perf_counter() - started
        bare_pages = bare.page

        rate, bare_rate = pages / seconds, bare_pages / bare_seconds
        print(f"report cards: {cards}; public pack {build.pages} pages, restricted pack "
              f"{build.restricted_pages or 0} pages; sections skipped: {len(build.notes)}")
        print(f"build (worker code path, both packs, HTML, CSV): {seconds:.2f} s, {rate:.1f} pages/s")
        print(f"bare ReportLab, same content once: {bare_pages} pages in {bare_seconds:.2f} s, {bare_rate:.1f} pages/s")
        print(f"ratio to bare ReportLab: {rate / bare_rate:.2f} (aim: at least 0.5); aim under 10 s: "
              f"{'met' if seconds < 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
