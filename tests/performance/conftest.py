"""Fixtures of the performance tests: the demo site grown with the bulk generator."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from wagtail.models import Site

from demo.large_site import LargeSiteGenerator


def generate(events, news, seed=0, **options):
    """Adds ``events`` and ``news`` generated items (with translations) to the database."""
    created = LargeSiteGenerator(events=events, news=news, seed=seed, **options).generate()
    cache.clear()
    return created


@pytest.fixture(scope="module")
def _module_demo(_demo_snapshot, django_db_blocker, media_dir):
    """The demo content for one module, rolled back after its last test.

    Module fixtures that use it run inside the module's transaction (with
    ``django_db_blocker.unblock()``), so they can grow the site step by step.
    """
    # The media folder stays set for the module's fixtures too: they render images.
    with override_settings(MEDIA_ROOT=media_dir), django_db_blocker.unblock(), transaction.atomic():
        _demo_snapshot.restore()
        yield Site.objects.get(is_default_site=True)
        transaction.set_rollback(True)
    cache.clear()
