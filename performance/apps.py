from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = "Performance"

    def ready(self):
        # This area's live sections for committee reports and packs (core.documents.sections).
        from performance import sections as performance_sections
        from performance.reportcards import sections as reportcards_sections
        performance_sections.register_sections()
        reportcards_sections.register_sections()
