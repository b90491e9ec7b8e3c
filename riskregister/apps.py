from django.apps import AppConfig


class RiskregisterConfig(AppConfig):
    name = "riskregister"
    verbose_name = "Risk register"

    def ready(self):
        # This area's live sections for committee reports and packs (core.documents.sections).
        from riskregister import sections as riskregister_sections
        riskregister_sections.register_sections()
