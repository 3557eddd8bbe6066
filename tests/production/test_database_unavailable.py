"""A database that cannot be reached answers 503 with a friendly page, never a 500.

In-process, with the failure simulated where Wagtail first reads the database; the
real outage (a PostgreSQL cut off and back, under gunicorn) is in test_fault_tolerance.
"""

import json
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError
from wagtail.models import Site

from api.views import SitePagesAPIViewSet
from config import urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


@pytest.fixture(params=[OperationalError, InterfaceError])
def database_down(request, monkeypatch):
    def unreachable(*args, **kwargs):
        raise request.param("connection to server at 10.0.0.5, port 5432 failed")

    monkeypatch.setattr(Site, "find_for_request", unreachable)
    monkeypatch.setattr(SitePagesAPIViewSet, "get_queryset", unreachable)


def test_handler_is_installed():
    assert urls.handler500 == "config.errors.server_error"


def test_page_is_503_in_the_visitors_language(client, database_down):
    response = client.get("/en/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert b"Temporarily unavailable" in response.content
    assert b'lang="en"' in response.content
    assert b"10.0.0.5" not in response.content

    response = client.get("/ru/")
    assert response.status_code == 503
    assert 'lang="ru"' in response.content.decode()
    assert "Временно недоступно" in response.content.decode()


def test_api_is_503_json(client, database_down):
    response = client.get("/api/v2/pages/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert set(json.loads(response.content)) == {"message"}
    assert b"10.0.0.5" not in response.content


def test_other_errors_stay_500(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(Site, "find_for_request", broken)
    response = client.get("/en/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def base_settings_with(monkeypatch, database_url):
    """The settings config/settings/base.py builds for this DATABASE_URL."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    return runpy.run_path(str(Path(settings.BASE_DIR) / "config" / "settings" / "base.py"))


def test_postgresql_connects_with_a_short_timeout(monkeypatch):
    databases = base_settings_with(monkeypatch, "postgres://cms@db.example.org:5432/cms")[
        "DATABASES"
    ]
    assert databases["default"]["OPTIONS"]["connect_timeout"] == 3
    assert databases["default"]["CONN_HEALTH_CHECKS"] is True


def test_connect_timeout_from_the_url_wins(monkeypatch):
    url = "postgres://cms@db.example.org:5432/cms?connect_timeout=10"
    databases = base_settings_with(monkeypatch, url)["DATABASES"]
    assert str(databases["default"]["OPTIONS"]["connect_timeout"]) == "10"
