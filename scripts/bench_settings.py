"""Settings of ``make bench`` (scripts/bench.py): production, with static files in a temp folder.

Production settings read everything else from the environment the bench sets
(SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL, SECURE_SSL_REDIRECT=0).
"""

import os

from config.settings.production import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
# The test client's host, for the in-process measurements.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405
