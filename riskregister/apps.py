from django.apps import AppConfig


class RiskregisterConfig(AppConfig):
    name = "riskregister"
    verbose_name = "Risk register"

    def ready(self):
        # The rules live in core.permissions and are registered when it is imported; nothing
        # else guarantees that import before a service's first has_perm (worker, shell, tests).
        from core import permissions  # noqa: F401
