"""Building, failing, publishing and supplementing packs through the services (task run eagerly)."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError

from committees.packs import selectors, services
from committees.packs.models import PackBuild, PackVersion
from core import roles
from core.models import Job
from tests.packs.conftest import agenda_page_numbers, outline_titles, page_texts
from tests.packs.march2017 import EXEMPT_SECRET, LIVE_ALL, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(make_user):
    return make_user(roles.COMMITTEE_CLERK)


def build(meeting, user, run_on_commit, kind=PackBuild.Kind.AGENDA):
    with run_on_commit():
        b = services.start_build(meeting, user=user, kind=kind)
    return PackBuild.objects.select_related("job").get(pk=b.pk)


def test_build_makes_the_public_pack_without_exempt_content_and_a_restricted_pack_with_it(march, clerk,
                                                                                          run_on_commit):
    b = build(march, clerk, run_on_commit)
    assert b.job.status == Job.Status.DONE and b.job.progress == 100
    reader, texts = page_texts(services.file_of(b, which="pdf"))
    everything = "\n".join(texts)
    assert EXEMPT_SECRET not in everything
    assert "Residential placement contract award (exempt: paragraph 3" in everything  # the title stays listed
    printed = agenda_page_numbers(texts)
    assert set(printed) == {2, 7, 8}
    for number, page in printed.items():
        item = march.items.get(number=number)
        assert texts[page - 1].startswith(f"{number}. {item.title[:25]}")
    assert {f"{n}. " for n in printed} <= {t[:3] for t, _p in outline_titles(reader)}
    assert b.pages == len(reader.pages)

    _r, restricted = page_texts(services.file_of(b, which="restricted"))
    assert EXEMPT_SECRET in "\n".join(restricted)
    assert b.has_restricted


def test_live_sections_print_the_data_as_at_their_date_or_say_why_they_are_absent(db, media, clerk, run_on_commit):
    import performance.demo
    import performance.reportcards.demo
    import riskregister.demo
    from core.services import ensure_demo_users
    from performance.reportcards.models import ReportCard

    ensure_demo_users("demo-pass-for-tests")  # the report cards' workflow needs its people
    for demo in (performance.demo, performance.reportcards.demo, riskregister.demo):
        demo.load(io.StringIO())
    meeting = make_meeting(live_kinds=LIVE_ALL)
    b = build(meeting, clerk, run_on_commit)
    _r, texts = page_texts(services.file_of(b, which="pdf"))
    text = "\n".join(texts)
    # the approved card of the quarterly LAC rate vital sign (December 2016), with its chart and figures
    card = ReportCard.objects.get(indicator__ref="LAC 5", period__year=2016, period__month=12)
    assert b.card_ids == [card.pk]
    assert "Report card: Rate of Looked-After Children" in text and "LAC 5 Rate of" in text
    with pytest.raises(ValidationError, match="Confirm the publish checklist"):  # a section printed no data
        services.publish(b, user=clerk)
    version = services.publish(b, user=clerk, acknowledgement="The budget tables follow at the next meeting.")
    assert version.acknowledgement == "The budget tables follow at the next meeting."
    assert any("Budget tables as at 28 February 2017" in w for w in version.checklist)
    card.refresh_from_db()
    assert card.status == "published" and card.published_in.endswith("2017-03-14 v1")
    assert "Vital signs dashboard" in text and "Jan-17" in text  # the 13 months to the last figures
    assert "Management information report" in text
    assert "Children's Service Risk Register risk register as at 28 February 2017" in text
    assert "RM14284" in text
    # no budget monitoring figures are loaded here: the section says so rather than printing anything made up
    assert any("Budget tables as at 28 February 2017 is not included" in n for n in b.notes)


def test_a_failed_build_says_why_and_leaves_the_previous_pack(march, clerk, run_on_commit):
    first = build(march, clerk, run_on_commit)
    before = services.file_of(first, which="pdf").read_bytes()
    appendix = march.reports.get(title__startswith="Integrated").appendices.get()
    with open(appendix.file.path, "wb") as fh:
        fh.write(b"%PDF-1.7 truncated")
    second = build(march, clerk, run_on_commit)
    assert second.job.status == Job.Status.FAILED
    assert "Appendix “Appendix 1: Education Improvement Plan Scorecard” is not a valid PDF" in second.job.error
    assert not services.folder_of(second).exists()
    assert services.file_of(first, which="pdf").read_bytes() == before
    assert selectors.latest_build(march) == second
    assert PackBuild.objects.filter(meeting=march, job__status=Job.Status.DONE).get() == first


def test_publishing_freezes_a_version_with_checksum_who_and_when(march, clerk, run_on_commit):
    b = build(march, clerk, run_on_commit)
    version = services.publish(b, user=clerk)
    assert (version.number, version.label, version.published_by) == (1, "Agenda pack", clerk)
    assert version.sha256 == services.pdf.sha256_of(services.file_of(b, which="pdf"))
    assert version.published_at is not None
    with pytest.raises(ValidationError, match="already published as version 1"):
        services.publish(b, user=clerk)
    # a finished build is never rebuilt, so a published file never changes
    services.run_build_job(b.job_id)
    assert services.pdf.sha256_of(services.file_of(b, which="pdf")) == version.sha256

    again = build(march, clerk, run_on_commit)
    assert services.publish(again, user=clerk).number == 2  # republication is a new version
    assert [v.number for v in selectors.versions(march)] == [2, 1]


def test_publishing_refuses_a_file_that_no_longer_matches_its_checksum(march, clerk, run_on_commit):
    b = build(march, clerk, run_on_commit)
    with open(services.file_of(b, which="pdf"), "ab") as fh:
        fh.write(b"tampered")
    with pytest.raises(ValidationError, match="does not match its checksum"):
        services.publish(b, user=clerk)
    assert not PackVersion.objects.exists()


def test_a_supplement_holds_only_new_items_with_its_own_page_numbers(march, clerk, run_on_commit):
    from committees import services as committee_services

    with pytest.raises(ValidationError, match="Publish the agenda pack"):
        services.start_build(march, user=clerk, kind=PackBuild.Kind.SUPPLEMENT)
    main = build(march, clerk, run_on_commit)
    services.publish(main, user=clerk)
    main_pages = main.pages
    with pytest.raises(ValidationError, match="nothing to supplement"):
        services.start_build(march, user=clerk, kind=PackBuild.Kind.SUPPLEMENT)

    director = march.reports.first().responsible_chief_officer
    late = committee_services.save_report("Ofsted monitoring visit", meeting=march, responsible_chief_officer=director,
                                          executive_summary="The monitoring visit letter.",
                                          sections=[("Findings", "Inspectors found progress.")])
    committee_services.clear_report(late, by=director)
    committee_services.mark_report_ready(late)
    committee_services.add_item(march, title="Ofsted monitoring visit", report=late,
                                report_by="Report by the Director.",
                                urgency_reason="The letter arrived after the agenda was published.")
    supplement = build(march, clerk, run_on_commit, kind=PackBuild.Kind.SUPPLEMENT)
    assert supplement.label == "Supplementary agenda 1"
    _r, texts = page_texts(services.file_of(supplement, which="pdf"))
    assert texts[0].rstrip().endswith("Supplementary agenda 1 – Page 1")
    assert "Ofsted monitoring visit" in "\n".join(texts)
    assert "Working with Safelives" not in "\n".join(texts)
    version = services.publish(supplement, user=clerk)
    assert (version.number, version.label) == (2, "Supplementary agenda 1")
    main.refresh_from_db()
    assert main.pages == main_pages  # the main pack is not renumbered
    assert [v.label for v in selectors.versions(march)] == ["Supplementary agenda 1", "Agenda pack"]


def test_only_one_build_at_a_time_and_a_dead_one_is_reaped(march, clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        queued = services.start_build(march, user=clerk)
    with pytest.raises(ValidationError, match="already being built"):
        services.start_build(march, user=clerk)
    from datetime import timedelta

    from django.utils import timezone

    # the worker started, wrote part of the pack, and died
    Job.objects.filter(pk=queued.job_id).update(status=Job.Status.RUNNING,
                                                heartbeat=timezone.now() - timedelta(hours=1))
    services.folder_of(queued).mkdir(parents=True)
    (services.folder_of(queued) / ".pack.pdf.x.part").write_bytes(b"half")
    services.reap_stale_builds()
    queued.job.refresh_from_db()
    assert queued.job.status == Job.Status.FAILED and "stopped" in queued.job.error
    assert not services.folder_of(queued).exists()
    # a re-delivered message for the reaped build does nothing
    services.run_build_job(queued.job_id)
    assert not services.folder_of(queued).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.start_build(march, user=clerk)


def test_html_edition_and_chart_csv(db, media, clerk, run_on_commit):
    import performance.demo

    performance.demo.load(io.StringIO())
    meeting = make_meeting(live_kinds=LIVE_ALL[:1])
    b = build(meeting, clerk, run_on_commit)
    html = services.file_of(b, which="html").read_text()
    assert "<h1>" in html and '<h2 id="part-item-7">7. Working with Safelives' in html
    assert '<th scope="col">Jan-17</th>' in html and '<th scope="row">' in html and "<caption>" in html
    assert EXEMPT_SECRET not in html
    rows = list(csv.reader(io.StringIO(services.file_of(b, which="csv").read_text())))
    assert rows[0][0] == "chart"
