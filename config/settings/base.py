"""Settings shared by every environment. Environment variables are read through config.env."""

import datetime
import os
from pathlib import Path

import boto3.s3.transfer
import botocore.config
import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_choice, env_float, env_int, env_list, env_str
from config.redis import BreakerConnection

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "core",
    "api",
    "caching",
    "editorial",
    "uploads",
    "changes",
    "home",
    "taxonomies",
    "events",
    "thematic_areas",
    "news",
    "resources",
    "navigation",
    "search",
    "demo",
    "worker",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.api.v2",
    "corsheaders",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "csp",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "config.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.csp.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Before sessions and the rest: a cached response needs none of them.
    "caching.middleware.ResponseCacheMiddleware",
    "caching.middleware.SiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, redirecting a URL without a language only to one the site has content in.
    "config.languages.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into config.throttling's answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite is the embedded default for a local run; DATABASE_URL selects PostgreSQL (psycopg 3).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
_USES_POSTGRESQL = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
# An unreachable or stuck PostgreSQL must fail a request in seconds (a 503, see
# config.errors), never hang a worker: a connect timeout, TCP keepalives and a limit on
# unacknowledged data for dead peers (options in DATABASE_URL's query take precedence),
# and Django's backend with a deadline on every call a request makes (config.database).
if _USES_POSTGRESQL:
    DATABASES["default"]["ENGINE"] = "config.database"
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options.setdefault("connect_timeout", 3)
    _pg_options.setdefault("keepalives", 1)
    _pg_options.setdefault("keepalives_idle", 30)
    _pg_options.setdefault("keepalives_interval", 5)
    _pg_options.setdefault("keepalives_count", 3)
    _pg_options.setdefault("tcp_user_timeout", 10_000)
    # Prepared statements: a page's few queries are the same on every request, and
    # PostgreSQL plans each one anew (about half a millisecond of a 0.7 ms lookup) unless
    # it is prepared. With server-side parameters, psycopg prepares a query the second
    # time a connection runs it. Django leaves this off for poolers that cannot keep
    # prepared statements (PgBouncer in transaction mode before 1.21, or without
    # max_prepared_statements): DATABASE_PREPARED_STATEMENTS=0 behind one of those.
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        _pg_options.setdefault("server_side_binding", True)
        _pg_options.setdefault("prepare_threshold", 1)
# Seconds each database call of a request may take (0: no limit), and how long the
# database then counts as stuck before it is tried again (config.database).
DATABASE_QUERY_TIMEOUT = env_float("DATABASE_QUERY_TIMEOUT", 5.0)
DATABASE_RETRY_AFTER = env_float("DATABASE_RETRY_AFTER", 5.0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Password guessing (django-axes, config/throttling.py): after 5 wrong passwords for one
# user name from one client address, that pair is refused for 15 minutes (429), on the
# admin's and the site's logins and on page and collection password forms. Attempts are
# kept in the database, so every worker and server shares them. The client address is
# REMOTE_ADDR, or behind TRUSTED_PROXIES reverse proxies the address the outermost one
# saw, read from the right of X-Forwarded-For (what a client puts further left is not
# believed). Unlock early with `manage.py axes_reset_username <name>` (see docs/deployment.md).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.throttling.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # no record of every successful login and its address
AXES_ENABLE_ADMIN = False  # Django's admin site is not installed
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 1)
if TRUSTED_PROXIES:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXIES - 1  # entries after the client's
    IPWARE_STRICT = False  # entries a client sent ahead of the proxies' are skipped
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Languages. WAGTAIL_CONTENT_LANGUAGES is what editors can translate into; the list is
# a setting (SITE_LANGUAGES, comma-separated codes), never a code change.
_KNOWN_LANGUAGES = {
    "en": _("English"),
    "ru": _("Russian"),
    "fr": _("French"),
    "de": _("German"),
    "it": _("Italian"),
    "es": _("Spanish"),
}
_site_languages = env_list("SITE_LANGUAGES", ["en", "ru"])
LANGUAGE_CODE = _site_languages[0]
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    (code, _KNOWN_LANGUAGES.get(code, code)) for code in _site_languages
]
WAGTAIL_I18N_ENABLED = True
# A page submitted for translation becomes a draft in the other language, even when its
# source is live: an untranslated copy must not go live, and publishing is a moderator's
# call (editorial/localize_views.py).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as editors in Europe type them (29.10.2015, 29/10/2015): config/formats.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "UTC"
# The time zone a new event starts with (an IANA name; editors choose each event's own).
EVENT_DEFAULT_TIME_ZONE = env_str("EVENT_DEFAULT_TIME_ZONE") or "Europe/Warsaw"
# The acronym of the organisation the site belongs to (a term of the organisations
# vocabulary): the source a new event starts with.
INSTITUTION_ACRONYM = env_str("INSTITUTION_ACRONYM") or "ODIHR"
# The countries an event can take place in: the OSCE's 57 participating States, its
# Partners for Co-operation, and Kosovo (XK, a code ISO 3166 leaves to its users), under
# the names the OSCE gives them where those differ from django-countries' own.
# django-countries reads this; a COUNTRIES_OVERRIDE setting renames any of them.
COUNTRIES_ONLY = [
    # participating States
    *("AL", "AD", "AM", "AT", "AZ", "BY", "BE", "BA", "BG", "CA", "HR", "CY", "CZ", "DK"),
    *("EE", "FI", "FR", "GE", "DE", "GR", "VA", "HU", "IS", "IE", "IT", "KZ", "KG", "LV"),
    *("LI", "LT", "LU", "MT", "MD", "MC", "MN", "ME", "NL", "MK", "NO", "PL", "PT", "RO"),
    ("RU", _("Russian Federation")),
    *("SM", "RS", "SK", "SI", "ES", "SE", "CH", "TJ", "TR", "TM", "UA", "GB", "US"),
    "UZ",
    # Asian and Mediterranean Partners for Co-operation
    ("KR", _("Republic of Korea")),
    *("AF", "AU", "JP", "TH", "DZ", "EG", "IL", "JO", "MA", "TN"),
    ("XK", _("Kosovo")),
]
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    # Every uploaded file is stored under a plain ASCII name (uploads.files).
    "default": {"BACKEND": "uploads.files.SafeNameStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# With AWS_STORAGE_BUCKET_NAME set, uploads live in that S3-compatible bucket instead,
# shared by every app server (django-storages, configured by its usual variables; see
# uploads/s3.py): objects are private (no ACL is set; the bucket lets anyone read the
# renditions under images/, or only the CDN of AWS_S3_CUSTOM_DOMAIN reads them), and
# documents and original images get signed URLs valid AWS_QUERYSTRING_EXPIRE seconds.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME") or None
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "uploads.s3.SafeNameS3Storage"}
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL") or None  # unset: Amazon S3 itself
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME") or None
    # Unset: boto3's own chain (its environment variables, an instance or task role).
    AWS_ACCESS_KEY_ID = env_str("AWS_ACCESS_KEY_ID") or None
    AWS_SECRET_ACCESS_KEY = env_str("AWS_SECRET_ACCESS_KEY") or None
    AWS_S3_CUSTOM_DOMAIN = env_str("AWS_S3_CUSTOM_DOMAIN") or None  # for renditions only
    AWS_S3_ADDRESSING_STYLE = env_str("AWS_S3_ADDRESSING_STYLE") or None  # "path" for some servers
    AWS_S3_SIGNATURE_VERSION = "s3v4"
    AWS_DEFAULT_ACL = None  # never public-read: what is public is the bucket's policy
    AWS_QUERYSTRING_AUTH = True
    AWS_QUERYSTRING_EXPIRE = env_int("AWS_QUERYSTRING_EXPIRE", 300)
    AWS_S3_FILE_OVERWRITE = False  # as on disk: a name taken gets another, never replaced
    # A store that stops answering holds a request (a page showing an image with no
    # rendition yet, an upload) seconds, not minutes: boto waits 60 s to connect and 60 s
    # for each read, and tries 5 times. Given here, this replaces django-storages' own
    # client configuration, so it carries the addressing style and signature too.
    AWS_S3_CLIENT_CONFIG = botocore.config.Config(
        s3={"addressing_style": AWS_S3_ADDRESSING_STYLE},
        signature_version=AWS_S3_SIGNATURE_VERSION,
        connect_timeout=env_int("AWS_S3_CONNECT_TIMEOUT", 3),
        read_timeout=env_int("AWS_S3_READ_TIMEOUT", 5),
        retries={"mode": "standard", "max_attempts": 2},
    )
    # Downloads (an original read to make a rendition) are not tried again on top of that.
    AWS_S3_TRANSFER_CONFIG = boto3.s3.transfer.TransferConfig(num_download_attempts=1)
# Documents are always downloaded through Wagtail's view (/documents/<id>/<name>), which
# checks the privacy of their collection; MEDIA_ROOT/documents/ is never served as files.
# With DOCUMENTS_SENDFILE=nginx (or xsendfile, for Apache) the view hands the file to the
# proxy (X-Accel-Redirect to an internal location, see docs/deployment.md) instead of streaming it.
# With a bucket, the view answers a visitor who may read the document with a redirect to
# its signed, short-lived URL (uploads.views.serve_document): the file never goes through
# the app, and no permanent URL of it exists.
WAGTAILDOCS_SERVE_METHOD = "redirect" if AWS_STORAGE_BUCKET_NAME else "serve_view"
_documents_sendfile = env_str("DOCUMENTS_SENDFILE")
if _documents_sendfile and AWS_STORAGE_BUCKET_NAME:
    raise ImproperlyConfigured(
        "DOCUMENTS_SENDFILE hands the proxy a file of MEDIA_ROOT; with "
        "AWS_STORAGE_BUCKET_NAME documents are in the bucket: unset DOCUMENTS_SENDFILE."
    )
if _documents_sendfile:
    if _documents_sendfile not in ("nginx", "xsendfile"):
        raise ImproperlyConfigured(
            f"DOCUMENTS_SENDFILE must be nginx or xsendfile, not {_documents_sendfile!r}."
        )
    SENDFILE_BACKEND = f"django_sendfile.backends.{_documents_sendfile}"
    SENDFILE_ROOT = os.path.abspath(MEDIA_ROOT / "documents")
    SENDFILE_URL = "/internal-media/documents"

# Redis (django-redis) backs the cache when REDIS_URL is set, shared by every app server;
# otherwise a per-process memory cache, which production refuses (config/settings/
# production.py). A failing Redis degrades to uncached responses (IGNORE_EXCEPTIONS,
# short timeouts), never to errors.
_redis_url = env_str("REDIS_URL")
if _redis_url:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": _redis_url,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX") or "cms",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
                # After a failure, no call for CACHE_RETRY_AFTER seconds (config.redis).
                "CONNECTION_POOL_KWARGS": {"connection_class": BreakerConnection},
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CACHE_RETRY_AFTER = env_float("CACHE_RETRY_AFTER", 5.0)  # seconds; see config.redis

# A CDN or caching proxy in front of the site is purged on publish, unpublish, move
# and delete (caching/frontend.py): an HTTP proxy that accepts PURGE (Varnish,
# nginx) at FRONTEND_CACHE_PURGE_URL, and/or Cloudflare with an API token and zone.
WAGTAILFRONTENDCACHE = {}
if env_str("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env_str("FRONTEND_CACHE_PURGE_URL"),
    }
if env_str("CLOUDFLARE_API_TOKEN"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env_str("CLOUDFLARE_API_TOKEN"),
        "ZONEID": env_str("CLOUDFLARE_ZONE_ID"),
    }
# Wagtail's background tasks (CDN purges, search and reference indexing, image focal
# points, file deletion) and the site's own (worker/tasks.py) go through django-tasks.
# TASKS=immediate runs each one at once, in the process that asks for it: nothing more to
# start for a local run, and tests see the outcome at once. TASKS=database (production's
# default) stores it in the database for `manage.py run_worker` (django-tasks-db), so it
# leaves the editor's request, a failed CDN purge is tried again later, and scheduled
# publishing runs there; results are listed in the admin (Reports > Background tasks).
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_MODE = env_choice("TASKS", tuple(TASK_BACKENDS), "immediate")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_MODE]}}
# A CDN purge that fails is tried again PURGE_ATTEMPTS times in all, waiting 1, 2, 4, ...
# minutes in between (caching/frontend.py; with TASKS=database only).
PURGE_ATTEMPTS = env_int("PURGE_ATTEMPTS", 5)
# How long the change feed (/api/v2/changes/) keeps its entries; a client whose cursor is
# older starts again from the beginning (changes/feed.py, `prune_changes`).
CHANGES_RETENTION_DAYS = env_int("CHANGES_RETENTION_DAYS", 30)
# A webhook delivery that fails is tried WEBHOOK_ATTEMPTS times in all, waiting 1, 2, 4, ...
# minutes in between (changes/webhooks.py; with TASKS=database only).
WEBHOOK_ATTEMPTS = env_int("WEBHOOK_ATTEMPTS", 5)
# A task still running TASK_RUNNING_LIMIT minutes after it started lost its worker (killed
# by a deploy, a machine lost) and is queued again (worker/tasks.py): every task the site
# runs may run twice. Longer than any task takes.
TASK_RUNNING_LIMIT = env_int("TASK_RUNNING_LIMIT", 30)
SITE_CACHE_TIMEOUT = 600  # the longest a cached response or fragment lives (seconds)
# The response cache and the cached fragments (caching/version.py); RESPONSE_CACHE=0 switches
# them off, and every request is computed afresh.
RESPONSE_CACHE = env_bool("RESPONSE_CACHE", True)
# WHOLE_RESPONSES=0 keeps the fragments and listing items but stores no whole response:
# every request is a miss, as the first after a publish is (``make bench`` measures so).
WHOLE_RESPONSES = env_bool("WHOLE_RESPONSES", True)
# Sessions in the database and in the cache: checking a session cookie (the response
# cache does, to serve a cookie that carries no session as any visitor) is a cache read.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Form data other than files (a long page in the admin is well under this); uploaded
# files above FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to disk, and their own limits
# are WAGTAILIMAGES_MAX_UPLOAD_SIZE and WAGTAILDOCS_MAX_UPLOAD_SIZE below.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

# Wagtail
WAGTAIL_SITE_NAME = "Human Rights Institution"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL") or "http://127.0.0.1:8000"
# Site search: Wagtail's database backend, chosen by engine (see search/backends/). On
# PostgreSQL each page is indexed and queried with the text search configuration of its
# own language (english, russian, ...); SQLite's FTS5 index matches words as typed.
if _USES_POSTGRESQL:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.postgres"}}
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.sqlite"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = [
    "gif",
    "jpg",
    "jpeg",
    "png",
    "webp",
    "avif",
]  # no SVG: it can carry script
WAGTAILIMAGES_MAX_IMAGE_PIXELS = (
    50_000_000  # a "decompression bomb" is refused before it is decoded
)
# Checks each document's content against its extension (uploads.forms, uploads.files); the
# file of a document or image in use is replaced by Moderators only (editorial.roles).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "uploads.forms.DocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "uploads.forms.ImageForm"
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# The admin makes no requests to third parties: no Gravatar (it would send a hash of each
# editor's email address) and no check for new Wagtail releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Content-Security-Policy (django-csp), for the site and the admin alike. Visitors' pages
# run no script but our own files and load nothing from elsewhere, except the players of
# embedded videos (CSP_EMBED_ORIGINS). Style attributes are allowed (Wagtail's responsive
# embeds size themselves with one), <style> elements are not. config.csp loosens the
# policy for the admin only: see ADMIN_CONTENT_SECURITY_POLICY.
_csp_report_uri = env_str("CSP_REPORT_URI")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": [
            "'self'",
            *env_list(
                "CSP_EMBED_ORIGINS",
                [
                    "https://www.youtube.com",
                    "https://www.youtube-nocookie.com",
                    "https://player.vimeo.com",
                ],
            ),
        ],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        **({"report-uri": [_csp_report_uri]} if _csp_report_uri else {}),
    },
}
# Added to the policy under /admin/. Wagtail's date and time widgets and its inline
# panels initialise themselves with inline <script> elements, and its components set
# inline styles; image uploads show blob: thumbnails. Nothing from another origin.
ADMIN_CONTENT_SECURITY_POLICY = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
}

# Page API (Wagtail API v2)
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_RICH_TEXT_FORMAT = "html"  # links and embeds resolved, not the database format
WAGTAILAPI_SEARCH_ENABLED = True
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # The API is read-only and the same for everyone: no sessions, so no "Vary: Cookie".
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
}

# Cross-origin reads of the API, for the origins listed in CORS_ALLOWED_ORIGINS.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

# The demo superuser's password (local demo only; see demo/management/commands).
DEMO_ADMIN_PASSWORD = env_str("DEMO_ADMIN_PASSWORD")
