from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = "Performance"

    def ready(self):
        from celery.schedules import crontab

        from core import permissions, registries

        from . import attention, demo, rules
        from .reportcards import attention as card_attention
        from .reportcards import demo as card_demo
        from .reportcards import rules as card_rules
        from .reportcards import tasks as card_tasks

        permissions.register(rules.PERMISSIONS)
        permissions.register(card_rules.PERMISSIONS)
        registries.register_attention(attention.items_for)
        registries.register_attention(card_attention.items_for)
        registries.register_demo("performance", demo.load)
        # Report cards need the indicators and their officers.
        registries.register_demo("reportcards", card_demo.load, after=["performance"])
        # Each run sends only what is due and not yet sent.
        registries.register_periodic_task(
            "reportcards-commentary-reminders",
            card_tasks.send_commentary_reminders,
            schedule=crontab(minute=0, hour="7-17", day_of_week="mon-fri"),
        )
