"""How PostgreSQL runs the queries of a request: which scans read a table (EXPLAIN).

Used by ``make bench`` (scripts/bench.py) and tests/performance to check that the
events listings use an index for each filter at a realistic size.
"""

import json

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def plan_nodes(node):
    """Every node of an EXPLAIN (FORMAT JSON) plan, depth first."""
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


def explain(sql, analyze=True):
    """The JSON plan of one (already interpolated) statement."""
    options = "ANALYZE, FORMAT JSON" if analyze else "FORMAT JSON"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ({options}) {sql}")
        plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    return plan[0]


def table_scans(url, table, client=None, ignore=()):
    """How the queries of ``GET url`` that read ``table`` scan it.

    Returns ``(scans, milliseconds)``: the scan nodes on the table, such as
    ``"Seq Scan"`` or ``"Bitmap Index Scan (events_eventpage_country_…)"``, over every
    query of the request whose FROM is the table (prefetches of related rows left
    out), and their total execution time. Queries containing any string of ``ignore``
    are left out too.
    """
    client = client or Client()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    if response.status_code != 200:
        raise AssertionError(f"{url} answered {response.status_code}")
    scans, milliseconds = [], 0.0
    for query in context.captured_queries:
        sql = query["sql"]
        if f'FROM "{table}"' not in sql or "_prefetch_related_val" in sql:
            continue
        if any(text in sql for text in ignore):
            continue
        plan = explain(sql)
        milliseconds += plan["Execution Time"]
        for node in plan_nodes(plan["Plan"]):
            index = node.get("Index Name")
            if node.get("Relation Name") == table or (index and index.startswith(table)):
                scans.append(f"{node['Node Type']} ({index})" if index else node["Node Type"])
    return scans, milliseconds


def uses_index(scans):
    """Whether the table is read through indexes only, never sequentially."""
    return bool(scans) and not any(scan.startswith("Seq Scan") for scan in scans)
