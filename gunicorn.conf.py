"""gunicorn's settings: ``gunicorn -c gunicorn.conf.py`` from the project's directory.

Every value can be changed from the environment (read through config.env, like the
settings); docs/deployment.md (gunicorn) lists the variables. Requests are logged
twice on purpose: gunicorn's access log here (what the server saw), and the app's JSON
line per request (config.logs) with the request id and duration.
"""

import multiprocessing

from config.env import env_bool, env_int, env_str

wsgi_app = "config.wsgi:application"

bind = env_str("GUNICORN_BIND") or "127.0.0.1:8000"
# The usual rule of thumb for a CPU-bound worker pool; WEB_CONCURRENCY is the common name.
workers = env_int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
# Threads let a worker wait on PostgreSQL or a slow client while serving another request.
threads = env_int("GUNICORN_THREADS", 2)
worker_class = "gthread" if threads > 1 else "sync"

# A request taking longer than this is killed (its worker restarted): the database's
# connect timeout and Redis's socket timeouts are far shorter.
timeout = env_int("GUNICORN_TIMEOUT", 30)
# On SIGTERM (a deploy), workers finish the requests they hold for up to this long.
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = env_int("GUNICORN_KEEPALIVE", 5)

# Workers are not recycled: under load, restarting a worker every 1,000 requests meant a
# restart every second or two, each costing the import of the whole app, and cut the
# throughput to a third with multi-second tails (docs/benchmarks.md, "Worker recycling").
# A worker's memory stays flat under load (measured there too); should a leak ever
# appear, GUNICORN_MAX_REQUESTS brings recycling back (with its jitter) until it is fixed.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 100)
# The app is imported once, in the master, before the workers fork: a worker that has
# to be replaced starts in milliseconds and shares the loaded code's memory. (A deploy
# therefore restarts the master, as process managers do; HUP alone keeps the old code.)
preload_app = env_bool("GUNICORN_PRELOAD", True)

# Logs on standard output and standard error, for the process manager to collect.
accesslog = env_str("GUNICORN_ACCESS_LOG") or "-"
# The path without its query string (a preview token travels in one) and no referrer.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
loglevel = env_str("GUNICORN_LOG_LEVEL") or "info"

# The proxy in front sets X-Forwarded-Proto; trust it from these addresses only.
forwarded_allow_ips = env_str("FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"

# gunicorn 25.1+ opens a control socket at one fixed path per user (for gunicornc); the
# process manager controls the server instead, and a second instance on the host (a
# staging copy, a test) would collide with it. Older releases ignore this setting.
control_socket_disable = True
