from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = "Finance"

    def ready(self):
        # This area's live sections for committee reports and packs (core.documents.sections).
        from finance import sections as finance_sections
        finance_sections.register_sections()
