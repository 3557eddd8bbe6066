"""gunicorn's settings: ``gunicorn -c gunicorn.conf.py`` from the project's directory.

Every value can be changed from the environment (read through config.env, like the
settings); the README's Deployment section lists the variables. Requests are logged
twice on purpose: gunicorn's access log here (what the server saw), and the app's JSON
line per request (config.logs) with the request id and duration.
"""

import multiprocessing

from config.env import env_int, env_str

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

# Recycle each worker after about this many requests, at staggered times, so a slow
# leak never grows and the workers never restart all at once.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 100)

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
