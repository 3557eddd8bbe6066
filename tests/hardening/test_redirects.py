"""Moved pages: redirects editors make, and those Wagtail makes when a page moves or is renamed."""

import pytest
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from tests import factories
from tests.helpers import publish


@pytest.fixture
def about(site_tree):
    about = publish(site_tree.about)
    team = publish(factories.StandardPageFactory(parent=about, title="Team", slug="team"))
    return about, team


def assert_redirects(client, old, new, status=301):
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (status, new)
    assert client.get(new).status_code == 200


@pytest.mark.parametrize("old_path", ["/who-we-are/", "/en/who-we-are/"])
def test_a_redirect_made_in_the_admin_leads_to_the_page(about, admin_client, client, old_path):
    response = admin_client.post(
        reverse("wagtailredirects:add"),
        {
            "old_path": old_path,
            "site": Site.objects.get().pk,
            "is_permanent": "on",
            "redirect_page": about[0].pk,
            "redirect_link": "",
        },
    )
    assert response.status_code == 302
    assert Redirect.objects.filter(old_path=old_path.rstrip("/")).exists()
    assert_redirects(client, old_path, "/en/about-us/")
    assert_redirects(client, old_path.rstrip("/"), "/en/about-us/")  # with or without slash


def test_a_temporary_redirect_to_another_site_is_a_302(site_tree, client):
    Redirect.objects.create(
        old_path="/campaign", redirect_link="https://example.org/campaign", is_permanent=False
    )
    response = client.get("/campaign/")
    assert (response.status_code, response["Location"]) == (302, "https://example.org/campaign")


def test_renaming_a_published_page_keeps_its_old_url_working(
    about, client, settings, django_capture_on_commit_callbacks
):
    assert getattr(settings, "WAGTAILREDIRECTS_AUTO_CREATE", True)
    page, team = about
    page.slug = "who-we-are"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail signals it on commit
        publish(page)
    assert client.get("/en/who-we-are/").status_code == 200
    assert_redirects(client, "/en/about-us/", "/en/who-we-are/")
    assert_redirects(client, "/en/about-us/team/", "/en/who-we-are/team/")  # its subpages too


def test_moving_a_published_page_keeps_its_old_url_working(about, site_tree, admin_client, client):
    page, team = about
    response = admin_client.post(
        reverse("wagtailadmin_pages:move_confirm", args=[team.pk, site_tree.home.pk])
    )
    assert response.status_code == 302
    assert client.get("/en/team/").status_code == 200
    assert_redirects(client, "/en/about-us/team/", "/en/team/")


def test_a_redirect_never_hides_a_live_page(about, client):
    """A redirect only answers for URLs that are 404s: the page at that URL wins."""
    Redirect.objects.create(old_path="/en/about-us", redirect_link="https://example.org/")
    assert client.get("/en/about-us/").status_code == 200
