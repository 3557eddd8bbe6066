"""gunicorn.conf.py as gunicorn itself resolves it, with defaults and from the environment."""

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

GUNICORN = Path(sys.executable).with_name("gunicorn")


def resolved(**env):
    """gunicorn's ``--print-config`` for the project's file, as {name: value}."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GUNICORN_", "WEB_CONCURRENCY"))
    }
    result = subprocess.run(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "--print-config"],
        cwd=settings.BASE_DIR,
        env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings.test", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    config = {}
    for line in result.stdout.splitlines():
        name, _, value = line.partition("=")
        config[name.strip()] = value.strip()
    return config


def test_defaults():
    config = resolved()
    assert config["wsgi_app"] == "config.wsgi:application"
    assert config["bind"] == "['127.0.0.1:8000']"
    assert config["workers"] == str(2 * multiprocessing.cpu_count() + 1)
    assert config["threads"] == "2"
    assert config["worker_class"] == "gthread"
    assert config["timeout"] == "30"
    assert config["graceful_timeout"] == "30"
    # No recycling storms under load; the app is loaded once, before the workers fork.
    assert config["max_requests"] == "0"
    assert config["preload_app"] == "True"
    assert config["accesslog"] == "-"
    # Query strings (preview tokens) and referrers stay out of the access log.
    assert "%(U)s" in config["access_log_format"]
    assert not [atom for atom in ("%(r)s", "%(q)s", "%(f)s") if atom in config["access_log_format"]]


def test_from_the_environment():
    config = resolved(
        GUNICORN_BIND="0.0.0.0:9000",
        WEB_CONCURRENCY="3",
        GUNICORN_THREADS="1",
        GUNICORN_TIMEOUT="20",
        GUNICORN_MAX_REQUESTS="50",
        GUNICORN_PRELOAD="0",
    )
    assert config["bind"] == "['0.0.0.0:9000']"
    assert config["workers"] == "3"
    assert config["worker_class"] == "sync"
    assert config["timeout"] == "20"
    assert config["max_requests"] == "50"
    assert config["preload_app"] == "False"
