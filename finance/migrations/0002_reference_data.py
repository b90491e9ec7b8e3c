"""The budget areas, DSG blocks and categories the seed's tables use."""

from django.db import migrations

AREAS = [
    ("la-revenue", "Local authority revenue budget", "revenue", False, 1),
    ("schools", "Schools budget (Dedicated Schools Grant)", "schools", True, 2),
    ("capital", "Capital budget", "capital", False, 3),
]
BLOCKS = ["Schools Block", "High Needs Block", "Early Years Block"]
CATEGORIES = [
    ("Spending increases", "Spending increase", 1, False),
    ("Spending reductions", "Spending reduction|Spending decreases|Spending decrease", 2, False),
    ("One-off corrective actions", "One-off corrective action", 3, True),
]


def add(apps, schema_editor):
    Area = apps.get_model("finance", "BudgetArea")
    Block = apps.get_model("finance", "BudgetBlock")
    Category = apps.get_model("finance", "BudgetCategory")
    for slug, name, kind, ring_fenced, order in AREAS:
        Area.objects.get_or_create(slug=slug, defaults={"name": name, "kind": kind, "ring_fenced": ring_fenced,
                                                        "order": order})
    schools = Area.objects.get(slug="schools")
    for name in BLOCKS:
        Block.objects.get_or_create(area=schools, name=name)
    for name, aliases, order, unheaded in CATEGORIES:
        Category.objects.get_or_create(name=name, defaults={"aliases": aliases, "order": order,
                                                            "for_unheaded_lines": unheaded})


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
