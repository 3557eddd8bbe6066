"""Fixtures of the performance tests: the demo site grown with the bulk generator."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from wagtail.models import Site

from home.large_site import LargeSiteGenerator
from tests.conftest import DEMO_ADMIN_PASSWORD


def generate(events, news, seed=0, **options):
    """Adds ``events`` and ``news`` generated items (with translations) to the database."""
    created = LargeSiteGenerator(events=events, news=news, seed=seed, **options).generate()
    cache.clear()
    return created


@pytest.fixture(scope="module")
def _module_demo(django_db_setup, django_db_blocker, media_dir):
    """The demo content for one module, rolled back after its last test.

    Yields a function that runs a block with the database open, inside the module's
    transaction, so module fixtures can grow the site step by step.
    """
    from home.demo_content import DemoContentLoader

    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEMO_ADMIN_PASSWORD=DEMO_ADMIN_PASSWORD, MEDIA_ROOT=media_dir):
            DemoContentLoader().load()
        yield Site.objects.get(is_default_site=True)
        transaction.set_rollback(True)
    cache.clear()
