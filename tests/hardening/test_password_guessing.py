"""Password guessing is throttled on every form that takes a password (config/throttling.py).

Before, 25 wrong admin passwords and then the right one logged in, and a page's password
form took guesses without end. Now a user name (or a page's or collection's password)
and a client address are refused for a while after ``AXES_FAILURE_LIMIT`` failures: the
real views, through Django's test client, with the attempts in the database.
"""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from tests import factories
from tests.helpers import get_soup, text_of

PASSWORD = "correct horse battery staple"
LIMIT = settings.AXES_FAILURE_LIMIT
LOCKED_OUT = "Too many failed attempts. Please try again in 15 minutes."
ADMIN_LOGIN = "/admin/login/"
SITE_LOGIN = "/en/_util/login/"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


def visitor(address="203.0.113.7", **headers):
    """A client at ``address`` (behind the proxy, as X-Forwarded-For carries it)."""
    return Client(headers={"x-forwarded-for": address, **headers})


def log_in(client, url, username="editor", password=PASSWORD):
    return client.post(url, {"username": username, "password": password})


def is_logged_in(client):
    return "_auth_user_id" in client.session


def fail(client, url, times=LIMIT, username="editor"):
    """Wrong passwords: the form again with its error, and the last allowed one locks out."""
    statuses = [
        log_in(client, url, username=username, password="wrong guess").status_code
        for _ in range(times)
    ]
    assert statuses == [200] * min(times, LIMIT - 1) + [429] * max(times - LIMIT + 1, 0)
    assert not is_logged_in(client)


@pytest.mark.parametrize("url", [ADMIN_LOGIN, SITE_LOGIN])
def test_the_right_password_is_refused_after_too_many_wrong_ones(db, editor, url):
    client = visitor()
    fail(client, url)

    response = log_in(client, url)

    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert LOCKED_OUT in text_of(get_soup(response, status=429))
    assert not is_logged_in(client)


def test_below_the_limit_the_right_password_logs_in_and_starts_afresh(db, editor):
    client = visitor()
    fail(client, ADMIN_LOGIN, times=LIMIT - 1)

    assert log_in(client, ADMIN_LOGIN).status_code == 302
    assert is_logged_in(client)
    # A success forgets the failures: the editor has the whole allowance again.
    fail(visitor(), ADMIN_LOGIN, times=LIMIT - 1)
    assert log_in(visitor(), ADMIN_LOGIN).status_code == 302


def test_the_admin_shows_its_login_page_with_the_message(db, editor):
    client = visitor()
    fail(client, ADMIN_LOGIN)

    soup = get_soup(log_in(client, ADMIN_LOGIN), status=429)

    assert [text_of(li) for li in soup.select(".messages li.error")] == [LOCKED_OUT]
    assert soup.find("input", attrs={"name": "username"})["value"] == "editor"
    assert soup.find("input", attrs={"name": "password"}).get("value") is None


def test_the_site_login_says_it_in_the_visitors_language(db, editor):
    client = visitor()
    fail(client, "/ru/_util/login/")

    soup = get_soup(log_in(client, "/ru/_util/login/"), status=429)

    assert soup.html["lang"] == "ru"
    assert text_of(soup.find("h1")) == "Слишком много попыток"
    assert "Слишком много неудачных попыток. Попробуйте снова через 15 минут." in text_of(soup)


def test_the_lockout_holds_for_a_new_session_and_across_both_logins(db, editor):
    fail(visitor(), ADMIN_LOGIN)

    fresh = visitor()  # no cookies: another session, as another worker would see it
    assert log_in(fresh, ADMIN_LOGIN).status_code == 429
    assert log_in(fresh, SITE_LOGIN).status_code == 429
    assert not is_logged_in(fresh)


def test_other_users_and_other_addresses_are_not_locked_out(db, editor, django_user_model):
    django_user_model.objects.create_user("colleague", password=PASSWORD)
    fail(visitor(), ADMIN_LOGIN)

    # Someone guessing from one address cannot lock the editor out everywhere.
    assert log_in(visitor("198.51.100.20"), ADMIN_LOGIN).status_code == 302
    assert log_in(visitor(), ADMIN_LOGIN, username="colleague").status_code == 302


def test_forging_x_forwarded_for_does_not_escape_the_lockout(db, editor):
    """Only the address the proxy appended (the right-most) counts; a client's own
    X-Forwarded-For entries come before it."""
    statuses = [
        log_in(visitor(f"10.9.9.{forged}, 203.0.113.7"), ADMIN_LOGIN, password="x").status_code
        for forged in range(LIMIT)
    ]

    assert statuses[-1] == 429
    assert log_in(visitor("10.9.9.99, 203.0.113.7"), ADMIN_LOGIN).status_code == 429
    assert log_in(visitor("203.0.113.7"), ADMIN_LOGIN).status_code == 429


def test_without_a_proxy_the_address_is_the_connection_s(db, editor, settings):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]  # what TRUSTED_PROXIES=0 sets
    statuses = [
        log_in(
            Client(REMOTE_ADDR="192.0.2.1", headers={"x-forwarded-for": f"10.0.0.{forged}"}),
            ADMIN_LOGIN,
            password="x",
        ).status_code
        for forged in range(LIMIT)
    ]

    assert statuses[-1] == 429
    assert log_in(Client(REMOTE_ADDR="192.0.2.1"), ADMIN_LOGIN).status_code == 429
    assert log_in(Client(REMOTE_ADDR="192.0.2.2"), ADMIN_LOGIN).status_code == 302


def test_an_administrator_can_unlock_a_user(db, editor):
    fail(visitor(), ADMIN_LOGIN)
    assert log_in(visitor(), ADMIN_LOGIN).status_code == 429

    call_command("axes_reset_username", "editor")

    client = visitor()
    assert log_in(client, ADMIN_LOGIN).status_code == 302
    assert is_logged_in(client)


# The page and collection password forms


@pytest.fixture
def private_page(site_tree):
    page = factories.StandardPageFactory(parent=site_tree.home, title="Members", slug="members")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )
    return page, f"/en/_util/authenticate_with_password/{restriction.pk}/{page.pk}/", restriction


def give_password(client, url, password, return_url="/en/members/"):
    return client.post(url, {"password": password, "return_url": return_url})


def test_a_page_password_form_is_throttled_likewise(private_page):
    page, url, restriction = private_page
    client = visitor()
    statuses = [give_password(client, url, "wrong guess").status_code for _ in range(LIMIT)]
    assert statuses == [200] * (LIMIT - 1) + [429]

    response = give_password(client, url, PASSWORD)

    assert response.status_code == 429
    soup = get_soup(response, status=429)
    assert text_of(soup.find("h1")) == "Too many attempts"
    assert LOCKED_OUT in text_of(soup)
    assert soup.find("nav", class_="main-menu") is not None  # the site's own page
    # Still locked out in a new session; the page's content stays hidden.
    assert give_password(visitor(), url, PASSWORD).status_code == 429
    assert "password" in get_soup(client.get("/en/members/")).find("form").decode()

    # Another address is not affected, and may read the page once it gives the password.
    other = visitor("198.51.100.20")
    assert give_password(other, url, PASSWORD).status_code == 302
    assert get_soup(other.get("/en/members/")).find("form", action=url) is None

    call_command("axes_reset_username", f"page-restriction:{restriction.pk}")
    assert give_password(client, url, PASSWORD).status_code == 302


def test_a_collection_password_form_is_throttled_likewise(db):
    collection = Collection.get_first_root_node().add_child(name="Board papers")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password=PASSWORD,
    )
    url = f"/documents/authenticate_with_password/{restriction.pk}/"
    client = visitor()
    statuses = [
        give_password(client, url, "wrong guess", return_url="/").status_code for _ in range(LIMIT)
    ]
    assert statuses == [200] * (LIMIT - 1) + [429]

    response = give_password(client, url, PASSWORD, return_url="/")

    assert response.status_code == 429
    assert LOCKED_OUT in text_of(get_soup(response, status=429))
    assert give_password(visitor("198.51.100.20"), url, PASSWORD, return_url="/").status_code == 302


def test_each_restriction_counts_its_own_failures(private_page, site_tree):
    _, url, _ = private_page
    other_page = factories.StandardPageFactory(parent=site_tree.home, slug="board")
    other = PageViewRestriction.objects.create(
        page=other_page, restriction_type=PageViewRestriction.PASSWORD, password="board"
    )
    client = visitor()
    for _ in range(LIMIT):
        give_password(client, url, "wrong guess")

    other_url = f"/en/_util/authenticate_with_password/{other.pk}/{other_page.pk}/"
    assert give_password(client, other_url, "board", return_url="/en/board/").status_code == 302
