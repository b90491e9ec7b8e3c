from django.db import migrations

from finance import reference


def add(apps, schema_editor):
    reference.install(
        apps.get_model("finance", "BudgetArea"),
        apps.get_model("finance", "BudgetBlock"),
        apps.get_model("finance", "BudgetCategory"),
    )


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
