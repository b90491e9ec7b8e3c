import io

import pytest

from performance import demo


@pytest.fixture
def seeded(db):
    """The seed reports' indicators and figures, loaded through the import path."""
    demo.load(io.StringIO())
