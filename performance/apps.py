from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = "Performance"

    def ready(self):
        from core import permissions, registries

        from . import attention, demo, messy, rules

        permissions.register(rules.PERMISSIONS)
        registries.register_attention(attention.items_for)
        registries.register_demo("performance", demo.load)
        registries.register_demo("performance (messy)", messy.load, messy=True)
        # This area's live sections for committee reports and packs (core.documents.sections).
        from . import sections

        sections.register_sections()
