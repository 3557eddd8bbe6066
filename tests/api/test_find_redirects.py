"""``find`` follows the site's redirects, and matches a path with or without its trailing slash.

Page URLs end with a slash; Wagtail stores redirect paths without one, and its
redirects endpoint compared the path as given, so ``/en/old/`` never matched. A client
holding the URL of a page that moved (or that an editor redirected) finds the page
through ``pages/find`` as a visitor's browser finds it through the site.
"""

import pytest
from django.test import Client
from wagtail.contrib.redirects.models import Redirect

from tests import factories
from tests.helpers import publish


@pytest.fixture
def event(site_tree):
    return publish(factories.EventPageFactory(parent=site_tree.events, slug="joint-training"))


def redirect_to(page=None, *, old_path="/en/old-training/", link="", site=None):
    return Redirect.objects.create(
        old_path=Redirect.normalise_path(old_path),
        redirect_page=page,
        redirect_link=link,
        site=site,
    )


def find(endpoint, html_path):
    return Client().get(f"/api/v2/{endpoint}/find/", {"html_path": html_path})


@pytest.mark.parametrize(
    "html_path", ["/en/old-training/", "/en/old-training", "/en/old-training/?utm_source=x"]
)
def test_redirects_find_matches_with_or_without_the_trailing_slash(event, html_path):
    redirect = redirect_to(event)

    response = find("redirects", html_path)

    assert response.status_code == 302
    assert response["Location"].startswith(f"http://localhost/api/v2/redirects/{redirect.pk}/")
    detail = Client().get(response["Location"]).json()
    assert detail["location"] == "/en/events/joint-training/"


def test_redirects_find_prefers_the_sites_own_redirect(site_tree, event):
    other = publish(factories.EventPageFactory(parent=site_tree.events, slug="other"))
    redirect_to(other)
    own = redirect_to(event, site=site_tree.home.get_site())

    response = find("redirects", "/en/old-training/")

    assert response["Location"].startswith(f"http://localhost/api/v2/redirects/{own.pk}/")


def test_redirects_find_of_an_unknown_path_is_404(event):
    redirect_to(event)

    response = find("redirects", "/en/never-was/")

    assert response.status_code == 404
    assert response.json() == {"message": "not found"}


@pytest.mark.parametrize("endpoint", ["pages", "events"])
@pytest.mark.parametrize("html_path", ["/en/old-training/", "/en/old-training"])
def test_pages_find_follows_a_redirect_to_the_page(event, endpoint, html_path):
    redirect_to(event)

    response = find(endpoint, html_path)

    assert response.status_code == 302
    assert response["Location"] == f"http://localhost/api/v2/pages/{event.pk}/?"


def test_pages_find_follows_a_page_that_changed_its_slug(event, django_capture_on_commit_callbacks):
    """Wagtail makes the redirect when a published page's slug changes (on commit); find follows it."""
    event.slug = "joint-training-2025"
    with django_capture_on_commit_callbacks(execute=True):
        publish(event)

    assert find("pages", "/en/events/joint-training-2025/")["Location"].endswith(
        f"/api/v2/pages/{event.pk}/?"
    )
    response = find("pages", "/en/events/joint-training/")
    assert response.status_code == 302
    assert response["Location"] == f"http://localhost/api/v2/pages/{event.pk}/?"


def test_pages_find_does_not_follow_a_redirect_to_a_page_visitors_cannot_see(site_tree):
    draft = factories.EventPageFactory(parent=site_tree.events, slug="draft", live=False)
    redirect_to(draft)

    assert find("pages", "/en/old-training/").status_code == 404


def test_pages_find_of_a_redirect_to_another_site_is_404(event):
    redirect_to(link="https://example.org/elsewhere/")

    response = find("pages", "/en/old-training/")

    assert response.status_code == 404
    assert response.json() == {"message": "not found"}


def test_the_events_endpoint_finds_only_events(site_tree):
    redirect_to(site_tree.about)

    assert find("events", "/en/old-training/").status_code == 404
    assert find("pages", "/en/old-training/").status_code == 302


def test_a_page_at_the_path_wins_over_a_redirect(site_tree, event):
    other = publish(factories.EventPageFactory(parent=site_tree.events, slug="other"))
    redirect_to(other, old_path="/en/events/joint-training/")

    response = find("pages", "/en/events/joint-training/")

    assert response["Location"] == f"http://localhost/api/v2/pages/{event.pk}/?"
