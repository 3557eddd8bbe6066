"""Fixtures of the feed tests: a clean cache, so no test sees another's cached URLs."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()
