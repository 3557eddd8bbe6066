"""The change feed (/api/v2/changes/): a client's copy built from the feed alone stays
equal to what the page API lists, whatever editors do; its cursors, pruning, filters and
what it never shows."""

import base64
import datetime
import random
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale, Page, PageViewRestriction

from changes.feed import encode_cursor, prune
from changes.models import Change, Feed
from tests import factories
from tests.api.utils import publish, translate

URL = "/api/v2/changes/"


def get_response(client=None, **params):
    return (client or Client()).get(URL, params)


class Mirror:
    """A client's copy of the public pages, built only from the feed and detail URLs."""

    def __init__(self, client, limit=7, **params):
        self.client = client
        self.limit = limit
        self.params = params
        self.cursor = None
        self.pages = {}

    def sync(self):
        while True:
            params = {"limit": self.limit, **self.params}
            if self.cursor is not None:
                params["since"] = self.cursor
            response = get_response(self.client, **params)
            assert response.status_code == 200, response.content
            assert response["Cache-Control"] == "no-store"
            body = response.json()
            for item in body["items"]:
                if item["action"] == "upsert":
                    detail = self.client.get(urlsplit(item["detail_url"]).path)
                    assert detail.status_code == 200, (item, detail.content)
                    self.pages[item["id"]] = detail.json()
                else:
                    assert set(item) == {"cursor", "action", "id", "type", "locale", "html_url"}
                    self.pages.pop(item["id"], None)
            self.cursor = body["cursor"]
            if not body["items"]:
                return


def listed_pages(client, **params):
    """``{id: detail}`` of every page ``/api/v2/pages/`` lists."""
    listing = client.get("/api/v2/pages/", {"limit": 100, **params}).json()
    assert listing["meta"]["total_count"] <= 100
    return {
        item["id"]: client.get(f"/api/v2/pages/{item['id']}/").json() for item in listing["items"]
    }


@pytest.fixture
def clock(monkeypatch):
    """The site's clock, moved on by the test instead of waited for."""

    class Clock:
        now = timezone.now().replace(microsecond=0)

        def advance(self, **delta):
            self.now += datetime.timedelta(**delta)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


def fresh(page):
    return Page.objects.get(pk=page.pk).specific


class Editors:
    """What editors do, chosen at random (a fixed seed), each step described for the log."""

    def __init__(self, site_tree, clock, seed):
        self.tree = site_tree
        self.clock = clock
        self.rng = random.Random(seed)
        self.count = 0
        self.managed = [site_tree.about.pk, site_tree.events.pk, site_tree.news.pk]

    def pages(self, *, live=None, types=None, locale="en"):
        pages = Page.objects.filter(pk__in=self.managed, locale__language_code=locale)
        if live is not None:
            pages = pages.filter(live=live)
        if types is not None:
            pages = pages.type(*types)
        return list(pages.order_by("pk").specific())

    def pick(self, pages):
        return self.rng.choice(pages) if pages else None

    def step(self):
        self.managed = list(Page.objects.filter(pk__in=self.managed).values_list("pk", flat=True))
        self.clock.advance(minutes=1)
        operations = [
            self.new_event,
            self.new_news,
            self.new_standard_page,
            self.edit,
            self.move,
            self.rename,
            self.unpublish,
            self.republish,
            self.delete,
            self.restrict,
            self.lift_restriction,
            self.expire,
            self.translate,
            self.withdraw_translation,
        ]
        while True:
            described = self.rng.choice(operations)()
            if described:
                return described

    def new_name(self, prefix):
        self.count += 1
        return f"{prefix} {self.count}", f"{prefix.lower()}-{self.count}"

    def add(self, factory, parent, prefix):
        title, slug = self.new_name(prefix)
        page = factory(parent=parent, title=title, slug=slug, live=False)
        publish(page)
        self.managed.append(page.pk)
        return f"publish new {title} ({page.pk})"

    def new_event(self):
        return self.add(factories.EventPageFactory, self.tree.events, "Event")

    def new_news(self):
        return self.add(factories.NewsPageFactory, self.tree.news, "News")

    def new_standard_page(self):
        from home.models import StandardPage

        parents = [self.tree.home, *self.pages(types=[StandardPage])]
        return self.add(factories.StandardPageFactory, self.pick(parents), "Page")

    def edit(self):
        page = self.pick(self.pages(live=True) + self.pages(live=True, locale="ru"))
        if page is None:
            return None
        page.title = f"{page.title} (edited)"
        page.expire_at = None
        publish(page)
        return f"edit {page.pk} live"

    def move(self):
        from home.models import StandardPage

        page = self.pick(self.pages(types=[StandardPage]))
        if page is None:
            return None
        parents = [
            parent
            for parent in [self.tree.home, *self.pages(types=[StandardPage])]
            if not parent.path.startswith(page.path) and parent.pk != page.get_parent().pk
        ]
        parent = self.pick(parents)
        if parent is None:
            return None
        page.move(parent, pos="last-child")
        return f"move {page.pk} under {parent.pk}"

    def rename(self):
        from events.models import EventPage
        from home.models import StandardPage

        page = self.pick(self.pages(live=True, types=[StandardPage, EventPage]))
        if page is None:
            return None
        _title, slug = self.new_name("Renamed")
        page.slug = slug
        page.expire_at = None
        publish(page)
        return f"rename {page.pk} to {slug}"

    def unpublish(self):
        page = self.pick([page for page in self.pages(live=True) if page.pk not in self.indexes()])
        if page is None:
            return None
        page.unpublish()
        return f"unpublish {page.pk}"

    def indexes(self):
        return {self.tree.events.pk, self.tree.news.pk}

    def republish(self):
        hidden = [
            page
            for page in self.pages() + self.pages(locale="ru")
            if not page.live or (page.expire_at and page.expire_at <= self.clock.now)
        ]
        page = self.pick(hidden)
        if page is None:
            return None
        page.expire_at = None
        publish(page)
        return f"republish {page.pk}"

    def delete(self):
        page = self.pick([page for page in self.pages() if page.pk not in self.indexes()])
        if page is None:
            return None
        page.delete()
        return f"delete {page.pk}"

    def restrict(self):
        from home.models import StandardPage

        candidates = self.pages(types=[StandardPage]) + [fresh(self.tree.news)]
        page = self.pick([p for p in candidates if not p.view_restrictions.exists()])
        if page is None:
            return None
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="members"
        )
        return f"make {page.pk} private"

    def lift_restriction(self):
        restriction = self.pick(list(PageViewRestriction.objects.order_by("pk")))
        if restriction is None:
            return None
        restriction.delete()
        return f"make {restriction.page_id} public again"

    def expire(self):
        page = self.pick([page for page in self.pages(live=True) if page.pk not in self.indexes()])
        if page is None:
            return None
        page.expire_at = self.clock.now + datetime.timedelta(seconds=30)
        publish(page)
        return f"{page.pk} expires in 30 seconds"

    def translate(self):
        from events.models import EventPage
        from home.models import StandardPage
        from news.models import NewsPage

        russian = Locale.objects.get(language_code="ru")
        candidates = [
            page
            for page in self.pages(live=True, types=[EventPage, NewsPage, StandardPage])
            if not page.has_translation(russian)
        ]
        page = self.pick(candidates)
        if page is None:
            return None
        translation = translate(page, title=f"{page.title} (ru)")
        self.managed.append(translation.pk)
        return f"translate {page.pk} into {translation.pk}"

    def withdraw_translation(self):
        translation = self.pick(self.pages(live=True, locale="ru"))
        if translation is None:
            return None
        if self.rng.random() < 0.5:
            translation.unpublish()
            return f"unpublish translation {translation.pk}"
        translation.delete()
        return f"delete translation {translation.pk}"


@pytest.mark.parametrize("seed", [18])
def test_a_mirror_built_from_the_feed_equals_the_page_api_after_every_change(
    site_tree, clock, seed
):
    client = Client()
    mirror = Mirror(client)
    mirror.sync()
    assert mirror.pages == listed_pages(client)
    editors = Editors(site_tree, clock, seed)
    log = []
    for _ in range(40):
        log.append(editors.step())
        mirror.sync()
        expected = listed_pages(client)
        assert sorted(mirror.pages) == sorted(expected), log
        for page_id, detail in expected.items():
            assert mirror.pages[page_id] == detail, (page_id, log)
    # The sequence did what it claims: every kind of change happened at least once.
    done = " ".join(log)
    for word in ["new", "edit", "move", "rename", "unpublish", "delete", "private", "expires"]:
        assert word in done, (word, log)
    assert "translate" in done and "translation" in done, log


def test_a_mirror_of_one_language_equals_the_page_api_in_that_language(site_tree):
    event = factories.EventPageFactory(parent=site_tree.events, title="Training")
    translation = translate(event, title="Тренинг")
    client = Client()
    mirror = Mirror(client, locale="ru")
    mirror.sync()
    assert set(mirror.pages) == {translation.pk}
    assert mirror.pages == listed_pages(client, locale="ru")

    items = get_response(locale="en").json()["items"]
    assert {item["locale"] for item in items} == {"en"}
    assert event.pk in {item["id"] for item in items}

    translation.unpublish()
    mirror.sync()
    assert mirror.pages == {}


def test_an_entry_names_the_page_and_where_to_read_it(site_tree):
    event = factories.EventPageFactory(parent=site_tree.events, title="Training", slug="training")
    body = get_response().json()
    entry = next(item for item in body["items"] if item["id"] == event.pk)
    assert entry == {
        "cursor": entry["cursor"],
        "action": "upsert",
        "id": event.pk,
        "type": "events.EventPage",
        "locale": "en",
        "html_url": "http://localhost/en/events/training/",
        "detail_url": f"http://localhost/api/v2/pages/{event.pk}/",
    }
    assert body["cursor"] == body["items"][-1]["cursor"]

    event.unpublish()
    body = get_response(since=body["cursor"]).json()
    assert body["items"] == [
        {
            "cursor": body["cursor"],
            "action": "delete",
            "id": event.pk,
            "type": "events.EventPage",
            "locale": "en",
            "html_url": "http://localhost/en/events/training/",
        }
    ]
    # Caught up: no entries, and the same cursor to ask again with.
    assert get_response(since=body["cursor"]).json() == {"items": [], "cursor": body["cursor"]}


def feed_ids(**params):
    """Every page id the feed has ever named, read from the beginning."""
    return {item["id"] for item in get_response(limit=500, **params).json()["items"]}


def test_a_draft_never_published_never_appears_even_as_an_id(site_tree):
    draft = factories.EventPageFactory(parent=site_tree.events, title="Embargoed", live=False)
    draft.title = "Embargoed, second draft"
    draft.save_revision()
    # Other changes around it make the feed reconcile several times.
    publish(site_tree.about)
    draft.save_revision(log_action=True)
    site_tree.events.title = "All events"
    publish(site_tree.events)

    assert draft.pk not in feed_ids()
    assert site_tree.events.pk in feed_ids()
    assert not Change.objects.filter(page_id=draft.pk).exists()


def test_a_page_published_under_a_private_page_never_appears_even_as_an_id(site_tree):
    members = factories.StandardPageFactory(parent=site_tree.home, title="Members", slug="members")
    PageViewRestriction.objects.create(
        page=members, restriction_type=PageViewRestriction.PASSWORD, password="members"
    )
    secret = factories.StandardPageFactory(parent=members, title="Minutes", slug="minutes")
    publish(secret)

    ids = feed_ids()
    assert members.pk not in ids and secret.pk not in ids
    assert site_tree.about.pk in ids


def test_a_page_made_private_in_the_transaction_that_published_it_never_appears(
    site_tree, django_capture_on_commit_callbacks
):
    """The reconcile after the commit sees the commit's outcome, never a state inside it."""
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        page = factories.StandardPageFactory(parent=site_tree.home, title="Board", slug="board")
        publish(page)
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert Change.objects.filter(page_id=site_tree.about.pk).exists()  # the commit reconciled
    assert not Change.objects.filter(page_id=page.pk).exists()
    assert page.pk not in feed_ids()


def test_a_commit_appends_its_entries_without_waiting_for_a_feed_request(
    site_tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event = factories.EventPageFactory(parent=site_tree.events, title="Training")
    assert list(Change.objects.filter(page_id=event.pk).values_list("action", flat=True)) == [
        "upsert"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        event.unpublish()
    assert list(
        Change.objects.filter(page_id=event.pk).order_by("pk").values_list("action", flat=True)
    ) == ["upsert", "delete"]


def test_an_expiry_passing_is_a_delete_without_anyone_saving_anything(site_tree, clock):
    event = factories.EventPageFactory(parent=site_tree.events, title="Training")
    event.expire_at = clock.now + datetime.timedelta(hours=1)
    publish(event)
    body = get_response().json()
    assert event.pk in {item["id"] for item in body["items"]}

    clock.advance(hours=1, seconds=1)

    after = get_response(since=body["cursor"]).json()
    assert after["items"] == [
        {
            "cursor": after["cursor"],
            "action": "delete",
            "id": event.pk,
            "type": "events.EventPage",
            "locale": "en",
            "html_url": event.get_full_url(),
        }
    ]


def test_a_live_body_edit_saved_without_a_new_revision_is_announced(site_tree):
    """Nothing the feed compares changes (title, URL, revision), yet the detail does."""
    body = get_response().json()
    about = fresh(site_tree.about)
    about.intro = "What we do, rewritten"
    about.save()
    items = get_response(since=body["cursor"]).json()["items"]
    assert [(item["action"], item["id"]) for item in items] == [("upsert", about.pk)]


def cursor_text(text):
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "since",
    [
        "",
        "not a cursor",
        "abc",
        "\x00",
        cursor_text("c1.x.0"),
        cursor_text("c2.1.0"),
        cursor_text("c1.1"),
        cursor_text("c1.99999999999999999999.0"),
        "A" * 65,
        "é",
    ],
)
def test_a_malformed_cursor_is_a_400(site_tree, since):
    response = get_response(since=since)
    assert response.status_code == 400
    assert response.json() == {"message": "since is not a cursor this feed gave"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": "0"}, "limit must be between 1 and 500"),
        ({"limit": "501"}, "limit must be between 1 and 500"),
        ({"limit": "ten"}, "limit must be a positive integer"),
        ({"locale": "xx"}, "locale 'xx' does not exist (available: en, ru)"),
        (
            {"order": "id"},
            "query parameter is not an operation or a recognised field: order",
        ),
    ],
)
def test_bad_parameters_are_a_400(site_tree, params, message):
    response = get_response(**params)
    assert response.status_code == 400
    assert response.json() == {"message": message}


def age_entries(days):
    Change.objects.update(created_at=timezone.now() - datetime.timedelta(days=days))


def test_a_cursor_older_than_the_retained_history_is_a_410_and_a_fresh_start_sees_every_page(
    site_tree, settings
):
    settings.CHANGES_RETENTION_DAYS = 30
    old_cursor = get_response().json()["cursor"]
    for number in range(3):
        event = factories.EventPageFactory(parent=site_tree.events, title=f"Event {number}")
        get_response()  # the feed catches up: an upsert
        event.unpublish()
        get_response()  # and a delete
    gone = event.pk
    kept = factories.NewsPageFactory(parent=site_tree.news, title="Still here")
    get_response()  # the feed catches up
    age_entries(days=31)

    assert prune() > 0

    response = get_response(since=old_cursor)
    assert response.status_code == 410
    assert response.json() == {
        "message": "cursor is older than the retained history: start again without since "
        "and replace your copy with what the feed gives"
    }
    # From the beginning, one entry at a time, through the entries pruning kept.
    client = Client()
    mirror = Mirror(client, limit=1)
    mirror.sync()
    assert mirror.pages == listed_pages(client)
    assert kept.pk in mirror.pages and gone not in mirror.pages
    assert not Change.objects.filter(page_id=gone).exists()


def test_a_recent_cursor_survives_pruning(site_tree, settings):
    settings.CHANGES_RETENTION_DAYS = 30
    factories.EventPageFactory(parent=site_tree.events, title="Old")
    cursor = get_response().json()["cursor"]
    age_entries(days=31)
    event = factories.EventPageFactory(parent=site_tree.events, title="New")
    get_response(since=cursor)
    prune()
    feed = Feed.objects.get()
    assert feed.pruned_through > 0
    response = get_response(since=cursor)
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [event.pk]


def test_a_cursor_read_from_the_beginning_goes_stale_at_the_next_pruning(site_tree, settings):
    """Below the pruning mark, a cursor is good only until the next pruning."""
    settings.CHANGES_RETENTION_DAYS = 30
    get_response()
    age_entries(days=31)
    prune()
    pruned_through = Feed.objects.get().pruned_through
    below = encode_cursor(1, pruned_through)
    assert get_response(since=below).status_code == 200
    event = factories.EventPageFactory(parent=site_tree.events, title="Training")
    get_response()
    event.unpublish()
    get_response()
    age_entries(days=31)
    prune()
    assert get_response(since=below).status_code == 410


def test_a_section_renamed_or_translated_re_announces_the_pages_that_show_it(site_tree):
    """An event's breadcrumbs show its section's title; its translations are in its detail."""
    event = factories.EventPageFactory(parent=site_tree.events, title="Training")
    client = Client()
    mirror = Mirror(client)
    mirror.sync()
    cursor = mirror.cursor

    site_tree.events.title = "All events"
    publish(site_tree.events)
    mirror.sync()
    assert mirror.pages == listed_pages(client)
    renamed = get_response(since=cursor).json()
    assert [(item["action"], item["id"]) for item in renamed["items"]] == [
        ("upsert", site_tree.events.pk),
        ("upsert", event.pk),
    ]

    translation = translate(event, title="Тренинг")
    mirror.sync()
    assert mirror.pages == listed_pages(client)
    translated = get_response(since=renamed["cursor"]).json()["items"]
    assert {(item["action"], item["id"]) for item in translated} == {
        ("upsert", event.pk),
        ("upsert", translation.pk),
    }
