from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core: people, roles, jobs"

    def ready(self):
        from . import permissions, registries, rules, tasks

        permissions.register(rules.PERMISSIONS)
        registries.register_periodic_task("reap-stale-jobs", tasks.reap_stale_jobs, schedule=300.0)
