"""Two people editing one page: Wagtail warns the second, and a lock keeps others out.

Wagtail 8 does this out of the box, and nothing in the settings turns it off: the
editor pings an "editing session" (``WAGTAIL_EDITING_SESSION_PING_INTERVAL``, ten
seconds by default), which names the other people in the page and any newer version
one of them saved; the editor then shows a warning and asks before overwriting it, and
an autosave of a stale version is refused. A locked page (Moderators hold
``lock_page``) cannot be saved by anyone but the person who locked it.
"""

import json

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import reverse

from tests import factories
from tests.helpers import event_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(site_tree):
    return factories.EventPageFactory(
        parent=site_tree.events, title="Roundtable", slug="roundtable"
    )


@pytest.fixture
def first(make_user):
    return make_user("first", "Moderators")


@pytest.fixture
def second(make_user):
    return make_user("second", "Editors")


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def open_editor(client, page):
    """GET the editor: the form's hidden fields (the version it was loaded from) and the
    editing-session module."""
    response = client.get(edit_url(page))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    hidden = {
        tag["name"]: tag.get("value", "")
        for tag in soup.select("form[data-edit-form] input[type=hidden]")
        if tag.get("name")
    }
    session = soup.select_one("form.w-editing-sessions[data-controller~='w-session']")
    return hidden, session


def save(client, page, loaded, json_response=False, **fields):
    data = event_form_data(
        title=fields.pop("title"),
        slug=page.slug,
        event_type=page.event_type_id,
        start_date=page.start_date.isoformat(),
        **fields,
    )
    data.update(
        {
            "loaded_revision_id": loaded.get("loaded_revision_id", ""),
            "loaded_revision_created_at": loaded.get("loaded_revision_created_at", ""),
        }
    )
    headers = {"HTTP_ACCEPT": "application/json"} if json_response else {}
    return client.post(edit_url(page), data, **headers)


def test_concurrent_editing_is_on():
    assert getattr(settings, "WAGTAIL_EDITING_SESSION_PING_INTERVAL", 10_000) > 0
    assert getattr(settings, "WAGTAIL_AUTOSAVE_INTERVAL", 500) > 0
    assert getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True)


def test_second_editor_is_told_of_the_newer_version(event, first, second, client_for):
    event.save_revision(user=first)
    first_client, second_client = client_for(first), client_for(second)
    open_editor(first_client, event)
    loaded, session = open_editor(second_client, event)
    assert session is not None
    assert int(session["data-w-session-interval-value"]) > 0

    # The first editor saves a new version while the second still has the old one open.
    response = save(first_client, event, open_editor(first_client, event)[0], title="Roundtable v2")
    assert response.status_code == 302
    event.refresh_from_db()
    newest = event.get_latest_revision()
    assert str(newest.pk) != loaded["loaded_revision_id"]

    # The second editor's next ping names the first and the version they saved.
    ping = second_client.post(
        session["data-w-swap-src-value"],
        {"revision_id": loaded["loaded_revision_id"], "is_editing": "1"},
    )
    assert ping.status_code == 200
    others = json.loads(ping.content)["other_sessions"]
    assert [(other["user"], other["revision_id"]) for other in others] == [
        (first.get_full_name() or first.get_username(), newest.pk)
    ]
    assert "saved a new version" in json.loads(ping.content)["html"]


def test_stale_autosave_is_refused(event, first, second, client_for):
    event.save_revision(user=first)
    first_client, second_client = client_for(first), client_for(second)
    loaded, _ = open_editor(second_client, event)
    save(first_client, event, open_editor(first_client, event)[0], title="Roundtable v2")

    response = save(second_client, event, loaded, json_response=True, title="Roundtable, stale")
    assert response.status_code == 400
    assert json.loads(response.content)["error_code"] == "invalid_revision"
    event.refresh_from_db()
    assert event.get_latest_revision_as_object().title == "Roundtable v2"


def test_locked_page_cannot_be_saved_by_another(event, first, second, client_for):
    first_client, second_client = client_for(first), client_for(second)
    response = first_client.post(reverse("wagtailadmin_pages:lock", args=(event.pk,)))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.locked and event.locked_by == first

    loaded, _ = open_editor(second_client, event)
    revisions = event.revisions.count()
    response = save(second_client, event, loaded, title="Edited while locked")
    assert response.status_code == 200  # the form again, with the message
    assert "The page could not be saved as it is locked." in response.content.decode()
    assert event.revisions.count() == revisions

    # Editors cannot lift someone else's lock; the person who locked it can still save.
    second_client.post(reverse("wagtailadmin_pages:unlock", args=(event.pk,)))
    event.refresh_from_db()
    assert event.locked
    response = save(first_client, event, open_editor(first_client, event)[0], title="By the locker")
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.get_latest_revision_as_object().title == "By the locker"
