"""Docs that match the code, and a metric history that grows by one build at a time."""

from __future__ import annotations

import json

from tests.e2e.conftest import run_dbt


def test_every_model_column_in_the_warehouse_is_documented(sample_build):
    workdir = sample_build.warehouse.parent
    run_dbt(workdir, command=("docs", "generate"))
    manifest = json.loads((workdir / "target" / "manifest.json").read_text())
    catalog = json.loads((workdir / "target" / "catalog.json").read_text())
    undocumented = []
    for unique_id, table in catalog["nodes"].items():
        node = manifest["nodes"][unique_id]
        if not node.get("description"):
            undocumented.append(unique_id)
        documented = {
            name.lower() for name, column in node["columns"].items() if column.get("description")
        }
        undocumented += [
            f"{unique_id}.{name}" for name in table["columns"] if name.lower() not in documented
        ]
    assert len(catalog["nodes"]) >= 20
    assert not undocumented, undocumented


def test_metric_history_keeps_one_set_of_rows_per_build(tmp_path):
    run_dbt(tmp_path)
    second = run_dbt(tmp_path, dbt_vars={"resampling": "downsample"})
    builds = second.query(
        "select invocation_id, min(resampling), count(*) from verified_metric_history"
        " group by invocation_id order by min(run_started_at)"
    )
    metric_count = second.scalar("select count(*) from verified_metrics")
    assert [(resampling, rows) for _, resampling, rows in builds] == [
        ("upsample", metric_count),
        ("downsample", metric_count),
    ]
    latest = builds[-1][0]
    mismatched = second.scalar(
        "select count(*) from verified_metrics as metrics"
        " left join verified_metric_history as history"
        f" on history.invocation_id = '{latest}' and history.split = metrics.split"
        " and history.metric_name = metrics.metric_name"
        " where history.metric_value is distinct from metrics.metric_value"
    )
    assert mismatched == 0
