import pytest
from django.utils import translation


@pytest.fixture
def english():
    """Run with English active (messages are asserted word for word)."""
    with translation.override("en"):
        yield
