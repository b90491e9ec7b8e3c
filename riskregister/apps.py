from django.apps import AppConfig


class RiskregisterConfig(AppConfig):
    name = "riskregister"
    verbose_name = "Risk register"
