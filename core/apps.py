from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core: people, roles, jobs"

    def ready(self):
        from . import permissions, registries, rules, tasks

        permissions.register(rules.PERMISSIONS)
        # Every 15 s: with heartbeats every 10 s and 45 s of silence meaning dead (core.jobs), a
        # dead worker's job is failed within a minute.
        registries.register_periodic_task("reap-stale-jobs", tasks.reap_stale_jobs, schedule=15.0)
        registries.register_periodic_task("purge-staged-uploads", tasks.purge_staged_uploads, schedule=3600.0)
        from . import protection

        protection.connect_set_null_history()
