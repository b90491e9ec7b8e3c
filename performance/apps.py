from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = "Performance"

    def ready(self):
        from core import permissions, registries

        from . import attention, demo, messy, rules

        permissions.register(rules.PERMISSIONS)
        # Report cards' models keep app_label "performance": their history sits here too.
        registries.register_area(
            "Performance",
            url_name="performance:index",
            path="/performance/",
            summary="Vital signs, MI report, data entry and report cards.",
            app_labels=["performance"],
        )
        registries.register_upload_view("performance:import")
        registries.register_attention(attention.items_for)
        registries.register_demo("performance", demo.load)
        registries.register_demo("performance (messy)", messy.load, messy=True)
        # This area's live sections for committee reports and packs (core.documents.sections).
        from . import sections

        sections.register_sections()
