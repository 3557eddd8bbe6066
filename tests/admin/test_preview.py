"""Previews: Wagtail's own preview renders our templates; external clients preview drafts by token."""

import time

import pytest
from django.core import signing
from django.urls import reverse

from api import preview
from tests import factories
from tests.helpers import event_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(site_tree):
    page = factories.EventPageFactory(
        parent=site_tree.events, title="Roundtable", slug="roundtable", live=False
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def token_url(page):
    return reverse("wagtailadmin_home") + f"headless-preview/{page.pk}/"


def get_preview(client, **params):
    return client.get(reverse("api-preview"), params)


# Wagtail's preview in the admin ------------------------------------------------------


def test_the_admin_preview_of_an_event_renders_the_event_template(event, admin_client):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[event.pk])
    data = event_form_data(
        title="Roundtable (draft title)", slug="roundtable", event_type=event.event_type_id
    )

    checked = admin_client.post(url, data)
    response = admin_client.get(url)

    assert checked.json()["is_valid"] is True
    assert response.status_code == 200
    assert "events/event_page.html" in [template.name for template in response.templates]
    assert "Roundtable (draft title)" in response.content.decode()


# Issuing tokens ----------------------------------------------------------------------


def test_an_editor_gets_a_token_for_the_latest_revision(event, editor, client_for):
    draft = event.save_revision()

    response = client_for(editor).get(token_url(event))

    assert response.status_code == 200
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    body = response.json()
    assert set(body) == {"token", "page", "revision", "expires_at", "url"}
    assert (body["page"], body["revision"]) == (event.pk, draft.pk)
    assert body["url"] == f"http://testserver/api/v2/preview/?token={body['token']}"
    assert preview.revision_from_token(body["token"]) == draft


def test_anonymous_visitors_are_sent_to_the_login(event, client):
    response = client.get(token_url(event))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_a_user_who_cannot_edit_the_page_gets_no_token(event, make_user, client_for):
    from django.contrib.auth.models import Permission

    reader = make_user("reader")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))

    response = client_for(reader).get(token_url(event))

    assert response.status_code == 403
    assert response.json() == {"message": "you cannot edit this page"}


def test_a_page_without_a_revision_has_nothing_to_preview(site_tree, editor, client_for):
    page = factories.EventPageFactory(parent=site_tree.events)  # factories save no revision
    response = client_for(editor).get(token_url(page))
    assert response.status_code == 400
    assert response.json() == {"message": "this page has no saved revision to preview"}


def test_an_unknown_page_is_a_json_404(site_tree, editor, client_for):
    response = client_for(editor).get(reverse("wagtailadmin_home") + "headless-preview/999999/")
    assert response.status_code == 404
    assert response.json() == {"message": "not found"}


# Reading the draft with a token ------------------------------------------------------


def test_a_published_page_previews_exactly_as_the_pages_endpoint_shows_it(event, client, editor):
    token = preview.make_token(event.get_latest_revision(), editor)

    previewed = get_preview(client, token=token)
    published = client.get(f"/api/v2/pages/{event.pk}/")

    assert previewed.status_code == published.status_code == 200
    assert previewed.json() == published.json()


def test_the_token_shows_the_draft_it_was_issued_for(event, client, editor):
    event.title = "Roundtable on hate crime data"
    draft = event.save_revision()
    token = preview.make_token(draft, editor)
    event.title = "A later draft"
    event.save_revision()

    response = get_preview(client, token=token)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"
    assert response.json()["title"] == "Roundtable on hate crime data"
    assert response.json()["meta"]["type"] == "events.EventPage"
    # Visitors and the published API still see the live version.
    assert client.get(f"/api/v2/pages/{event.pk}/").json()["title"] == "Roundtable"


def test_a_never_published_page_can_be_previewed(site_tree, client, editor):
    page = factories.EventPageFactory(parent=site_tree.events, title="Draft only", live=False)
    token = preview.make_token(page.save_revision(), editor)

    response = get_preview(client, token=token, fields="title,start_date")

    assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
    assert response.status_code == 200
    assert response.json()["title"] == "Draft only"
    assert response.json()["meta"]["first_published_at"] is None


def test_an_expired_token_is_refused(event, client, monkeypatch, editor):
    issued_at = int(time.time()) - int(preview.TOKEN_MAX_AGE.total_seconds()) - 1
    monkeypatch.setattr(
        signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(issued_at)
    )
    token = preview.make_token(event.get_latest_revision(), editor)
    monkeypatch.undo()

    response = get_preview(client, token=token)

    assert response.status_code == 403
    assert response.json() == {"message": "preview token has expired"}


def test_a_token_just_within_its_hour_still_works(event, client, monkeypatch, editor):
    issued_at = int(time.time()) - int(preview.TOKEN_MAX_AGE.total_seconds()) + 60
    monkeypatch.setattr(
        signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(issued_at)
    )
    token = preview.make_token(event.get_latest_revision(), editor)
    monkeypatch.undo()

    assert get_preview(client, token=token).status_code == 200


def test_an_altered_token_is_refused(event, client, editor):
    other = factories.EventPageFactory(parent=event.get_parent(), title="Other", live=False)
    token = preview.make_token(event.get_latest_revision(), editor)
    forged_payload = signing.b64_encode(
        signing.JSONSerializer().dumps({"page": other.pk, "revision": 1})
    ).decode()
    forged = forged_payload + token[token.index(":") :]

    for bad in (forged, token[:-2] + "xx", "not-a-token", signing.dumps({"page": event.pk})):
        response = get_preview(client, token=bad)
        assert response.status_code == 403, bad
        assert response.json() == {"message": "invalid preview token"}


# A token ends with its editor's rights -----------------------------------------------

NO_LONGER_EDITABLE = {
    "message": "the editor who issued this preview token can no longer edit this page"
}


@pytest.fixture
def issued(event, editor, client_for):
    """A token the editor got from the admin, as a front end receives it."""
    event.title = "Roundtable (draft)"
    event.save_revision(user=editor)
    return client_for(editor).get(token_url(event)).json()["token"]


def test_the_token_works_while_its_editor_may_edit_the_page(issued, client):
    response = get_preview(client, token=issued)
    assert response.status_code == 200
    assert response.json()["title"] == "Roundtable (draft)"


def test_deactivating_the_editor_ends_their_tokens(issued, editor, client):
    editor.is_active = False
    editor.save()

    response = get_preview(client, token=issued)

    assert response.status_code == 403
    assert response.json() == NO_LONGER_EDITABLE


def test_taking_the_editor_out_of_the_group_ends_their_tokens(issued, editor, client):
    editor.groups.clear()

    response = get_preview(client, token=issued)

    assert response.status_code == 403
    assert response.json() == NO_LONGER_EDITABLE


def test_a_token_that_names_no_editor_is_refused(event, client):
    token = preview.get_signer().sign_object(
        {"page": event.pk, "revision": event.get_latest_revision().pk}
    )

    response = get_preview(client, token=token)

    assert response.status_code == 403
    assert response.json() == {"message": "invalid preview token"}


def test_a_token_for_a_deleted_page_is_a_404(event, client, editor):
    token = preview.make_token(event.get_latest_revision(), editor)
    event.delete()

    response = get_preview(client, token=token)

    assert response.status_code == 404
    assert response.json() == {"message": "not found"}


def test_missing_token_and_unknown_parameters_are_400s(event, client, editor):
    token = preview.make_token(event.get_latest_revision(), editor)

    assert get_preview(client).json() == {"message": "token is required"}
    assert get_preview(client).status_code == 400
    response = get_preview(client, token=token, child_of=3)
    assert response.status_code == 400
    assert response.json() == {
        "message": "query parameter is not an operation or a recognised field: child_of"
    }
    assert get_preview(client, token=token, fields="nope").json() == {
        "message": "unknown fields: nope"
    }
