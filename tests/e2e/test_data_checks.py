"""The build's data checks can fail: the warehouse enforces the declared constraints, and the
project's generic tests and the staging audit catch rows that break them."""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest

from tests.e2e.conftest import run_dbt


def declared_constraints(manifest: dict) -> set[tuple[str, str, tuple[str, ...]]]:
    """(table, constraint type, columns) of every constraint an enforced contract declares."""
    kinds = {"not_null": "NOT NULL", "primary_key": "PRIMARY KEY", "check": "CHECK"}
    declared = set()
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or not node["config"]["contract"]["enforced"]:
            continue
        for constraint in node.get("constraints", []):
            declared.add((node["name"], kinds[constraint["type"]], tuple(constraint["columns"])))
        for column in node["columns"].values():
            for constraint in column.get("constraints", []):
                declared.add((node["name"], kinds[constraint["type"]], (column["name"],)))
    return declared


def test_every_declared_constraint_exists_in_the_warehouse(sample_build):
    manifest = json.loads((sample_build.warehouse.parent / "target" / "manifest.json").read_text())
    declared = declared_constraints(manifest)
    in_warehouse = {
        (table, kind, tuple(columns))
        for table, kind, columns in sample_build.query(
            "select table_name, constraint_type, constraint_column_names from duckdb_constraints()"
        )
    }
    assert len(declared) >= 50
    assert {kind for _, kind, _ in declared} == {"NOT NULL", "PRIMARY KEY", "CHECK"}
    assert declared <= in_warehouse, sorted(declared - in_warehouse)


@pytest.mark.parametrize(
    ("statement", "error"),
    [
        (
            "insert into verified_metrics select * from verified_metrics limit 1",
            "violates primary key constraint",
        ),
        (
            "update verified_predictions set split = null where video_id ="
            " (select min(video_id) from verified_predictions)",
            "NOT NULL constraint",
        ),
        (
            "update verified_confusion_matrix set actual_label = 'Verified'"
            " where actual_label = 'verified'",
            "CHECK constraint",
        ),
        (
            "update int_videos_split set split = 'validation' where video_id ="
            " (select min(video_id) from int_videos_split)",
            "CHECK constraint",
        ),
    ],
)
def test_the_warehouse_rejects_rows_that_break_a_constraint(
    sample_build, tmp_path, statement, error
):
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(sample_build.warehouse, copy)
    with duckdb.connect(str(copy)) as con, pytest.raises(duckdb.ConstraintException, match=error):
        con.execute(statement)


BREAKAGES = {
    "a second row for one video": (
        "insert into int_video_features select * from int_video_features order by video_id limit 1",
        "primary_key_int_video_features_video_id",
    ),
    "a missing feature value": (
        "update int_video_features set video_share_count = null"
        " where video_id = (select max(video_id) from int_video_features)",
        "not_null_columns_int_video_features",
    ),
    "a staged row the input lacks": (
        "delete from base_tiktok__video_rows where source_row_number ="
        " (select min(source_row_number) from stg_tiktok__videos)",
        "assert_every_input_row_is_staged_or_rejected",
    ),
    "an input row read twice": (
        "insert into base_tiktok__video_rows select * from base_tiktok__video_rows"
        " where source_row_number = (select max(source_row_number) from stg_tiktok__videos)",
        "assert_every_input_row_is_staged_or_rejected",
    ),
    "an input row neither staged nor rejected": (
        "delete from base_tiktok__video_rows_checked where source_row_number ="
        " (select max(source_row_number) from stg_tiktok__video_rejects)",
        "assert_every_input_row_is_staged_or_rejected",
    ),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_generic_tests_and_the_staging_audit_fail_on_broken_rows(sample_build, tmp_path, breakage):
    """Break a copy of the built warehouse in one way; `dbt test` must fail that check only."""
    statement, failing_test = BREAKAGES[breakage]
    shutil.copy(sample_build.warehouse, tmp_path / "warehouse.duckdb")
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        con.execute(statement)
    run = run_dbt(
        tmp_path,
        command=(
            "test",
            "--select",
            "int_video_features",
            "assert_every_input_row_is_staged_or_rejected",
            "--exclude-resource-type",
            "unit_test",
        ),
        expect_success=False,
    )
    assert run.returncode == 1, run.output[-3000:]
    failed = [
        line.split(" FAIL ")[1].split()[1]
        for line in run.output.splitlines()
        if " of " in line and " FAIL " in line
    ]
    # dbt names a generic test after the test, the model and a hash of its arguments
    assert len(failed) == 1 and failed[0].startswith(failing_test), run.output[-3000:]
