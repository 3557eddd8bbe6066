"""Fixtures of the performance tests: the demo site grown with the bulk generator."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from wagtail.models import Site

from demo.large_site import LargeSiteGenerator
from tests.conftest import DEMO_ADMIN_PASSWORD


def generate(events, news, seed=0, **options):
    """Adds ``events`` and ``news`` generated items (with translations) to the database."""
    created = LargeSiteGenerator(events=events, news=news, seed=seed, **options).generate()
    cache.clear()
    return created


@pytest.fixture(scope="module")
def _module_demo(django_db_setup, django_db_blocker, media_dir):
    """The demo content for one module, rolled back after its last test.

    Module fixtures that use it run inside the module's transaction (with
    ``django_db_blocker.unblock()``), so they can grow the site step by step.
    """
    from demo.content import DemoContentLoader

    # The media folder stays set for the module's fixtures too: they render images.
    settings = override_settings(DEMO_ADMIN_PASSWORD=DEMO_ADMIN_PASSWORD, MEDIA_ROOT=media_dir)
    with settings, django_db_blocker.unblock(), transaction.atomic():
        DemoContentLoader().load()
        yield Site.objects.get(is_default_site=True)
        transaction.set_rollback(True)
    cache.clear()
