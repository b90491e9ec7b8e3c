from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core: people, roles, jobs"

    def ready(self):
        # rules only autodiscovers modules named rules.py; ours is core/permissions.py,
        # and every process (web, worker, shell, tests) must have it loaded before any has_perm.
        from . import permissions  # noqa: F401
