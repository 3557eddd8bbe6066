"""Fixtures of the API tests: uploaded files in a temporary media folder, a clean cache."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Images, renditions and documents go to a temporary folder, not the project's media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def clean_cache():
    """Wagtail caches renditions in the default cache; no test sees another's."""
    cache.clear()
    yield
    cache.clear()
