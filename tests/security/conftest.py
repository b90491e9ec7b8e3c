# The areas' fixtures these cross-area tests build on.
from tests.committees.conftest import committee, published_meeting  # noqa: F401
from tests.packs.conftest import march, media, run_on_commit  # noqa: F401
