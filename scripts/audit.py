#!/usr/bin/env python
"""``make audit``: Lighthouse on the site as visitors get it; writes docs/audit.md.

Not the dev server: a throwaway SQLite database (migrations and the demo content),
static files collected as production serves them (whitenoise, hashed and compressed),
gunicorn with the production settings on a free loopback port. Lighthouse, the pinned
release ``make audit`` installs into ``.audit/``, drives Debian's Chromium
(``CHROME_PATH``, default /usr/bin/chromium) on the home page, the demo's seed event and
the events listing, mobile (Lighthouse's default) and desktop (``--preset=desktop``).
Scores move with the machine's load, so the report gives the load average at the start;
this is a measurement for the docs, not a CI gate.

Environment: ``AUDIT_RUNS`` (Lighthouse runs per page and form factor, the run with
the median performance score kept; default 3), ``AUDIT_OUTPUT`` (default docs/audit.md), ``CHROME_PATH``.
The JSON reports stay in ``.audit/reports/`` (git-ignored) for a closer look.
"""

import contextlib
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402  (its database-free helpers: manage, free_port, gunicorn, notes)

ROOT = bench.ROOT
AUDIT_DIR = ROOT / ".audit"
LIGHTHOUSE = AUDIT_DIR / "node_modules" / ".bin" / "lighthouse"
REPORTS = AUDIT_DIR / "reports"
OUTPUT = Path(os.environ.get("AUDIT_OUTPUT") or ROOT / "docs" / "audit.md")
RUNS = int(os.environ.get("AUDIT_RUNS") or 3)
CHROME = os.environ.get("CHROME_PATH") or "/usr/bin/chromium"
CATEGORIES = [
    ("performance", "Performance"),
    ("accessibility", "Accessibility"),
    ("best-practices", "Best practices"),
    ("seo", "SEO"),
]
METRICS = [
    ("first-contentful-paint", "FCP"),
    ("largest-contentful-paint", "LCP"),
    ("total-blocking-time", "TBT"),
    ("cumulative-layout-shift", "CLS"),
]
FORM_FACTORS = [("mobile", []), ("desktop", ["--preset=desktop"])]
TARGET = 95
FINDINGS_START, FINDINGS_END = "<!-- findings: kept by make audit -->", "<!-- end of findings -->"


def log(message):
    print(f"[audit {time.strftime('%H:%M:%S')}] {message}", flush=True)


def environment(workdir):
    """bench's production environment, on SQLite and without Redis: one visitor at a
    time needs no shared cache, so anyone can run the audit from a fresh clone."""
    env = bench.environment(Path(workdir) / "static")
    env.update(
        DATABASE_URL=f"sqlite:///{Path(workdir) / 'audit.sqlite3'}",
        REDIS_URL="",
        RESPONSE_CACHE="0",
    )
    return env


def seed_event_url(env):
    """The seed event's URL, from the ORM (as bench.py finds it) in a child process, so
    this one keeps no Django state."""
    code = (
        "import django; django.setup()\n"
        "from demo.content import SEED_EVENT\n"
        "from events.models import EventPage\n"
        "print(EventPage.objects.get(slug=SEED_EVENT['slug'], locale__language_code='en').url)"
    )
    result = subprocess.run(
        [bench.PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip().splitlines()[-1]


def chromium_version():
    result = subprocess.run([CHROME, "--version"], capture_output=True, text=True, check=True)
    return result.stdout.strip().splitlines()[-1]


def lighthouse(url, name, flags):
    """One Lighthouse run; the parsed JSON report (also kept in .audit/reports/)."""
    path = REPORTS / f"{name}.json"
    command = [
        str(LIGHTHOUSE),
        url,
        *flags,
        "--output=json",
        f"--output-path={path}",
        "--only-categories=" + ",".join(key for key, _ in CATEGORIES),
        "--chrome-flags=--headless=new --no-sandbox",
        "--quiet",
    ]
    result = subprocess.run(
        command, env={**os.environ, "CHROME_PATH": CHROME}, capture_output=True, text=True
    )
    if result.returncode or not path.exists():
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"lighthouse failed on {url}")
    report = json.loads(path.read_text())
    if report.get("runtimeError"):
        raise SystemExit(f"lighthouse on {url}: {report['runtimeError'].get('message')}")
    return report


def scores(report):
    return {key: round(100 * (report["categories"][key]["score"] or 0)) for key, _ in CATEGORIES}


def median_report(reports):
    """The run whose performance score is the median: performance is what varies."""
    ranked = sorted(reports, key=lambda report: scores(report)["performance"])
    return ranked[len(ranked) // 2]


def audit(base, pages):
    rows = []
    for label, path in pages:
        for form_factor, flags in FORM_FACTORS:
            slug = path.strip("/").replace("/", "-") or "root"
            reports = []
            for run in range(RUNS):
                name = f"{slug}-{form_factor}" + (f"-{run + 1}" if RUNS > 1 else "")
                reports.append(lighthouse(base + path, name, flags))
            report = median_report(reports)
            row = {
                "label": label,
                "path": path,
                "form_factor": form_factor,
                "scores": scores(report),
                "all_performance": [scores(r)["performance"] for r in reports],
                "metrics": {
                    key: report["audits"][key]["displayValue"]
                    for key, _ in METRICS
                    if key in report["audits"]
                },
                "failing": failing_audits(report),
                "lighthouse": report["lighthouseVersion"],
            }
            rows.append(row)
            log(f"  {label} {form_factor}: {row['scores']}")
    return rows


def failing_audits(report):
    """Audits that cost a category points: weighted, scored and not passed."""
    failing = {}
    for key, _ in CATEGORIES:
        for ref in report["categories"][key]["auditRefs"]:
            result = report["audits"][ref["id"]]
            if ref.get("weight") and result.get("score") is not None and result["score"] < 0.9:
                failing.setdefault(key, []).append(f"{ref['id']} ({result['title']})")
    return failing


def write_report(data):
    rows = data["rows"]
    label_of = dict(CATEGORIES)
    runs = f"median of {RUNS} runs by performance score" if RUNS > 1 else "one run each"
    lines = [
        "# Lighthouse audit",
        "",
        f"Measured by `make audit` (`scripts/audit.py`) on {data['date']}: Lighthouse "
        f"{data['lighthouse']} with {data['chromium']}, headless, against gunicorn with the "
        "production settings and the demo content (SQLite, static files collected and served "
        f"by whitenoise), on loopback; {runs}. Load average at the start "
        f"(1, 5, 15 minutes): {data['load']} on {os.cpu_count()} CPUs.",
        "",
        f"Target: {TARGET} or more in every category. Scores vary with the machine's load, "
        "performance above all, so this is a measurement to keep in the docs, not a gate; "
        "run `make audit` again to refresh this page.",
        "",
        "| page | form factor | "
        + " | ".join(label for _, label in CATEGORIES)
        + " | "
        + " | ".join(label for _, label in METRICS)
        + " |",
        "| --- | --- | " + " | ".join("---:" for _ in CATEGORIES + METRICS) + " |",
    ]
    for row in rows:
        cells = []
        for key, _ in CATEGORIES:
            score = row["scores"][key]
            cells.append(str(score) if score >= TARGET else f"**{score}**")
        if RUNS > 1:
            cells[0] += f" ({', '.join(map(str, sorted(row['all_performance'])))})"
        metrics = [row["metrics"].get(key, "–") for key, _ in METRICS]
        lines.append(
            f"| {row['label']} `{row['path']}` | {row['form_factor']} | "
            + " | ".join(cells + metrics)
            + " |"
        )
    lines += [
        "",
        f"Scores under {TARGET} in bold. Metrics: first and largest contentful paint, total "
        "blocking time, cumulative layout shift, as Lighthouse simulates them (mobile: a "
        "slow 4G connection and a 4× slower CPU; desktop: a fast connection).",
        "",
        "## What Lighthouse flags",
        "",
        "Audits that cost a category points (weighted, scored under 0.9), with the runs "
        "that flag them.",
        "",
    ]
    flagged = {}
    for row in rows:
        for key, audits in row["failing"].items():
            for name in audits:
                flagged.setdefault((key, name), []).append(f"{row['path']} {row['form_factor']}")
    if not flagged:
        lines.append("None.")
    for (key, name), where in sorted(flagged.items()):
        lines.append(f"- {label_of[key]}: {name}: {', '.join(where)}")
    lines += [
        "",
        "## Findings",
        "",
        bench.notes(OUTPUT, FINDINGS_START, FINDINGS_END),
        "",
    ]
    OUTPUT.write_text("\n".join(lines))


def main():
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: run `make audit`, which installs it in .audit/.")
    if not shutil.which(CHROME) and not Path(CHROME).exists():
        raise SystemExit(f"Chromium is missing at {CHROME}: `apt-get install chromium`.")
    data = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "load": ", ".join(f"{value:.2f}" for value in os.getloadavg()),
        "chromium": chromium_version(),
    }
    REPORTS.mkdir(parents=True, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="cms-audit-")
    try:
        env = environment(workdir)
        port = bench.free_port()
        log("migrate, demo content, collectstatic")
        bench.manage(env, "migrate", "--noinput", "-v", "0")
        bench.manage(env, "load_demo_content", "--address", f"127.0.0.1:{port}")
        bench.manage(env, "collectstatic", "--noinput", "-v", "0")
        pages = [
            ("Home page", "/en/"),
            ("Event page", seed_event_url(env)),
            ("Events listing", "/en/events/"),
        ]
        with bench.gunicorn(env, Path(workdir) / "gunicorn.log", port=port) as server:
            log(f"gunicorn on {server.base}; Lighthouse on {len(pages)} pages")
            data["rows"] = audit(server.base, pages)
    finally:
        with contextlib.suppress(Exception):
            shutil.rmtree(workdir)
    data["lighthouse"] = data["rows"][0]["lighthouse"]
    perf = [row["scores"]["performance"] for row in data["rows"]]
    log(f"performance median {statistics.median(perf)}")
    write_report(data)
    log(f"wrote {OUTPUT}")
    print(OUTPUT.read_text())


if __name__ == "__main__":
    main()
