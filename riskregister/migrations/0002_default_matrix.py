from django.db import migrations

# A copy of scoring.DEFAULT_BANDS at the time of writing: migrations must not follow code changes.
BANDS = (("Low", "#00703c", 1, 5), ("Medium", "#f47738", 6, 14), ("High", "#d4351c", 15, 25))


def create(apps, schema_editor):
    RiskBand = apps.get_model("riskregister", "RiskBand")
    MatrixCell = apps.get_model("riskregister", "MatrixCell")
    if MatrixCell.objects.exists():
        return
    bands = {}
    for rank, (name, colour, _low, _high) in enumerate(BANDS):
        bands[name], _ = RiskBand.objects.get_or_create(name=name, defaults={"colour": colour, "rank": rank})
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            score = likelihood * impact
            name = next(n for n, _c, low, high in BANDS if low <= score <= high)
            MatrixCell.objects.create(likelihood=likelihood, impact=impact, band=bands[name])


class Migration(migrations.Migration):
    dependencies = [("riskregister", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
