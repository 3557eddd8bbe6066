"""One JSON log line per request, with what an operator needs to find it."""

import json
import logging
import sys

import pytest

from config.logs import JSONFormatter

pytestmark = pytest.mark.django_db


def request_records(caplog):
    return [record for record in caplog.records if record.name == "config.requests"]


def test_one_record_per_request(client, caplog):
    caplog.set_level(logging.INFO, logger="config.requests")
    response = client.get("/healthz?token=secret-preview-token")
    [record] = request_records(caplog)
    assert record.method == "GET"
    assert record.path == "/healthz"
    assert record.status == 200
    assert 0 < record.duration_ms < 10_000
    assert len(record.request_id) == 32
    assert response["X-Request-ID"] == record.request_id
    # The query string may hold a preview token: it is never logged.
    assert "secret-preview-token" not in JSONFormatter().format(record)


def test_status_is_the_one_the_client_gets(client, caplog):
    caplog.set_level(logging.INFO, logger="config.requests")
    client.get("/api/v2/no-such-endpoint/")
    client.get("/", HTTP_ACCEPT_LANGUAGE="ru")
    assert [(r.path, r.status) for r in request_records(caplog)] == [
        ("/api/v2/no-such-endpoint/", 404),
        ("/", 302),
    ]


def test_request_id_from_the_proxy(client, caplog):
    caplog.set_level(logging.INFO, logger="config.requests")
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-4bf92f3577b34da6")
    assert response["X-Request-ID"] == "lb-4bf92f3577b34da6"
    assert request_records(caplog)[0].request_id == "lb-4bf92f3577b34da6"


def test_request_id_that_is_not_a_plain_token_is_replaced(client, caplog):
    caplog.set_level(logging.INFO, logger="config.requests")
    response = client.get("/healthz", HTTP_X_REQUEST_ID='x" injected\\n{"level": "ERROR"}')
    assert len(response["X-Request-ID"]) == 32
    assert "injected" not in request_records(caplog)[0].request_id


def test_json_formatter_line(client, caplog):
    caplog.set_level(logging.INFO, logger="config.requests")
    client.get("/healthz")
    line = JSONFormatter().format(request_records(caplog)[0])
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "INFO"
    assert entry["logger"] == "config.requests"
    assert entry["message"].startswith("GET /healthz 200 ")
    assert {"method", "path", "status", "duration_ms", "request_id", "time"} <= set(entry)
    assert entry["time"].endswith("+00:00")


def test_json_formatter_exception():
    logger = logging.getLogger("tests.production")
    try:
        raise RuntimeError("broken")
    except RuntimeError:
        record = logger.makeRecord(
            logger.name, logging.ERROR, __file__, 1, "failed: %s", ("x",), sys.exc_info()
        )
    entry = json.loads(JSONFormatter().format(record))
    assert entry["message"] == "failed: x"
    assert "RuntimeError: broken" in entry["exception"]
