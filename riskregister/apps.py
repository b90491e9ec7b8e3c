from django.apps import AppConfig


class RiskregisterConfig(AppConfig):
    name = "riskregister"
    verbose_name = "Risk register"

    def ready(self):
        from celery.schedules import crontab

        from core import permissions, registries

        from . import attention, demo, messy, rules, tasks

        permissions.register(rules.PERMISSIONS)
        registries.register_area(
            "Risks",
            title="Risk register",
            url_name="riskregister:index",
            path="/risks/",
            summary="Risks, reviews and the heat map.",
            app_labels=["riskregister"],
        )
        # The page's import and the API's (POST /api/v1/registers/{id}/import/).
        registries.register_upload_view("riskregister:import", "register-import")
        registries.register_attention(attention.items_for)
        registries.register_demo("riskregister", demo.load)
        registries.register_demo("riskregister (messy)", messy.load, messy=True)
        registries.register_periodic_task(
            "risk-review-reminders", tasks.send_review_reminders, schedule=crontab(hour=7, minute=0)
        )
        # This area's live sections for committee reports and packs (core.documents.sections).
        from . import sections

        sections.register_sections()
