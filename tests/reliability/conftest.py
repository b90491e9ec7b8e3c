from tests.packs.conftest import march, media, run_on_commit  # noqa: F401
