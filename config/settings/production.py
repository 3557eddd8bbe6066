"""Production: everything from the environment, secure by default.

Refuses to start without SECRET_KEY and ALLOWED_HOSTS, and without REDIS_URL unless
RESPONSE_CACHE=0. Background tasks go to the database for the worker (TASKS=database).
Static files are served by whitenoise (compressed, hashed) and the app runs under
gunicorn (gunicorn.conf.py).
"""

from django.core.exceptions import ImproperlyConfigured

from config.env import (
    env_bool,
    env_choice,
    env_float,
    env_int,
    env_list,
    env_required,
    env_str,
)

from .base import *  # noqa: F403
from .base import RESPONSE_CACHE, TASK_BACKENDS

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    env_required("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Every worker must read one cache: with a memory cache per process, what one worker
# invalidates (a page made private, a session ended) stays in the others' caches. So
# no REDIS_URL means no cache at all, and only with the response cache switched off.
if not env_str("REDIS_URL"):
    if RESPONSE_CACHE:
        raise ImproperlyConfigured(
            "REDIS_URL must be set in production (a cache per process serves stale and "
            "private pages), or RESPONSE_CACHE=0 to run without the response cache."
        )
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

# Background tasks are stored in the database and run by `manage.py run_worker`, out of
# editors' requests (see base.py and docs/deployment.md#the-worker). TASKS=immediate runs
# them in the request instead, with no worker: no retried purges and no scheduled
# publishing then; `check --deploy` warns of it (worker.checks).
TASKS_MODE = env_choice("TASKS", tuple(TASK_BACKENDS), "database")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_MODE]}}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe the health check over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SESSION_COOKIE_HTTPONLY = True
# Wagtail's admin shows page previews in a same-origin iframe, so DENY would break it.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# One JSON object per line on standard output (config.logs), for the process manager or
# container runtime to collect; config.requests writes one line per request.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logs.JSONFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "INFO"},
}

# Error reports to Sentry, only when SENTRY_DSN is set. No personal data: no IP
# addresses, cookies, user names or request bodies are sent.
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        environment=env_str("SENTRY_ENVIRONMENT") or "production",
        release=env_str("SENTRY_RELEASE"),
        traces_sample_rate=env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0),
    )
