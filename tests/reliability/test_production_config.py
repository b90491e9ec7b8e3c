"""docker/compose.yml keeps queued jobs across a Redis restart and backs up daily."""

from pathlib import Path

import yaml

COMPOSE = yaml.safe_load((Path(__file__).resolve().parents[2] / "docker" / "compose.yml").read_text())


def test_redis_persists_the_queue_on_a_volume():
    redis = COMPOSE["services"]["redis"]
    assert "--appendonly yes" in redis["command"]
    assert any(v.endswith(":/data") for v in redis["volumes"])
    assert "redisdata" in COMPOSE["volumes"]


def test_a_backup_runs_daily_into_its_own_volume():
    service = COMPOSE["services"]["backup"]
    assert "manage.py backup" in service["command"] and "sleep 86400" in service["command"]
    assert any(v.startswith("backups:") for v in service["volumes"])
