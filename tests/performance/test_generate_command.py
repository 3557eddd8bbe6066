"""``manage.py generate_large_site``: options, output, and a database without the demo."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from events.models import EventPage
from news.models import NewsPage


def test_the_command_adds_events_and_news_with_translations(demo_site):
    before = EventPage.objects.count(), NewsPage.objects.count()
    out = io.StringIO()
    call_command("generate_large_site", events=3, news=2, seed=1, no_progress=True, stdout=out)
    assert "Created 3 events and 2 news items (10 pages with translations)" in out.getvalue()
    assert EventPage.objects.count() == before[0] + 6
    assert NewsPage.objects.count() == before[1] + 4


def test_the_same_seed_gives_the_same_titles(demo_site):
    call_command(
        "generate_large_site", events=4, news=0, seed=5, no_progress=True, stdout=io.StringIO()
    )
    first = list(EventPage.objects.order_by("-pk").values_list("title", flat=True)[:8])
    call_command(
        "generate_large_site", events=4, news=0, seed=5, no_progress=True, stdout=io.StringIO()
    )
    second = list(EventPage.objects.order_by("-pk").values_list("title", flat=True)[:8])
    assert first == second
    # Same titles, so the slugs of the second run are made unique within their parent.
    slugs = EventPage.objects.filter(locale__language_code="en").values_list("slug", flat=True)
    assert len(slugs) == len(set(slugs))


def test_the_command_refuses_a_database_without_the_demo_content(db):
    with pytest.raises(CommandError, match="load_demo_content"):
        call_command("generate_large_site", events=1, news=1, no_progress=True)
