"""Crawl the demo with the messy data set on top (``loaddemo --messy``) as anonymous and each role."""

import pytest

from committees.models import Committee, Meeting, Report
from finance.models import MonitoringPeriod
from performance import messy
from performance.models import Indicator, Observation
from riskregister.models import Register, Risk

from .common import test_each_page_template_passes_axe, test_every_page_answers_without_error_and_no_link_is_broken

MESSY = True

__all__ = ["test_each_page_template_passes_axe", "test_every_page_answers_without_error_and_no_link_is_broken"]


@pytest.mark.timeout(1200)
def test_the_messy_set_has_what_real_councils_have(site, db):
    site("anonymous")  # the module's data is loaded by the first crawl's fixture
    indicators = Indicator.objects.filter(ref__startswith=messy.PREFIX)
    assert indicators.count() == 500
    figures = Observation.objects.filter(indicator__in=indicators)
    assert figures.filter(no_data_expected=True).exists()
    assert figures.filter(value__lt=0).exists() and figures.filter(value__gt=10**8).exists()
    assert figures.filter(denominator__lte=3, numerator=0).exists()
    per_indicator = {i.ref: i.observations.count() for i in indicators.prefetch_related("observations")}
    assert min(per_indicator.values()) == 1 and max(per_indicator.values()) == 13
    assert indicators.filter(frequency="quarterly").exists() and indicators.filter(frequency="termly").exists()
    assert indicators.filter(active_from__isnull=False).exists() and indicators.filter(active_to__isnull=False).exists()
    assert indicators.filter(title__contains="Zoë O'Brien").exists()
    assert Register.objects.filter(risks__isnull=True).exists()
    assert Risk.objects.filter(reviews__isnull=True, date_of_last_review__isnull=True).exists()
    assert MonitoringPeriod.objects.filter(lines__isnull=True).exists()
    assert Committee.objects.filter(meetings__isnull=True).exists()
    assert Meeting.objects.filter(items__isnull=True).exists()
    assert Meeting.objects.filter(status=Meeting.Status.CANCELLED).exists()
    assert Report.objects.filter(live_sections__isnull=False, title__startswith="Messy").exists()
