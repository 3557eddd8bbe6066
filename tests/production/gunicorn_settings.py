"""Production settings for the app that tests/production runs under gunicorn.

Only one change: static files come from the apps (as in the test settings), so no
``collectstatic`` is needed before a test starts the server.
"""

from config.settings.production import *  # noqa: F403
from config.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
