"""A copy of what a loader wrote to the database, to write again without running it.

Loading the demo content takes seconds (page saves, revisions, translations,
indexing); copying its rows back takes a fraction of one. ``TableSnapshot.of``
runs a loader inside a transaction, keeps the full contents of every table the
loader changed and rolls the transaction back; ``restore`` empties those tables and
writes the kept rows, ids included, inside the caller's transaction. Tables the
loader left alone are not touched.

PostgreSQL copies each table with ``COPY`` in text form, which gives every type back
as it was (JSON, full-text vectors, arrays); SQLite reads and writes plain values, the
full-text index through its virtual table (never its shadow tables). Foreign keys are
checked at the end of the transaction on both, so the order of the tables does not
matter.
"""

from django.db import connection, transaction


def _quote(name):
    return connection.ops.quote_name(name)


class TableSnapshot:
    def __init__(self, tables, sequences):
        self.tables = tables  # {table: rows as the backend copies them}
        self.sequences = sequences  # PostgreSQL: [(table, column, sequence)]

    @classmethod
    def of(cls, load):
        """The tables ``load()`` changes, as it leaves them; what it wrote is rolled back.

        Must start outside any transaction, so the copy holds no test's rows.
        """
        assert not connection.in_atomic_block, "take the snapshot outside a transaction"
        with transaction.atomic():
            before = {table: _read(table) for table in _tables()}
            load()
            after = {table: _read(table) for table in _tables()}
            transaction.set_rollback(True)
        changed = {table: rows for table, rows in after.items() if before.get(table) != rows}
        return cls(changed, _sequences(changed) if connection.vendor == "postgresql" else [])

    def restore(self):
        """Replaces the contents of the snapshot's tables with its rows."""
        assert connection.in_atomic_block, "restore inside the test's transaction"
        # In name order: on SQLite the search index's triggers fill its full-text table
        # (``<index>_fts``, named after it, so written after it), which is then replaced
        # by the rows it had, the same ones.
        for table, rows in self.tables.items():
            _write(table, rows)
        if self.sequences:
            # The next id after the restored rows, without ever moving a sequence back.
            with connection.cursor() as cursor:
                for table, column, sequence in self.sequences:
                    cursor.execute(
                        f"SELECT setval(%s, GREATEST((SELECT last_value FROM {sequence}), "
                        f"(SELECT COALESCE(MAX({_quote(column)}), 1) FROM {_quote(table)})))",
                        [sequence],
                    )


def _tables():
    """Every table the database holds data in, without SQLite's full-text shadow tables."""
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        return sorted(connection.introspection.table_names(include_views=False))
    rows = connection.connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
    ).fetchall()
    virtual = [name for name, sql in rows if sql.upper().startswith("CREATE VIRTUAL TABLE")]
    # A virtual table keeps its data in tables named after it (``<name>_data``, ...),
    # which it writes itself.
    return sorted(name for name, _sql in rows if not any(name.startswith(f"{v}_") for v in virtual))


def _read(table):
    if connection.vendor == "postgresql":
        with (
            connection.connection.cursor() as cursor,
            cursor.copy(f"COPY {_quote(table)} TO STDOUT") as copy,
        ):
            return b"".join(bytes(chunk) for chunk in copy)
    raw = connection.connection
    columns = ["rowid"] + [row[1] for row in raw.execute(f"PRAGMA table_info({_quote(table)})")]
    # ``+column`` is the stored value as it is: no declared type, so none of the
    # converters Django registers (dates, booleans, decimals) changes it on the way.
    select = ", ".join(f"+{_quote(column)}" for column in columns)
    return columns, raw.execute(f"SELECT {select} FROM {_quote(table)} ORDER BY rowid").fetchall()


def _write(table, rows):
    if connection.vendor == "postgresql":
        with connection.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {_quote(table)}")
            with cursor.copy(f"COPY {_quote(table)} FROM STDIN") as copy:
                copy.write(rows)
        return
    columns, values = rows
    raw = connection.connection
    raw.execute(f"DELETE FROM {_quote(table)}")
    names = ", ".join(_quote(column) for column in columns)
    marks = ", ".join("?" for _ in columns)
    raw.executemany(f"INSERT INTO {_quote(table)} ({names}) VALUES ({marks})", values)


def _sequences(tables):
    """The sequences (serial or identity) of the columns of ``tables``."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, a.attname, pg_get_serial_sequence(quote_ident(c.relname), a.attname)
            FROM pg_attribute a JOIN pg_class c ON a.attrelid = c.oid
            WHERE c.relname = ANY(%s) AND c.relkind = 'r' AND a.attnum > 0
              AND NOT a.attisdropped
              AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL
            """,
            [list(tables)],
        )
        return cursor.fetchall()
