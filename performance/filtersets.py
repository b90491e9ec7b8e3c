import django_filters
from django import forms
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from . import calc
from .models import Aggregation, Frequency, Indicator, Observation, Polarity, Unit


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A database id: a whole number in the integer range (a huge number is a 400, not a 500)."""

    field_class = forms.IntegerField


class IndicatorFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    ref = django_filters.CharFilter()
    area = django_filters.CharFilter()
    vital_sign = django_filters.BooleanFilter()
    owner = IdFilter(
        method="by_owner", label="Owner (person id: data owner or lead officer)", min_value=1, max_value=2**31 - 1
    )
    polarity = django_filters.ChoiceFilter(choices=Polarity.choices)
    unit = django_filters.ChoiceFilter(choices=Unit.choices)
    frequency = django_filters.ChoiceFilter(choices=Frequency.choices)
    aggregation = django_filters.ChoiceFilter(choices=Aggregation.choices)

    class Meta:
        model = Indicator
        fields = ["q", "ref", "area", "vital_sign", "owner"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(ref__icontains=value) | Q(title__icontains=value) | Q(definition__icontains=value))

    def by_owner(self, queryset, name, value):
        return queryset.filter(Q(data_owner_id=value) | Q(lead_officer_id=value))


class PeriodFormField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        try:
            return calc.parse_period(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


@extend_schema_field({"type": "string", "pattern": calc.PERIOD_PATTERN, "example": "2017-01"})
class PeriodFilter(django_filters.Filter):
    """A month written YYYY-MM."""

    field_class = PeriodFormField

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(**{f"period__{self.lookup_expr}": value})


class ObservationFilterSet(django_filters.FilterSet):
    indicator = django_filters.CharFilter(field_name="indicator__ref", label="Indicator ref")
    period_from = PeriodFilter(lookup_expr="gte", label="From period (YYYY-MM)")
    period_to = PeriodFilter(lookup_expr="lte", label="To period (YYYY-MM)")
    breakdown_dimension = django_filters.CharFilter()
    breakdown_member = django_filters.CharFilter()

    class Meta:
        model = Observation
        fields = ["indicator", "period_from", "period_to", "breakdown_dimension", "breakdown_member"]
