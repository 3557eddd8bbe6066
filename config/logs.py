"""Structured logs: one JSON object per line, and one line per request.

``JSONFormatter`` turns any log record into a JSON object (time, level, logger,
message, the fields passed in ``extra``, the traceback), which log collectors read
without parsing rules. ``RequestLogMiddleware`` writes one record per request to the
``config.requests`` logger: method, path, status, duration and a request id that the
proxy may send (``X-Request-ID``) and that the response carries back, so a visitor's
report, the proxy's log and ours can be matched. The query string is left out: it may
hold a preview token.
"""

import datetime
import json
import logging
import re
import time
import uuid

request_logger = logging.getLogger("config.requests")

# Attributes every LogRecord has; anything else on a record came from ``extra``.
_RECORD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "taskName",
}
# A request id from the proxy is echoed in logs and headers: only a short, plain token.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


class JSONFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(
                record.created, tz=datetime.timezone.utc
            ).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def request_id_for(request):
    """The proxy's X-Request-ID when it is a plain token, else a new one."""
    incoming = request.headers.get("X-Request-ID", "")
    return incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex


class RequestLogMiddleware:
    """First in MIDDLEWARE, so the duration and status are those the client gets."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = request_id_for(request)
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        response.headers.setdefault("X-Request-ID", request.request_id)
        request_logger.info(
            "%s %s %s %.1fms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "request_id": request.request_id,
            },
        )
        return response
