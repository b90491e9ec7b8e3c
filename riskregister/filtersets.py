"""Filters shared by the register page and the API: register, owner, area, band, overdue."""

import django_filters

from core.models import Person

from . import selectors
from .models import MitigatingAction, Register, Risk, RiskReview


class RiskFilterSet(django_filters.FilterSet):
    register = django_filters.ModelChoiceFilter(queryset=Register.objects.all())
    owner = django_filters.ModelChoiceFilter(queryset=Person.objects.filter(risks_owned__isnull=False).distinct())
    area = django_filters.CharFilter(field_name="area", lookup_expr="iexact")
    band = django_filters.CharFilter(method="filter_band", label="Score band")
    target_band = django_filters.CharFilter(method="filter_target_band", label="Target score band")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="Review overdue")
    current_likelihood = django_filters.NumberFilter()
    current_impact = django_filters.NumberFilter()
    target_likelihood = django_filters.NumberFilter()
    target_impact = django_filters.NumberFilter()

    class Meta:
        model = Risk
        fields = ["register", "owner", "area", "band", "overdue", "level", "direction_of_travel", "prospects"]

    def filter_band(self, queryset, name, value):
        return queryset.filter(selectors.band_cells_q(value, "current")) if value else queryset

    def filter_target_band(self, queryset, name, value):
        return queryset.filter(selectors.band_cells_q(value, "target")) if value else queryset

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        q = selectors.overdue_q()
        return queryset.filter(q) if value else queryset.exclude(q)


class ReviewFilterSet(django_filters.FilterSet):
    register = django_filters.ModelChoiceFilter(field_name="risk__register", queryset=Register.objects.all())

    class Meta:
        model = RiskReview
        fields = ["risk", "register"]


class ActionFilterSet(django_filters.FilterSet):
    register = django_filters.ModelChoiceFilter(field_name="risk__register", queryset=Register.objects.all())
    owner = django_filters.ModelChoiceFilter(queryset=Person.objects.all())
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="Overdue")

    class Meta:
        model = MitigatingAction
        fields = ["risk", "register", "owner", "status", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = selectors.overdue_actions()
        return queryset.filter(pk__in=overdue.values("pk")) if value else queryset.exclude(pk__in=overdue.values("pk"))


class RiskPageFilterSet(RiskFilterSet):
    """The register page's filter form: choices for band and area instead of free text."""

    def __init__(self, *args, register=None, **kwargs):
        super().__init__(*args, **kwargs)
        band_choices = [(b.name, b.name) for b in selectors.bands()]
        self.filters["band"] = django_filters.ChoiceFilter(
            choices=band_choices, method="filter_band", label="Score band", empty_label="Any band"
        )
        self.filters["band"].parent = self
        areas = Risk.objects.filter(register=register) if register else Risk.objects.all()
        self.filters["area"] = django_filters.ChoiceFilter(
            field_name="area",
            choices=[(a, a) for a in areas.order_by("area").values_list("area", flat=True).distinct() if a],
            empty_label="Any area",
        )
        self.filters["area"].parent = self
        owners = Person.objects.filter(risks_owned__register=register) if register else Person.objects.all()
        self.filters["owner"].queryset = owners.distinct()
        self.filters["owner"].extra["empty_label"] = "Any owner"
        self.filters["overdue"] = django_filters.ChoiceFilter(
            choices=[("true", "Review overdue"), ("false", "Not overdue")],
            method="filter_overdue_choice",
            label="Review",
            empty_label="Any",
        )
        self.filters["overdue"].parent = self

    def filter_overdue_choice(self, queryset, name, value):
        return self.filter_overdue(queryset, name, {"true": True, "false": False}.get(value))
