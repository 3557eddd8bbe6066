#!/usr/bin/env python
"""``make bench``: the site at a realistic size, measured end to end; writes docs/benchmarks.md.

1. A throwaway PostgreSQL database (dropped at the end): migrate, the demo content,
   then ``generate_large_site`` (``BENCH_EVENTS``/``BENCH_NEWS``, default 10 000/3 000).
2. In process (Django's test client): SQL queries and median latency per request of
   the key API endpoints and pages, cold (cache cleared before each request) and warm;
   the events listing's query count is also taken on the demo alone, before generation.
3. Under gunicorn with the production settings on loopback, Redis on a database number
   of its own (flushed), static files collected into a temp folder: ``wrk`` requests
   per second and latency percentiles for a static file, the events API, an event's
   detail, the home page and an event page; then a publication, checked visible on
   the next request; then a 60-second load test at 32 connections rotating three URLs.
4. ``EXPLAIN (ANALYZE)`` of the events listing's queries for each filter, after ANALYZE.

Environment: ``BENCH_EVENTS``, ``BENCH_NEWS``, ``BENCH_DURATION`` (wrk seconds per
URL, default 10), ``BENCH_LOAD_DURATION`` (default 60), ``BENCH_REQUESTS`` (in-process
requests per URL, default 20), ``BENCH_DATABASE_URL`` (a server to create the database
on, default postgres://postgres@127.0.0.1:5432), ``BENCH_REDIS_URL`` (default
redis://127.0.0.1:6379/13), ``BENCH_OUTPUT`` (default docs/benchmarks.md).
"""

import contextlib
import datetime
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import types
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

EVENTS = int(os.environ.get("BENCH_EVENTS") or 10_000)
NEWS = int(os.environ.get("BENCH_NEWS") or 3_000)
DURATION = int(os.environ.get("BENCH_DURATION") or 10)
LOAD_DURATION = int(os.environ.get("BENCH_LOAD_DURATION") or 60)
REQUESTS = int(os.environ.get("BENCH_REQUESTS") or 20)
ROUNDS = int(os.environ.get("BENCH_ROUNDS") or 3)
STAMPEDE_DURATION = int(os.environ.get("BENCH_STAMPEDE_DURATION") or 60)
PUBLISH_EVERY = 2.0  # seconds between an editor's publishes in the stampede scenario
BUSTING_URLS = int(os.environ.get("BENCH_BUSTING_URLS") or 5000)
TIMEOUT = 10  # seconds before wrk counts a request as a timeout error
SERVER_URL = (os.environ.get("BENCH_DATABASE_URL") or "postgres://postgres@127.0.0.1:5432").rstrip(
    "/"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL") or "redis://127.0.0.1:6379/13"
OUTPUT = Path(os.environ.get("BENCH_OUTPUT") or ROOT / "docs" / "benchmarks.md")
DB_NAME = f"cms_bench_{os.getpid()}"
DATABASE_URL = f"{SERVER_URL}/{DB_NAME}"


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Phases:
    """Wall-clock time of each phase, for the report."""

    def __init__(self):
        self.times = {}

    @contextlib.contextmanager
    def __call__(self, name):
        log(f"{name} …")
        started = time.perf_counter()
        yield
        self.times[name] = time.perf_counter() - started
        log(f"{name}: {self.times[name]:.1f} s")


phase = Phases()


# Environment -----------------------------------------------------------------------


def environment(static_root):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "scripts"), str(ROOT)]),
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DEBUG": "0",
        "DEMO_ADMIN_PASSWORD": secrets.token_urlsafe(16),
        "BENCH_STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "ERROR",
    }


def manage(env, *args):
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")


def admin_connection():
    import psycopg

    return psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True)


def create_database():
    with admin_connection() as connection:
        connection.execute(f'CREATE DATABASE "{DB_NAME}"')


def drop_database():
    with contextlib.suppress(Exception), admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def machine():
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError):
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GiB RAM"
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return {
        "cpu": f"{os.cpu_count()} × {cpu}",
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "load": load,
    }


# In-process measurements -----------------------------------------------------------


def in_process_targets():
    from demo.content import SEED_EVENT
    from events.models import EventPage

    seed = EventPage.objects.get(slug=SEED_EVENT["slug"], locale__language_code="en")
    return seed, [
        ("API events, all fields, limit 20", "/api/v2/events/?fields=*&limit=20"),
        ("API events, all fields, limit 100", "/api/v2/events/?fields=*&limit=100"),
        ("API event detail", f"/api/v2/pages/{seed.pk}/"),
        ("API navigation", "/api/v2/navigation/?locale=en"),
        ("API search", "/api/v2/search/?q=hate+crime"),
        ("Home page", "/en/"),
        ("Events listing page", "/en/events/"),
        ("Event page", seed.url),
    ]


def measure_request(client, url, cold):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as context:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return elapsed, len(context)


def repeat(client, url, cold):
    """``REQUESTS`` measurements, or fewer (at least 3) when they take over 10 s in all."""
    results, spent = [], 0.0
    while len(results) < REQUESTS and (len(results) < 3 or spent < 10):
        results.append(measure_request(client, url, cold=cold))
        spent += results[-1][0]
    return results


def measure_in_process(targets):
    """Per request: cold (the cache emptied first), miss (the whole response not cached,
    what it shares with other requests cached: ``WHOLE_RESPONSES=0``) and warm."""
    from django.test import Client, override_settings

    client = Client()
    rows = []
    for label, url in targets:
        measure_request(client, url, cold=True)  # renditions, compiled templates
        cold = repeat(client, url, cold=True)
        with override_settings(WHOLE_RESPONSES=False):
            measure_request(client, url, cold=False)  # what the request shares, cached
            miss = repeat(client, url, cold=False)
        measure_request(client, url, cold=False)
        warm = repeat(client, url, cold=False)
        rows.append(
            {
                "label": label,
                "url": url,
                "n_cold": len(cold),
                "n_warm": len(warm),
                "cold_queries": cold[-1][1],
                "cold_ms": statistics.median(t for t, _ in cold) * 1000,
                "warm_queries": warm[-1][1],
                "warm_ms": statistics.median(t for t, _ in warm) * 1000,
                "miss_queries": miss[-1][1],
                "miss_ms": statistics.median(t for t, _ in miss) * 1000,
            }
        )
        log(
            f"  {label}: cold {rows[-1]['cold_queries']} queries {rows[-1]['cold_ms']:.1f} ms, "
            f"miss {rows[-1]['miss_queries']} queries {rows[-1]['miss_ms']:.1f} ms, "
            f"warm {rows[-1]['warm_queries']} queries {rows[-1]['warm_ms']:.1f} ms"
        )
    return rows


def listing_queries():
    """Queries of the events listings (API and page): ``{url: (cold, miss)}``.

    Cold: the cache cleared first. Miss: the whole response not cached, what the request
    shares with others cached (the figure the targets are about: the cold count also
    holds lookups that depend on the items shown, such as a term's translation into
    each language the page's items use, bounded by models and languages, not by size).
    """
    from django.test import Client, override_settings

    client = Client()
    result = {}
    for url in ("/api/v2/events/?fields=*&limit=20", "/en/events/"):
        measure_request(client, url, cold=True)
        cold = measure_request(client, url, cold=True)[1]
        with override_settings(WHOLE_RESPONSES=False):
            measure_request(client, url, cold=False)
            miss = measure_request(client, url, cold=False)[1]
        result[url] = (cold, miss)
    return result


# EXPLAIN ---------------------------------------------------------------------------

EXPLAIN_TARGETS = [
    ("date range (one month)", "/api/v2/events/?date_from={month_start}&date_to={month_end}"),
    ("upcoming", "/api/v2/events/?upcoming=1"),
    ("event type", "/api/v2/events/?event_type=training"),
    ("country", "/api/v2/events/?country=RO"),
    ("locale", "/api/v2/events/?locale=ru"),
    ("listing page", "/en/events/"),
    ("listing page, type and year", "/en/events/?type=training&year={year}"),
]


def explain_listings():
    from django.db import connection
    from django.test import Client

    from demo.query_plans import table_scans, uses_index

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    today = datetime.date.today()
    month_start = (today + datetime.timedelta(days=400)).replace(day=1)
    month_end = (month_start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(
        days=1
    )
    values = {"month_start": month_start, "month_end": month_end, "year": today.year + 1}
    client = Client()
    verdicts = []
    for label, template in EXPLAIN_TARGETS:
        url = template.format(**values)
        scans, milliseconds = table_scans(url, "events_eventpage", client)
        verdicts.append(
            {
                "label": label,
                "url": url,
                "verdict": "index" if uses_index(scans) else "sequential scan",
                "scans": sorted(set(scans)),
                "ms": milliseconds,
            }
        )
        log(f"  {label}: {verdicts[-1]['verdict']} ({milliseconds:.1f} ms)")
    return verdicts


# Under gunicorn ----------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env, log_path, port=None):
    """gunicorn on loopback (``port``, or a free one) until the block ends; waits until it answers."""
    port = port or free_port()
    server_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "LOG_LEVEL": "INFO"}
    command = [PYTHON, "-m", "gunicorn"]
    if (ROOT / "gunicorn.conf.py").exists():
        command += ["-c", str(ROOT / "gunicorn.conf.py")]
    else:
        workers = server_env.get("WEB_CONCURRENCY") or str(2 * (os.cpu_count() or 1) + 1)
        command += ["config.wsgi:application", "--bind", server_env["GUNICORN_BIND"]]
        command += ["--workers", workers, "--threads", "2"]
    with open(log_path, "w") as log_file:
        process = subprocess.Popen(
            command, cwd=ROOT, env=server_env, stdout=log_file, stderr=subprocess.STDOUT
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/api/v2/navigation/", timeout=5):
                        break
                except Exception:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"gunicorn did not start; see {log_path}") from None
                    time.sleep(0.5)
            yield types.SimpleNamespace(base=base, pid=process.pid, log=log_path)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def wrk_binary():
    found = shutil.which("wrk")
    if found:
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing wrk (apt-get install wrk)")
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
        found = shutil.which("wrk")
    if not found:
        raise SystemExit(
            "wrk is missing: install it with `sudo apt-get install wrk` and run again."
        )
    return found


def parse_duration(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def parse_wrk(output):
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for percentile in ("50", "90", "99"):
        match = re.search(rf"^\s+{percentile}%\s+(\S+)", output, re.MULTILINE)
        result[f"p{percentile}"] = parse_duration(match.group(1)) if match else None
    match = re.search(r"(\d+) requests in", output)
    result["requests"] = int(match.group(1)) if match else 0
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["non_2xx"] = int(match.group(1)) if match else 0
    match = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    kinds = ("connect", "read", "write", "timeout")
    result["socket_detail"] = (
        dict(zip(kinds, map(int, match.groups()), strict=True)) if match else {}
    )
    result["socket_errors"] = sum(result["socket_detail"].values())
    return result


def run_wrk(url, connections, duration, script=None):
    command = [wrk_binary(), "-t2", f"-c{connections}", f"-d{duration}s", "--latency"]
    # A slow answer is measured, not counted as an error (wrk's default gives up at 2 s).
    command += ["--timeout", f"{TIMEOUT}s"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode()


def static_path(static_root):
    manifest = json.loads((Path(static_root) / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


def server_targets(static_url, seed_url, seed_id):
    return [
        ("Static file (whitenoise)", static_url),
        ("API events, all fields, limit 20", "/api/v2/events/?fields=*&limit=20"),
        ("API event detail", f"/api/v2/pages/{seed_id}/"),
        ("Home page", "/en/"),
        ("Event page", seed_url),
    ]


def measure_server(base, static_url, seed_url, seed_id):
    """``ROUNDS`` interleaved rounds of wrk over the targets, the static file first in each.

    The machine's load moves between rounds, so each round's share of the static file's
    req/s is taken within the round, and the report gives medians over the rounds.
    """
    targets = server_targets(static_url, seed_url, seed_id)
    for _, path in targets:
        status, _ = fetch(base + path)  # warms the cache
        assert status == 200, (path, status)
    rounds = []
    for number in range(ROUNDS):
        results = [run_wrk(base + path, connections=16, duration=DURATION) for _, path in targets]
        rounds.append(results)
        static_rps = results[0]["rps"]
        log(
            f"  round {number + 1}: "
            + ", ".join(
                f"{label} {result['rps']:.0f} req/s ({100 * result['rps'] / static_rps:.1f}%)"
                for (label, _), result in zip(targets, results, strict=True)
            )
        )
    rows = []
    for index, (label, path) in enumerate(targets):
        results = [results[index] for results in rounds]
        shares = [
            result["rps"] / results_[0]["rps"]
            for result, results_ in zip(results, rounds, strict=True)
        ]
        rows.append(
            {
                "label": label,
                "url": path,
                "rounds": len(results),
                "share": statistics.median(shares),
                **{
                    name: statistics.median(result[name] for result in results)
                    for name in ("rps", "p50", "p90", "p99")
                },
                **{
                    name: sum(result[name] for result in results)
                    for name in ("requests", "non_2xx", "socket_errors")
                },
                "socket_detail": {
                    kind: sum(result["socket_detail"].get(kind, 0) for result in results)
                    for kind in ("connect", "read", "write", "timeout")
                },
            }
        )
    return rows


def publication_check(base):
    """A title changed and published is in the API and on the page at the next request."""
    from events.models import EventPage

    event = EventPage.objects.filter(locale__language_code="en").order_by("-start_date").first()
    api = f"{base}/api/v2/pages/{event.pk}/"
    listing = f"{base}/api/v2/events/?fields=*&limit=20&order=-start_date"
    for url in (api, listing, base + event.url):
        fetch(url)  # cached now
    new_title = f"{event.title} (updated {secrets.token_hex(3)})"
    event.title = new_title
    started = time.perf_counter()
    event.save_revision().publish()
    results = {
        "api detail": new_title in fetch(api)[1],
        "api listing": new_title in fetch(listing)[1],
        "event page": new_title in fetch(base + event.url)[1],
    }
    elapsed = (time.perf_counter() - started) * 1000
    log(f"  published “{new_title}”: visible {results} within {elapsed:.0f} ms")
    return {"title": new_title, "visible": results, "ms": elapsed}


def load_test(base, seed_url, workdir):
    script = Path(workdir) / "rotate.lua"
    paths = ["/en/", seed_url, "/api/v2/events/"]
    script.write_text(
        "local paths = {" + ", ".join(json.dumps(p) for p in paths) + "}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i + 1\n"
        "  return wrk.format('GET', paths[(i % #paths) + 1])\n"
        "end\n"
    )
    result = run_wrk(base + "/", connections=32, duration=LOAD_DURATION, script=script)
    result["paths"] = paths
    log(
        f"  {result['requests']} requests, {result['rps']:.0f} req/s, "
        f"{result['non_2xx']} non-2xx/3xx, {result['socket_errors']} socket errors, "
        f"p50 {result['p50']:.1f} ms, p90 {result['p90']:.1f} ms, p99 {result['p99']:.1f} ms"
    )
    return result


CACHE_STATUS_LUA = """
-- Rotates ``paths`` (each thread from its own offset) and counts the response cache's
-- ``Cache-Status`` answers (RFC 9211) per kind, and the computations per entry (a miss
-- names its entry's key, which holds the content version); ``done`` prints the totals.
local threads = {}
function setup(thread)
  thread:set("offset", #threads * 7919)
  table.insert(threads, thread)
end
function init(args)
  i = offset
  hit, computed, collapsed, uncached = 0, 0, 0, 0
  entries = {}
end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
function response(status, headers, body)
  local value = headers["Cache-Status"] or headers["cache-status"]
  if value == nil then
    uncached = uncached + 1
  elseif string.find(value, "collapsed", 1, true) then
    collapsed = collapsed + 1
  elseif string.find(value, "fwd=", 1, true) then
    computed = computed + 1
    local key = string.match(value, 'key="(%x+)"') or "?"
    entries[key] = (entries[key] or 0) + 1
  else
    hit = hit + 1
  end
end
function done(summary, latency, requests)
  local totals = {hit = 0, computed = 0, collapsed = 0, uncached = 0}
  local entries, distinct = {}, 0
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + thread:get(name)
    end
    for key, count in pairs(thread:get("entries")) do
      if entries[key] == nil then distinct = distinct + 1 end
      entries[key] = (entries[key] or 0) + count
    end
  end
  io.write(string.format(
    "CACHE-STATUS hit=%d computed=%d collapsed=%d uncached=%d entries=%d\\n",
    totals.hit, totals.computed, totals.collapsed, totals.uncached, distinct))
end
"""


def cache_status_script(path, paths):
    """A wrk script rotating ``paths`` and counting ``Cache-Status`` kinds."""
    Path(path).write_text(
        "paths = {" + ", ".join(json.dumps(p) for p in paths) + "}\n" + CACHE_STATUS_LUA
    )
    return path


def parse_cache_status(output):
    match = re.search(
        r"CACHE-STATUS hit=(\d+) computed=(\d+) collapsed=(\d+) uncached=(\d+) entries=(\d+)",
        output,
    )
    names = ("hit", "computed", "collapsed", "uncached", "entries")
    return dict(zip(names, map(int, match.groups()), strict=True))


def wrk_command(url, connections, duration, script):
    return [
        wrk_binary(), "-t2", f"-c{connections}", f"-d{duration}s", "--latency",
        "--timeout", f"{TIMEOUT}s", "-s", str(script), url,
    ]  # fmt: skip


def stampede(base, seed, workdir):
    """32 clients on the five busiest URLs while an editor publishes every ``PUBLISH_EVERY``
    seconds: each publish starts a content version, so every URL misses at once. With
    concurrent misses coalesced, each URL is computed once per version."""
    from events.models import EventPage

    paths = [
        "/en/",
        seed.url,
        "/api/v2/events/?fields=*&limit=20",
        f"/api/v2/pages/{seed.pk}/",
        "/en/events/",
    ]
    for path in paths:
        fetch(base + path)
    script = cache_status_script(Path(workdir) / "stampede.lua", paths)
    edited = (
        EventPage.objects.filter(locale__language_code="en")
        .exclude(pk=seed.pk)
        .order_by("-start_date")
        .first()
    )
    title = edited.title
    process = subprocess.Popen(
        wrk_command(base + "/", 32, STAMPEDE_DURATION, script),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    publishes = 0
    started = time.monotonic()
    time.sleep(PUBLISH_EVERY / 2)
    while time.monotonic() - started < STAMPEDE_DURATION - PUBLISH_EVERY / 2:
        edited.title = f"{title} ({publishes + 1})"
        edited.save_revision().publish()
        publishes += 1
        time.sleep(max(0.0, started + PUBLISH_EVERY * (publishes + 0.5) - time.monotonic()))
    output, errors = process.communicate(timeout=STAMPEDE_DURATION + 60)
    if process.returncode:
        raise RuntimeError(f"wrk failed: {errors}")
    edited.title = title
    edited.save_revision().publish()
    result = {**parse_wrk(output), **parse_cache_status(output), "paths": paths}
    result["publishes"] = publishes
    log(
        f"  {result['requests']} requests, {publishes} publishes: {result['computed']} "
        f"computations of {result['entries']} entries (a URL in a content version), "
        f"{result['collapsed']} collapsed, {result['hit']} hits; "
        f"{result['non_2xx']} non-2xx/3xx, {result['socket_errors']} socket errors, "
        f"p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms"
    )
    return result


def busting_paths(count):
    """``count`` distinct events API URLs, as an external client exploring filters makes
    them: dates, countries, types, areas, languages, pages of results (seeded, so every
    run asks the same)."""
    import random

    from django.db.models import Min

    from events.models import EventPage, EventType
    from thematic_areas.models import ThematicAreaPage

    events = EventPage.objects.live().public()
    countries = sorted({c for c in events.values_list("country", flat=True) if c})
    types = sorted(set(EventType.objects.values_list("slug", flat=True)))
    areas = sorted(set(ThematicAreaPage.objects.live().values_list("slug", flat=True)))
    first_year = (events.aggregate(first=Min("start_date"))["first"] or datetime.date.today()).year
    years = range(first_year, datetime.date.today().year + 2)
    randomness = random.Random(2025)
    paths = set()
    while len(paths) < count:
        query = {"fields": randomness.choice(["*", "title,start_date,country", "_,id,title"])}
        year = randomness.choice(years)
        month = randomness.randint(1, 12)
        choices = {
            "date_from": f"{year}-{month:02d}-01",
            "date_to": f"{year}-{month:02d}-28",
            "country": randomness.choice(countries),
            "event_type": randomness.choice(types),
            "thematic_area": randomness.choice(areas),
            "locale": randomness.choice(["en", "ru"]),
            "upcoming": "1",
            "order": randomness.choice(["start_date", "-start_date", "title"]),
            "offset": str(20 * randomness.randint(0, 10)),
        }
        for name in randomness.sample(sorted(choices), randomness.randint(1, 4)):
            query[name] = choices[name]
        query["limit"] = "20"
        paths.add("/api/v2/events/?" + "&".join(f"{k}={v}" for k, v in sorted(query.items())))
    return sorted(paths)


def busting_mix(base, workdir):
    """The external client's figure: distinct filter URLs, mostly misses by construction."""
    paths = busting_paths(BUSTING_URLS)
    script = cache_status_script(Path(workdir) / "busting.lua", paths)
    output = subprocess.run(
        wrk_command(base + "/", 16, LOAD_DURATION, script),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = {**parse_wrk(output), **parse_cache_status(output), "urls": len(paths)}
    result["example"] = paths[len(paths) // 2]
    log(
        f"  {len(paths)} URLs: {result['requests']} requests, {result['rps']:.0f} req/s, "
        f"{result['computed']} computed, {result['hit']} hits, {result['non_2xx']} non-2xx, "
        f"p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms"
    )
    return result


def worker_memory(master_pid):
    """Resident memory of each worker of a gunicorn master (MiB), from /proc."""
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    except OSError:
        return []
    sizes = []
    for pid in children:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
    return sorted(sizes)


def worker_boots(log_path):
    return Path(log_path).read_text().count("Booting worker")


def recycling_comparison(env, seed_url, workdir):
    """The load test again with the former settings: a worker recycled every ~1,000
    requests, the app imported by each worker (no preload)."""
    former = {**env, "GUNICORN_MAX_REQUESTS": "1000", "GUNICORN_PRELOAD": "0"}
    log_path = Path(workdir) / "gunicorn-recycling.log"
    log("  former settings: max_requests 1000, no preload")
    with gunicorn(former, log_path) as server:
        result = load_test(server.base, seed_url, workdir)
        result["boots"] = worker_boots(log_path)
    return result


# Report ------------------------------------------------------------------------------


def svg_chart(rows, path):
    """A horizontal bar chart of requests per second under gunicorn (hand-written SVG)."""
    width, left, bar, gap, top = 760, 250, 26, 12, 40
    height = top + len(rows) * (bar + gap) + 30
    peak = max(row["rps"] for row in rows) or 1
    scale = (width - left - 90) / peak
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13">',
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
        '<text x="10" y="24" font-size="15" font-weight="bold">'
        "Requests per second under gunicorn (wrk, 16 connections, warm cache)</text>",
    ]
    for number, row in enumerate(rows):
        y = top + number * (bar + gap)
        length = max(1, row["rps"] * scale)
        color = "#7a8896" if "Static" in row["label"] else "#005493"
        parts += [
            f'<text x="{left - 8}" y="{y + bar * 0.68:.0f}" text-anchor="end">{row["label"]}</text>',
            f'<rect x="{left}" y="{y}" width="{length:.0f}" height="{bar}" fill="{color}"/>',
            f'<text x="{left + length + 6:.0f}" y="{y + bar * 0.68:.0f}">{row["rps"]:.0f}</text>',
        ]
    parts.append("</svg>")
    path.write_text("\n".join(parts) + "\n")


NOTES_START, NOTES_END = "<!-- notes: kept by make bench -->", "<!-- end of notes -->"


def notes(output=OUTPUT, start_marker=NOTES_START, end_marker=NOTES_END):
    """The hand-written findings of a report (docs/benchmarks.md), carried over to the new one."""
    if output.exists():
        text = output.read_text()
        if start_marker in text and end_marker in text:
            start = text.index(start_marker)
            return text[start : text.index(end_marker) + len(end_marker)]
    return f"{start_marker}\n{end_marker}"


def socket_detail(result):
    """`` (read 3, timeout 1)``: the kinds of socket errors wrk saw, if any."""
    kinds = [f"{kind} {count}" for kind, count in result["socket_detail"].items() if count]
    return f" ({', '.join(kinds)})" if kinds else ""


def write_report(data):
    def fmt(value, digits=1):
        return "–" if value is None else f"{value:.{digits}f}"

    static_rps = data["server"][0]["rps"]
    events_rps = next(r["rps"] for r in data["server"] if r["label"].startswith("API events"))
    small = data["queries_small"]
    large = data["queries_large"]
    load = data["load"]
    stampede, busting = data["stampede"], data["busting"]
    stampede_errors = stampede["non_2xx"] + stampede["socket_errors"]
    stampede_met = stampede["computed"] == stampede["entries"] and not stampede_errors
    lines = [
        "# Benchmarks",
        "",
        f"Measured by `make bench` (`scripts/bench.py`) on {data['date']}. Run it again to",
        "refresh this page; every number below comes from that one run.",
        "",
        "## The run",
        "",
        f"- Machine: {data['machine']['cpu']}, {data['machine']['memory']}, "
        f"{data['machine']['os']}, Python {data['machine']['python']}; load average at the "
        f"start {data['machine']['load']}. The machine was shared with other work during the "
        "run, so latencies carry noise; compare runs on the same machine only.",
        f"- Database: PostgreSQL {data['postgres']}, a throwaway database, migrated, with the "
        f"demo content and `generate_large_site --events {EVENTS} --news {NEWS}`: "
        f"{data['counts']} pages in all (each item in English and Russian).",
        f"- Generation took {data['generation_s']:.0f} s ({data['generation_phases']}).",
        "- Server: gunicorn with `gunicorn.conf.py` (its default workers and threads), "
        "`config.settings.production` (DEBUG off, SECURE_SSL_REDIRECT=0, Redis cache on a "
        "database number of its own, flushed first, static files collected and served by "
        "whitenoise), on 127.0.0.1; wrk on the same machine, so client and server share "
        "the cores.",
        "- Phases: "
        + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in data["phases"].items())
        + f"; {data['total_s']:.0f} s in all.",
        "",
        "## Targets",
        "",
        "| target | result | met |",
        "| --- | --- | --- |",
        f"| Events API (all fields, warm cache) ≥ half the static file's requests per second "
        f"| {events_rps:.0f} vs {static_rps:.0f} / 2 = {static_rps / 2:.0f} req/s "
        f"| {'yes' if events_rps >= static_rps / 2 else 'no'} |",
    ]
    miss_rows = {row["label"]: row for row in data["server_miss"]}
    miss_static_rps = data["server_miss"][0]["rps"]
    in_process = {row["label"]: row for row in data["in_process"]}
    for label, share, milliseconds in (
        ("API events, all fields, limit 20", 4, 12),
        ("API event detail", 8, 8),
        ("Event page", 8, 8),
    ):
        rps, measured = miss_rows[label]["rps"], miss_rows[label]["share"]
        row = in_process[label]
        met = measured >= share / 100 and row["miss_ms"] <= milliseconds
        lines.append(
            f"| {label} on a miss: ≥ {share}% of the static file's req/s and ≤ {milliseconds} ms "
            f"in process | {100 * measured:.1f}% (median of {ROUNDS} rounds; {rps:.0f} of "
            f"{miss_static_rps:.0f} req/s), {row['miss_ms']:.1f} ms, {row['miss_queries']} "
            f"queries | {'yes' if met else 'no'} |"
        )
    for url in small:
        (small_cold, small_miss), (large_cold, large_miss) = small[url], large[url]
        lines.append(
            f"| Queries of `{url}` on a miss do not grow from the demo alone to "
            f"{EVENTS} events | {small_miss} and {large_miss} (cache cleared: {small_cold} "
            f"and {large_cold}) | {'yes' if large_miss <= small_miss else 'no'} |"
        )
    limit_20 = in_process["API events, all fields, limit 20"]
    limit_100 = in_process["API events, all fields, limit 100"]
    same = (limit_20["cold_queries"], limit_20["miss_queries"]) == (
        limit_100["cold_queries"],
        limit_100["miss_queries"],
    )
    lines.append(
        f"| Queries of the events API, all fields, the same at 20 and 100 items "
        f"| cache cleared {limit_20['cold_queries']} and {limit_100['cold_queries']}, on a "
        f"miss {limit_20['miss_queries']} and {limit_100['miss_queries']} "
        f"| {'yes' if same else 'no'} |"
    )
    visible = data["publication"]["visible"]
    lines += [
        f"| A page published is visible on the next request (API detail, API listing, page) "
        f"| {', '.join(f'{k}: {v}' for k, v in visible.items())} "
        f"| {'yes' if all(visible.values()) else 'no'} |",
        f"| Load test at 32 connections for {LOAD_DURATION} s without errors "
        f"| {load['non_2xx']} non-2xx/3xx, {load['socket_errors']} socket errors "
        f"{socket_detail(load)} "
        f"| {'yes' if load['non_2xx'] == 0 and load['socket_errors'] == 0 else 'no'} |",
        f"| No stampede: {len(stampede['paths'])} busy URLs at 32 connections, a publish every "
        f"{PUBLISH_EVERY:.0f} s for {STAMPEDE_DURATION} s: each URL computed once per content "
        f"version, no error | {stampede['computed']} computations of {stampede['entries']} "
        f"entries (URL × content version), {stampede['collapsed']} requests collapsed; "
        f"{stampede_errors} errors; p99 {fmt(stampede['p99'])} ms (without publishes: "
        f"{fmt(load['p99'])} ms) | {'yes' if stampede_met else 'no'} |",
        "",
        "## In process: queries and latency per request",
        "",
        f"Django's test client in the bench's own process, production settings, median of "
        f"{REQUESTS} requests (n= where fewer, to keep the run short). Cold: the cache "
        "cleared before each request (content version, menu and response caches empty); "
        "miss: the whole response not cached (`WHOLE_RESPONSES=0`), what the request shares "
        "with others cached (site, roots, menu, listing items), as for the first request "
        "after a publish once the shared parts are back; warm: the same request repeated.",
        "",
        "| request | queries cold | median cold (ms) | queries miss | median miss (ms) "
        "| queries warm | median warm (ms) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in data["in_process"]:
        fewer = "" if row["n_cold"] == REQUESTS else f" (n={row['n_cold']})"
        lines.append(
            f"| {row['label']} `{row['url']}` | {row['cold_queries']} "
            f"| {fmt(row['cold_ms'])}{fewer} | {row['miss_queries']} | {fmt(row['miss_ms'])} "
            f"| {row['warm_queries']} | {fmt(row['warm_ms'])} |"
        )
    lines += [
        "",
        "## Under gunicorn: throughput and latency",
        "",
        f"`wrk -t2 -c16 -d{DURATION}s --latency --timeout {TIMEOUT}s`, after one request "
        "that fills the cache. Errors are non-2xx/3xx answers plus socket errors.",
        "",
        "![Requests per second](benchmarks.svg)",
        "",
        "| request | req/s | p50 (ms) | p90 (ms) | p99 (ms) | requests | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in data["server"]:
        lines.append(
            f"| {row['label']} `{row['url']}` | {row['rps']:.0f} | {fmt(row['p50'])} "
            f"| {fmt(row['p90'])} | {fmt(row['p99'])} | {row['requests']} "
            f"| {row['non_2xx'] + row['socket_errors']} |"
        )
    lines += [
        "",
        "### On a miss",
        "",
        "The same, on a second gunicorn with `WHOLE_RESPONSES=0`: every request computed, "
        "what it shares with others cached. The share is of the static file's req/s in this "
        "same run.",
        "",
        "| request | req/s | share of the static file | p50 (ms) | p99 (ms) | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in data["server_miss"]:
        lines.append(
            f"| {row['label']} `{row['url']}` | {row['rps']:.0f} "
            f"| {100 * row['share']:.1f}% | {fmt(row['p50'])} | {fmt(row['p99'])} "
            f"| {row['non_2xx'] + row['socket_errors']} |"
        )
    lines += [
        "",
        "### Hit and miss side by side",
        "",
        "| request | hit req/s | miss req/s | hit share | miss share | in process warm (ms) "
        "| in process miss (ms) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for hit, miss in zip(data["server"][1:], data["server_miss"][1:], strict=True):
        row = in_process.get(hit["label"], {})
        lines.append(
            f"| {hit['label']} | {hit['rps']:.0f} | {miss['rps']:.0f} "
            f"| {100 * hit['share']:.1f}% | {100 * miss['share']:.1f}% "
            f"| {fmt(row.get('warm_ms'))} | {fmt(row.get('miss_ms'))} |"
        )
    lines += [
        "",
        "## Publishing under load: no stampede",
        "",
        f"`wrk -t2 -c32 -d{STAMPEDE_DURATION}s` rotating "
        + ", ".join(f"`{p}`" for p in stampede["paths"])
        + f" while the bench publishes an event every {PUBLISH_EVERY:.0f} s "
        f"({stampede['publishes']} publishes). "
        "Every publish makes each URL a miss for every client at once; the response cache "
        "lets the first request compute it and the others wait for its entry. Counted from "
        "the `Cache-Status` header of every response, whose `key` names the entry (a URL in "
        "one content version): a publish makes at least two versions, one when its transaction "
        "starts changing content and one when it commits (`caching.version`), so entries "
        "are about twice the publishes times the URLs.",
        "",
        "| requests | req/s | entries | computed | collapsed (waited) | hits | errors "
        "| p50 (ms) | p99 (ms) | p99 without publishes (ms) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {stampede['requests']} | {stampede['rps']:.0f} | {stampede['entries']} "
        f"| {stampede['computed']} "
        f"| {stampede['collapsed']} | {stampede['hit']} | {stampede_errors} "
        f"| {fmt(stampede['p50'])} | {fmt(stampede['p99'])} | {fmt(load['p99'])} |",
        "",
        "## External clients: a cache-busting mix",
        "",
        f"`wrk -t2 -c16 -d{LOAD_DURATION}s` over {busting['urls']} distinct events API URLs "
        "(filters by dates, country, type, thematic area, language, order and page, each "
        f"with `limit=20`; e.g. `{busting['example']}`), each client thread from its own "
        "offset: mostly misses, as an external client exploring filters makes them.",
        "",
        "| requests | req/s | share of the static file | computed | hits | errors "
        "| p50 (ms) | p90 (ms) | p99 (ms) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {busting['requests']} | {busting['rps']:.0f} "
        f"| {100 * busting['rps'] / static_rps:.1f}% | {busting['computed']} "
        f"| {busting['hit']} | {busting['non_2xx'] + busting['socket_errors']} "
        f"| {fmt(busting['p50'])} | {fmt(busting['p90'])} | {fmt(busting['p99'])} |",
    ]
    lines += [
        "",
        "## Load test",
        "",
        f"`wrk -t2 -c32 -d{LOAD_DURATION}s --timeout {TIMEOUT}s` with a Lua script rotating "
        + ", ".join(f"`{p}`" for p in load["paths"])
        + ".",
        "",
        "| requests | req/s | non-2xx/3xx | socket errors | p50 (ms) | p90 (ms) | p99 (ms) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {load['requests']} | {load['rps']:.0f} | {load['non_2xx']} "
        f"| {load['socket_errors']} {socket_detail(load)} "
        f"| {fmt(load['p50'])} | {fmt(load['p90'])} | {fmt(load['p99'])} |",
        "",
        "## Worker recycling",
        "",
        "The same load test under the former gunicorn settings (each worker recycled after "
        "about 1,000 requests, the app imported by each worker) and under today's "
        "(`gunicorn.conf.py`: no recycling, the app preloaded in the master). Boots count "
        "every worker started during the run, the first ones included; memory is each "
        "worker's resident size before and after today's load test.",
        "",
        "| settings | req/s | p50 (ms) | p90 (ms) | p99 (ms) | worker boots |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        f"| former: max_requests 1000, no preload | {data['recycling']['rps']:.0f} "
        f"| {fmt(data['recycling']['p50'])} | {fmt(data['recycling']['p90'])} "
        f"| {fmt(data['recycling']['p99'])} | {data['recycling']['boots']} |",
        f"| today: no recycling, preload | {load['rps']:.0f} | {fmt(load['p50'])} "
        f"| {fmt(load['p90'])} | {fmt(load['p99'])} | {load['boots']} |",
        "",
        "Worker memory (MiB) before the load test: "
        + ", ".join(f"{size:.0f}" for size in load["memory"][0])
        + "; after: "
        + ", ".join(f"{size:.0f}" for size in load["memory"][1])
        + ".",
        "",
        "## Query plans of the events listings",
        "",
        "`EXPLAIN (ANALYZE)` of every query on `events_eventpage` that the request ran "
        "(the count and the page of results; prefetches left out), after `ANALYZE`, at "
        "the generated size. Verdict: whether any of them reads the events table "
        "sequentially.",
        "",
        "| filter | request | verdict | scans of events_eventpage | time (ms) |",
        "| --- | --- | --- | --- | ---: |",
    ]
    for row in data["explain"]:
        lines.append(
            f"| {row['label']} | `{row['url']}` | {row['verdict']} "
            f"| {'; '.join(row['scans'])} | {row['ms']:.1f} |"
        )
    lines += ["", notes(), ""]
    OUTPUT.write_text("\n".join(lines).rstrip() + "\n")
    svg_chart(data["server"], OUTPUT.with_suffix(".svg"))


# Main --------------------------------------------------------------------------------


def main():
    started = time.perf_counter()
    data = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
    }
    wrk_binary()
    workdir = tempfile.mkdtemp(prefix="cms-bench-")
    static_root = Path(workdir) / "static"
    env = environment(static_root)
    log(f"database {DB_NAME}, Redis {REDIS_URL}, {EVENTS} events, {NEWS} news items")
    create_database()
    try:
        flush_redis()
        with phase("migrate"):
            manage(env, "migrate", "--noinput", "-v", "0")
        with phase("demo content"):
            manage(env, "load_demo_content")
        with phase("collectstatic"):
            manage(env, "collectstatic", "--noinput", "-v", "0")

        os.environ.update(env)
        sys.path[:0] = [str(ROOT / "scripts"), str(ROOT)]
        import django

        django.setup()
        from django.db import connection

        with connection.cursor() as cursor:
            version = cursor.connection.info.server_version
        data["postgres"] = f"{version // 10000}.{version % 100}"
        data["queries_small"] = listing_queries()

        with phase("generate"):
            from demo.large_site import LargeSiteGenerator

            generator = LargeSiteGenerator(events=EVENTS, news=NEWS, progress=True)
            generator.generate()
        data["generation_s"] = phase.times["generate"]
        data["generation_phases"] = ", ".join(
            f"{name} {seconds:.0f} s" for name, seconds in generator.timings.items()
        )
        from wagtail.models import Page

        data["counts"] = Page.objects.count()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        data["queries_large"] = listing_queries()

        with phase("in-process requests"):
            seed, targets = in_process_targets()
            data["in_process"] = measure_in_process(targets)
        with phase("explain"):
            data["explain"] = explain_listings()

        flush_redis()
        with phase("gunicorn"), gunicorn(env, Path(workdir) / "gunicorn.log") as server:
            base = server.base
            data["server"] = measure_server(base, static_path(static_root), seed.url, seed.pk)
            data["publication"] = publication_check(base)
            memory_before = worker_memory(server.pid)
            data["load"] = load_test(base, seed.url, workdir)
            data["load"]["memory"] = (memory_before, worker_memory(server.pid))
            data["load"]["boots"] = worker_boots(server.log)
        with phase("stampede"), gunicorn(env, Path(workdir) / "gunicorn-stampede.log") as server:
            data["stampede"] = stampede(server.base, seed, workdir)
        flush_redis()
        with (
            phase("cache-busting mix"),
            gunicorn(env, Path(workdir) / "gunicorn-mix.log") as server,
        ):
            data["busting"] = busting_mix(server.base, workdir)
        flush_redis()
        with (
            phase("gunicorn, misses"),
            gunicorn(
                {**env, "WHOLE_RESPONSES": "0"}, Path(workdir) / "gunicorn-miss.log"
            ) as server,
        ):
            data["server_miss"] = measure_server(
                server.base, static_path(static_root), seed.url, seed.pk
            )
        with phase("recycling"):
            data["recycling"] = recycling_comparison(env, seed.url, workdir)
    finally:
        from django.db import connections

        with contextlib.suppress(Exception):
            connections.close_all()
        drop_database()
        with contextlib.suppress(Exception):
            flush_redis()
        shutil.rmtree(workdir, ignore_errors=True)
    data["phases"] = phase.times
    data["total_s"] = time.perf_counter() - started
    write_report(data)
    log(f"wrote {OUTPUT} and {OUTPUT.with_suffix('.svg')}")
    print()
    print(OUTPUT.read_text())


if __name__ == "__main__":
    main()
