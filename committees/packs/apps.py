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

        registries.register_periodic_task("reap-stale-pack-builds", tasks.reap_stale_builds, schedule=300.0)
