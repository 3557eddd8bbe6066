"""`load_demo_content`: idempotent, and careful with the demo admin's password (DESIGN §7)."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from wagtail.models import Page, Revision, Site

from demo.content import DEMO_ADMIN_DEFAULT_PASSWORD, DEMO_ADMIN_USERNAME, DemoContentLoader
from events.models import EventPage
from home.models import HomePage

REFUSAL = (
    "Refusing to create the demo admin with the default password while DEBUG is off: "
    "set DEMO_ADMIN_PASSWORD."
)


def snapshot():
    """Everything loading could change: the row count of every model (many-to-many
    tables included), every page's identity, place, title, state and latest revision,
    and the number of revisions."""
    return {
        "counts": {
            model._meta.label: model._base_manager.count()
            for model in apps.get_models(include_auto_created=True)
        },
        "pages": list(
            Page.objects.order_by("path").values_list(
                "id", "path", "title", "live", "latest_revision_id"
            )
        ),
        "revisions": Revision.objects.count(),
    }


def load(**options):
    out = io.StringIO()
    call_command("load_demo_content", stdout=out, **options)
    return out.getvalue()


def test_loading_twice_changes_nothing_and_keeps_editors_changes(db, settings):
    settings.DEMO_ADMIN_PASSWORD = "a-demo-password"
    first_output = load()
    before = snapshot()

    second_output = load()
    after = snapshot()

    assert "Demo content loaded (" in first_output
    assert before["counts"]["home.HomePage"] >= 1
    assert before["counts"]["thematic_areas.ThematicAreaPage"] >= 22
    assert before["revisions"] >= len(before["pages"]) - 1  # every page but the root
    assert after == before
    assert "Demo content already present; nothing changed." in second_output
    # The vocabularies in both languages and the catalogue's items are part of it.
    assert before["counts"]["taxonomies.FieldOfWork"] == 2 * 23
    assert before["counts"]["events.EventType"] == 2 * 11
    assert before["counts"]["news.NewsPage"] >= 12
    assert before["counts"]["resources.ResourceDocument"] >= 12
    undated = "Not loaded (the catalogue gives no date): Training Programmes to Counter Hate Crime"
    assert undated in first_output and undated in second_output

    # Loading again (one more quick run) also leaves an editor's changes alone.
    about = Page.objects.get(slug="about-us", locale__language_code="en").specific
    about.title = "Who we are"
    about.save_revision().publish()
    load()
    assert Page.objects.get(pk=about.pk).title == "Who we are"
    assert Page.objects.filter(slug="about-us", locale__language_code="en").count() == 1


@pytest.mark.parametrize("password", [None, ""])
def test_refuses_to_create_the_demo_admin_without_a_password_when_debug_is_off(
    db, settings, password
):
    settings.DEBUG = False
    settings.DEMO_ADMIN_PASSWORD = password

    with pytest.raises(CommandError) as error:
        load()

    assert str(error.value) == REFUSAL
    assert get_user_model().objects.count() == 0
    assert HomePage.objects.count() == 0


def test_with_debug_on_the_demo_admin_gets_the_documented_default_password(db, settings):
    settings.DEBUG = True
    settings.DEMO_ADMIN_PASSWORD = None

    DemoContentLoader().ensure_admin()

    admin = get_user_model().objects.get(username=DEMO_ADMIN_USERNAME)
    assert DEMO_ADMIN_DEFAULT_PASSWORD == "changeme"  # as the README's table of logins says
    assert admin.check_password("changeme")
    assert admin.is_superuser


def test_an_existing_admin_is_left_alone(db, settings, django_user_model):
    settings.DEBUG = False
    settings.DEMO_ADMIN_PASSWORD = None
    django_user_model.objects.create_user(username=DEMO_ADMIN_USERNAME, password="own-password")

    DemoContentLoader().ensure_admin()

    admin = django_user_model.objects.get(username=DEMO_ADMIN_USERNAME)
    assert admin.check_password("own-password")
    assert django_user_model.objects.count() == 1


def test_the_demo_site_follows_the_address_it_is_served_at(demo_site, settings):
    """``make run PORT=8001``: the API's absolute URLs name the port the demo answers on.

    It starts from the demo as the loader leaves it (``demo_site``, a copy of a load
    at the default address); the loader itself runs again with the new address."""
    settings.DEMO_ADMIN_PASSWORD = "a-demo-password"
    assert Site.objects.get(is_default_site=True).port == 8000

    load(address="127.0.0.1:8001")

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8001)
    event = EventPage.objects.live().first()
    detail = Client(HTTP_HOST="127.0.0.1:8001").get(f"/api/v2/pages/{event.pk}/").json()
    assert detail["meta"]["html_url"].startswith("http://127.0.0.1:8001/en/events/")


@pytest.mark.parametrize("address", ["8001", "127.0.0.1:", "127.0.0.1:port", "127.0.0.1:70000"])
def test_an_address_that_is_not_host_and_port_is_refused(db, address):
    with pytest.raises(CommandError, match="--address must be host:port"):
        load(address=address)
