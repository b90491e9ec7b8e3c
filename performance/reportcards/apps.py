from django.apps import AppConfig


class ReportCardsConfig(AppConfig):
    """Report cards are their own Django app for loading (models, admin, tasks, rules), but their
    models keep ``app_label = "performance"``: the tables, migrations and permission names
    (``performance.*_reportcard``) are the performance app's, as they always were."""

    name = "performance.reportcards"
    label = "reportcards"
    verbose_name = "Report cards"

    def ready(self):
        from celery.schedules import crontab

        from core import permissions, registries

        from . import attention, demo, rules, sections, tasks

        permissions.register(rules.PERMISSIONS)
        registries.register_attention(attention.items_for)
        sections.register_sections()
        # Cards need the indicators and their officers.
        registries.register_demo("reportcards", demo.load, after=["performance"])
        # Each run sends only what is due and not yet sent.
        registries.register_periodic_task(
            "reportcards-commentary-reminders",
            tasks.send_commentary_reminders,
            schedule=crontab(minute=0, hour="7-17", day_of_week="mon-fri"),
        )
