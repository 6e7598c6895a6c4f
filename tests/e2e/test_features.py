"""The feature layer on the real data: stratified stable split, train-only fences (vs pandas)."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import real_copy
from tests.e2e.conftest import run_dbt

pytestmark = pytest.mark.real_data

COUNTS = [
    "video_view_count",
    "video_like_count",
    "video_share_count",
    "video_download_count",
    "video_comment_count",
]


def staged_with_split(run) -> pd.DataFrame:
    with_split = run.query(
        "select videos.*, split_videos.split from stg_tiktok__videos as videos"
        " inner join int_videos_split as split_videos using (video_id)"
    )
    columns = [c[0] for c in run.query("describe stg_tiktok__videos")] + ["split"]
    return pd.DataFrame(with_split, columns=columns)


def fences(run) -> pd.DataFrame:
    rows = run.query("select * from int_video_outlier_fences order by column_order")
    columns = [c[0] for c in run.query("describe int_video_outlier_fences")]
    return pd.DataFrame(rows, columns=columns).set_index("column_name")


def test_each_class_test_share_is_within_two_points_of_the_target(real_build):
    frame = staged_with_split(real_build)
    shares = frame.assign(is_test=frame["split"] == "test").groupby("is_verified")["is_test"].mean()
    assert set(shares.index) == {True, False}
    for is_verified, share in shares.items():
        assert abs(share - 0.25) <= 0.02, (is_verified, share)


def test_fences_equal_pandas_quantiles_on_train_rows(real_build):
    frame = staged_with_split(real_build)
    train = frame[frame["split"] == "train"]
    test = frame[frame["split"] == "test"]
    table = fences(real_build)
    assert list(table.index) == COUNTS
    for column in COUNTS:
        q1, q3 = train[column].quantile(0.25), train[column].quantile(0.75)
        lower, upper = q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)
        row = table.loc[column]
        assert row["q1"] == pytest.approx(q1, abs=1e-9)
        assert row["q3"] == pytest.approx(q3, abs=1e-9)
        assert row["lower_fence"] == pytest.approx(lower, abs=1e-9)
        assert row["upper_fence"] == pytest.approx(upper, abs=1e-9)
        assert (
            row["train_capped_count"] == ((train[column] < lower) | (train[column] > upper)).sum()
        )
        assert row["test_capped_count"] == ((test[column] < lower) | (test[column] > upper)).sum()


def test_features_are_capped_at_the_fences(real_build):
    frame = staged_with_split(real_build)
    features = pd.DataFrame(
        real_build.query(
            "select video_id, video_view_count, video_comment_count from int_video_features"
        ),
        columns=["video_id", "video_view_count", "video_comment_count"],
    ).set_index("video_id")
    table = fences(real_build)
    staged = frame.set_index("video_id").loc[features.index]
    for column in ["video_view_count", "video_comment_count"]:
        expected = staged[column].clip(
            table.loc[column, "lower_fence"], table.loc[column, "upper_fence"]
        )
        pd.testing.assert_series_equal(features[column], expected.astype(float), check_names=False)


def test_split_does_not_depend_on_row_order(real_build, tmp_path):
    source = pd.read_csv(real_copy(), dtype=str, keep_default_na=False)
    shuffled = source.sample(frac=1.0, random_state=7)
    path = tmp_path / "shuffled.csv"
    shuffled.to_csv(path, index=False)
    rebuilt = run_dbt(tmp_path, csv_path=path)
    sql = "select video_id, split from int_videos_split order by video_id"
    assert rebuilt.query(sql) == real_build.query(sql)


def test_fences_do_not_move_when_test_rows_change(real_build, tmp_path):
    test_ids = {
        str(v)
        for (v,) in real_build.query("select video_id from int_videos_split where split = 'test'")
    }
    source = pd.read_csv(real_copy(), dtype=str, keep_default_na=False)
    is_test = source["video_id"].isin(test_ids)
    for column in COUNTS:
        source.loc[is_test, column] = (source.loc[is_test, column].astype(int) * 10).astype(str)
    path = tmp_path / "test_rows_times_ten.csv"
    source.to_csv(path, index=False)
    rebuilt = run_dbt(tmp_path, csv_path=path)
    before, after = fences(real_build), fences(rebuilt)
    fitted = [
        "train_row_count",
        "q1",
        "q3",
        "iqr",
        "lower_fence",
        "upper_fence",
        "train_capped_count",
    ]
    pd.testing.assert_frame_equal(after[fitted], before[fitted])
    assert (after["test_capped_count"] >= before["test_capped_count"]).all()
    assert (after["test_capped_count"] > before["test_capped_count"]).any()
