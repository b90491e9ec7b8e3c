"""Hypothesis for the pure calculations: a fixed seed and a bounded number of examples, so
CI is repeatable and quick. ``HYPOTHESIS_PROFILE=thorough`` explores more when run by hand."""

import os

from hypothesis import HealthCheck, Phase, settings

settings.register_profile(
    "ci", derandomize=True, max_examples=60, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", max_examples=2000, deadline=None)
# make mutation runs the properties once per mutant: fewer examples, still the same ones each
# run, and no shrinking (a mutant is killed by the first failing example; shrinking it to the
# smallest one took most of the run's time).
settings.register_profile(
    "mutation", parent=settings.get_profile("ci"), max_examples=25,
    phases=[Phase.explicit, Phase.reuse, Phase.generate], report_multiple_bugs=False,
)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
