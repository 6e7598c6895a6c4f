"""Publish tables to a separate DuckDB file for BI tools, atomically.

DuckDB allows one writer or many readers per file. A BI tool that holds the warehouse open would
make the next build fail with a lock error, so BI tools read a separate file instead, and that
file is never written in place: the tables are copied into a new file beside it, which is then
renamed over the old one (an atomic ``rename`` on POSIX). A reader that has the old file open
keeps reading the old results, complete; a reader that opens the path afterwards sees the new
ones. Neither ever sees half of each, and neither blocks the build.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

#: The table inside the BI file that says what was published, when, and by which build.
MANIFEST_TABLE = "bi_publication"


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def publish_tables(
    con: duckdb.DuckDBPyConnection,
    tables: Mapping[str, duckdb.DuckDBPyRelation],
    target_path: str | Path,
    *,
    log: Callable[[str], object] | None = None,
) -> pd.DataFrame:
    """Copy each relation into a fresh DuckDB file and rename it over ``target_path``.

    Args:
        con: the connection the relations belong to.
        tables: the name each table gets in the BI file, and the relation holding its rows.
        target_path: the BI file; its folder is created if missing.
        log: an optional callable for progress messages.

    Returns:
        The manifest, one row per table: its name, row count, the publication time and path.
    """
    started = time.perf_counter()
    target = Path(target_path).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging_file = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    alias = f"bi_stage_{uuid.uuid4().hex[:12]}"
    published_at = datetime.now(UTC).replace(tzinfo=None)
    rows = []
    con.execute(f"attach {_quote_literal(str(staging_file))} as {alias}")
    try:
        for name, relation in tables.items():
            con.execute(
                f"create table {alias}.main.{_quote_identifier(name)} as {relation.sql_query()}"
            )
            (count,) = con.execute(
                f"select count(*) from {alias}.main.{_quote_identifier(name)}"
            ).fetchall()[0]
            rows.append((name, count, published_at, str(target)))
        manifest = pd.DataFrame(
            rows, columns=["table_name", "row_count", "published_at", "bi_path"]
        )
        con.register("bi_manifest_rows", manifest)
        try:
            con.execute(
                f"create table {alias}.main.{MANIFEST_TABLE} as select * from bi_manifest_rows"
            )
        finally:
            con.unregister("bi_manifest_rows")
    except BaseException:
        con.execute(f"detach {alias}")
        staging_file.unlink(missing_ok=True)
        raise
    con.execute(f"detach {alias}")  # checkpoints: everything is in the file, no WAL left
    os.replace(staging_file, target)
    if log:
        log(f"published {len(rows)} tables to {target} in {time.perf_counter() - started:.2f} s")
    return manifest
