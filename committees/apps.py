from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = "Committees"

    def ready(self):
        # The permission rules live in core/permissions.py, which rules' autodiscovery (rules.py)
        # does not find: without this import, has_perm is False outside a request (tasks, shell, tests).
        import core.permissions  # noqa: F401
