"""BI access: the published file survives readers, and connects the way BI tools connect."""

from __future__ import annotations

import threading
import time

import duckdb
import sqlalchemy

from tests.e2e.conftest import run_dbt

SNAPSHOT_SQL = """
    select
        (select min(published_at) from bi_publication) as published_at,
        (select count(distinct published_at) from bi_publication) as publication_count,
        (select min(resampling) from verified_classifier) as resampling,
        (select sum(predicted_probability) from verified_predictions) as probability_sum
"""


def snapshot(con: duckdb.DuckDBPyConnection) -> tuple:
    return con.execute(SNAPSHOT_SQL).fetchall()[0]


def test_a_reader_holding_the_bi_file_open_neither_blocks_nor_sees_half_a_build(tmp_path):
    first = run_dbt(tmp_path)
    held = duckdb.connect(str(first.bi_file), read_only=True)
    before = snapshot(held)
    assert before[1] == 1 and before[2] == "upsample"

    seen: list[tuple] = []
    errors: list[Exception] = []
    stop = threading.Event()

    def poll() -> None:
        """Open the BI file again and again while the build runs, as new BI sessions do."""
        while not stop.is_set():
            try:
                with duckdb.connect(str(first.bi_file), read_only=True) as con:
                    seen.append(snapshot(con))
            except Exception as error:  # every failure is a finding
                errors.append(error)
            time.sleep(0.05)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    try:
        second = run_dbt(tmp_path, dbt_vars={"resampling": "class_weight"})
    finally:
        stop.set()
        poller.join(timeout=30)

    assert second.returncode == 0
    # the held reader still sees the old results, whole
    assert snapshot(held) == before
    held.close()
    # a new reader sees the new results
    with duckdb.connect(str(first.bi_file), read_only=True) as con:
        after = snapshot(con)
    assert after[2] == "class_weight" and after[0] > before[0] and after[3] != before[3]
    # readers during the build saw the old version or the new one, never a mix, never an error
    assert not errors, errors[:3]
    assert seen, "the poller never read the BI file"
    assert set(seen) <= {before, after}, set(seen) - {before, after}


def test_superset_and_metabase_style_connection_reads_the_tables(sample_build):
    engine = sqlalchemy.create_engine(
        f"duckdb:///{sample_build.bi_file}", connect_args={"read_only": True}
    )
    with engine.connect() as connection:
        tables = set(sqlalchemy.inspect(connection).get_table_names())
        assert {"verified_predictions", "verified_classification_report"} <= tables
        by_split = dict(
            connection.execute(
                sqlalchemy.text("select split, count(*) from verified_predictions group by split")
            ).fetchall()
        )
        report = connection.execute(
            sqlalchemy.text(
                "select class_label, precision, recall, f1_score, support"
                " from verified_classification_report where split = 'test' order by row_order"
            )
        ).fetchall()
    engine.dispose()
    staged = sample_build.scalar("select count(*) from stg_tiktok__videos")
    assert sum(by_split.values()) == staged and set(by_split) == {"train", "test"}
    assert [row[0] for row in report] == [
        "not verified",
        "verified",
        "accuracy",
        "macro avg",
        "weighted avg",
    ]
    assert report[1][4] == sample_build.scalar(
        "select count(*) from verified_predictions where split = 'test' and is_verified"
    )
