"""Figures for the engine's tests, written as a council's monthly return reads."""

from datetime import date

from performance import calc
from performance.calc import Point

APR16 = date(2016, 4, 1)


def monthly(values, *, start=APR16, nums=None, dens=None):
    """A series from ``start``, a month apart: None is a month with no figure, "nde" one marked
    no data expected; ``nums`` and ``dens`` give each month's numerator and denominator."""
    out = {}
    for i, v in enumerate(values):
        p = calc.add_months(start, i)
        if v is None:
            continue
        if v == "nde":
            out[p] = Point(p, None, no_data_expected=True)
            continue
        out[p] = Point(p, v, nums[i] if nums else None, dens[i] if dens else None)
    return out
