from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = "Finance"

    def ready(self):
        from core import permissions, registries

        from . import attention, demo, messy, rules

        permissions.register(rules.PERMISSIONS)
        registries.register_area(
            "Finance",
            url_name="finance:index",
            path="/finance/",
            summary="Budget monitoring, reserves and school balances.",
            app_labels=["finance"],
        )
        registries.register_upload_view("finance:period_import")
        registries.register_attention(attention.items_for)
        registries.register_demo("finance", demo.load)
        registries.register_demo("finance (messy)", messy.load, messy=True)
        # This area's live sections for committee reports and packs (core.documents.sections).
        from . import sections

        sections.register_sections()
