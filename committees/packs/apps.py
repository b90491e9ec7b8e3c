from django.apps import AppConfig


class PacksConfig(AppConfig):
    """Agenda packs are their own Django app for loading (models, tasks), but their models keep
    ``app_label = "committees"``: tables, migrations and permission names stay the committees app's."""

    name = "committees.packs"
    label = "packs"
    verbose_name = "Agenda packs"

    def ready(self):
        from core import registries

        from . import tasks

        # As often as core's reap-stale-jobs, so a meeting whose build's worker died may build again within a minute.
        registries.register_periodic_task("reap-stale-pack-builds", tasks.reap_stale_builds, schedule=15.0)
