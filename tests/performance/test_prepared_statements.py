"""PostgreSQL plans a page's queries once per connection, not once per request
(``DATABASE_PREPARED_STATEMENTS``, config/settings/base.py)."""

import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import F
from wagtail.models import Locale

POSTGRES_URL = "postgres://cms@db.example.org:5432/cms"


def database_options(monkeypatch, **environment):
    monkeypatch.setenv("DATABASE_URL", POSTGRES_URL)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    built = runpy.run_path(str(Path(settings.BASE_DIR) / "config" / "settings" / "base.py"))
    return built["DATABASES"]["default"]["OPTIONS"]


def test_postgresql_prepares_repeated_queries_by_default(monkeypatch):
    monkeypatch.delenv("DATABASE_PREPARED_STATEMENTS", raising=False)
    options = database_options(monkeypatch)
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 1


def test_prepared_statements_can_be_switched_off_for_a_pooler(monkeypatch):
    options = database_options(monkeypatch, DATABASE_PREPARED_STATEMENTS="0")
    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
@pytest.mark.django_db
def test_a_query_run_again_is_prepared_and_answers_for_its_own_values():
    """The second run of a query is prepared on the server; later runs with other values
    use the prepared statement and still answer for their own values."""
    for code in ("fr", "de"):
        Locale.objects.get_or_create(language_code=code)

    def prepared_probes():
        """Prepared statements of ``language``'s query alone: its alias is in no other
        query, so what other tests ran on this connection counts for nothing."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements"
                " WHERE statement LIKE %s AND statement NOT LIKE %s",
                ["%prepared_probe%", "%pg_prepared_statements%"],
            )
            return cursor.fetchone()[0]

    def language(code):
        return (
            Locale.objects.filter(language_code=code)
            .annotate(prepared_probe=F("language_code"))
            .values_list("prepared_probe", flat=True)
            .first()
        )

    assert prepared_probes() == 0
    assert language("fr") == "fr"
    assert prepared_probes() == 0
    assert language("de") == "de"
    assert prepared_probes() == 1
    assert language("xx") is None
    assert language("fr") == "fr"
    assert prepared_probes() == 1
