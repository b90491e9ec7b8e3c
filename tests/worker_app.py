"""The Celery app the test worker process runs (``celery -A tests.worker_app worker``): the
product's own app, plus, when the test sets ``TEST_PACK_BUILD_DELAY`` (seconds), a pack build
that reports every whole percent and pauses at each, so a test can watch the progress bar move
or stop the worker mid-build. Production code carries no such hook."""

import os
import time

from celery.signals import worker_process_init

from config.celery import app

__all__ = ["app"]


@worker_process_init.connect
def _slow_pack_builds(**kwargs):
    delay = float(os.environ.get("TEST_PACK_BUILD_DELAY") or 0)
    if not delay:
        return
    from committees.packs import services

    def every_percent_slowly(report):
        last = {"pct": -1}

        def tell(pct, stage):
            if int(pct) != last["pct"]:
                last["pct"] = int(pct)
                report(int(pct), stage)
                time.sleep(delay)

        return tell

    services._throttled = every_percent_slowly
