"""The evaluation marts against scikit-learn, on the generated sample and on the real data.

Every number in verified_metrics, verified_classification_report, verified_confusion_matrix and
verified_threshold_metrics is recomputed here from verified_predictions with scikit-learn, and
the curve points with numpy; they must agree to 1e-9. Nothing is taken from the marts but the
values under test.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest
import yaml
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    brier_score_loss,
    classification_report,
    confusion_matrix,
    f1_score,
    log_loss,
    precision_score,
    recall_score,
    roc_auc_score,
)

from conftest import REPO_ROOT
from tests.e2e.conftest import DbtRun

TOLERANCE = 1e-9
LABELS = [False, True]
CLASS_NAMES = ["not verified", "verified"]
REPORT_ROWS = [*CLASS_NAMES, "accuracy", "macro avg", "weighted avg"]
REPORT_COLUMNS = {"precision": "precision", "recall": "recall", "f1_score": "f1-score"}
DECISION_THRESHOLD = float(
    yaml.safe_load((REPO_ROOT / "dbt_project.yml").read_text())["vars"]["decision_threshold"]
)
TABLE_THRESHOLDS = [k / 100 for k in range(101)]
CURVE_THRESHOLDS = np.array([k / 1000 for k in range(1001)])


@pytest.fixture(params=["sample_build", pytest.param("real_build", marks=pytest.mark.real_data)])
def build(request: pytest.FixtureRequest) -> DbtRun:
    """Each test runs on the default sample build and on the real-data build."""
    return request.getfixturevalue(request.param)


def read(run: DbtRun, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(run.warehouse), read_only=True) as con:
        return con.execute(sql).df()


def predictions(run: DbtRun) -> pd.DataFrame:
    return read(run, "select * from verified_predictions")


def by_split(run: DbtRun):
    """(split, y_true, probability) for each split of verified_predictions."""
    for split, group in predictions(run).groupby("split"):
        yield split, group["is_verified"].to_numpy(bool), group["predicted_probability"].to_numpy()


def close(actual: float, expected: float) -> bool:
    return actual == pytest.approx(expected, abs=TOLERANCE, rel=0)


def test_predicted_labels_are_probability_at_least_the_threshold(build):
    frame = predictions(build)
    expected = frame["predicted_probability"] >= DECISION_THRESHOLD
    assert (frame["is_predicted_verified"] == expected).all()


def test_confusion_matrix_equals_sklearn(build):
    table = read(build, "select * from verified_confusion_matrix")
    splits = list(by_split(build))
    assert sorted(table["split"].unique()) == sorted(split for split, _, _ in splits)
    for split, y_true, probability in splits:
        expected = confusion_matrix(y_true, probability >= DECISION_THRESHOLD, labels=LABELS)
        rows = table[table["split"] == split]
        assert len(rows) == 4, split
        cells = {
            (actual, predicted): count
            for actual, predicted, count in rows[
                ["actual_label", "predicted_label", "video_count"]
            ].itertuples(index=False)
        }
        for i, actual in enumerate(CLASS_NAMES):
            for j, predicted in enumerate(CLASS_NAMES):
                assert cells[(actual, predicted)] == expected[i, j], (split, actual, predicted)


def test_classification_report_equals_sklearn(build):
    table = read(build, "select * from verified_classification_report")
    for split, y_true, probability in by_split(build):
        expected = classification_report(
            y_true,
            probability >= DECISION_THRESHOLD,
            labels=LABELS,
            target_names=CLASS_NAMES,
            output_dict=True,
            zero_division=0,
        )
        rows = table[table["split"] == split].sort_values("row_order")
        assert list(rows["class_label"]) == REPORT_ROWS, split
        assert list(rows["row_order"]) == [1, 2, 3, 4, 5]
        rows = rows.set_index("class_label")
        for label in [*CLASS_NAMES, "macro avg", "weighted avg"]:
            for column, key in REPORT_COLUMNS.items():
                assert close(rows.loc[label, column], expected[label][key]), (split, label, key)
            assert rows.loc[label, "support"] == expected[label]["support"], (split, label)
        accuracy = rows.loc["accuracy"]
        assert pd.isna(accuracy["precision"]) and pd.isna(accuracy["recall"])
        assert close(accuracy["f1_score"], expected["accuracy"]), split
        assert accuracy["support"] == len(y_true)


def expected_metrics(y_true: np.ndarray, probability: np.ndarray, prefix: str) -> dict:
    """scikit-learn's numbers for one scorer, named as in verified_metrics."""
    predicted = probability >= DECISION_THRESHOLD
    return {
        f"{prefix}accuracy": accuracy_score(y_true, predicted),
        f"{prefix}precision": precision_score(y_true, predicted, zero_division=0),
        f"{prefix}recall": recall_score(y_true, predicted, zero_division=0),
        f"{prefix}f1_score": f1_score(y_true, predicted, zero_division=0),
        f"{prefix}roc_auc": roc_auc_score(y_true, probability),
        f"{prefix}average_precision": average_precision_score(y_true, probability),
        f"{prefix}log_loss": log_loss(y_true, y_proba=probability, labels=LABELS),
        f"{prefix}brier_score": brier_score_loss(y_true, probability),
    }


def test_metrics_and_the_no_skill_baseline_equal_sklearn(build):
    table = read(build, "select * from verified_metrics")
    frame = predictions(build)
    train_prevalence = frame.loc[frame["split"] == "train", "is_verified"].mean()
    for split, y_true, probability in by_split(build):
        expected = {"row_count": len(y_true), "prevalence": y_true.mean()}
        expected |= expected_metrics(y_true, probability, "")
        expected |= expected_metrics(y_true, np.full(len(y_true), train_prevalence), "no_skill_")
        rows = table[table["split"] == split]
        actual = dict(zip(rows["metric_name"], rows["metric_value"], strict=True))
        assert len(rows) == len(actual) and actual.keys() == expected.keys(), split
        for name, value in expected.items():
            assert close(actual[name], value), (split, name, actual[name], value)
        # the baseline is what its name says
        assert close(actual["no_skill_roc_auc"], 0.5)
        assert close(actual["no_skill_average_precision"], y_true.mean())


def test_threshold_metrics_equal_sklearn_at_every_hundredth(build):
    table = read(build, "select * from verified_threshold_metrics")
    for split, y_true, probability in by_split(build):
        rows = table[table["split"] == split].sort_values("threshold")
        assert list(rows["threshold"]) == TABLE_THRESHOLDS, split
        for row in rows.itertuples(index=False):
            predicted = probability >= row.threshold
            tn, fp, fn, tp = confusion_matrix(y_true, predicted, labels=LABELS).ravel()
            context = (split, row.threshold)
            assert (row.true_positive_count, row.false_positive_count) == (tp, fp), context
            assert (row.true_negative_count, row.false_negative_count) == (tn, fn), context
            expected = {
                "precision": precision_score(y_true, predicted, zero_division=0),
                "recall": recall_score(y_true, predicted, zero_division=0),
                "f1_score": f1_score(y_true, predicted, zero_division=0),
                "accuracy": accuracy_score(y_true, predicted),
                "false_positive_rate": fp / (fp + tn) if fp + tn else 0.0,
            }
            for name, value in expected.items():
                assert close(getattr(row, name), value), (*context, name)


def at_or_above(values: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """How many of `values` are >= each threshold."""
    return len(values) - np.searchsorted(np.sort(values), thresholds, side="left")


def test_roc_curve_is_the_rates_on_the_thousandth_grid_plus_the_origin(build):
    table = read(build, "select * from verified_roc_curve")
    for split, y_true, probability in by_split(build):
        rows = table[table["split"] == split].sort_values("threshold")
        assert len(rows) == len(CURVE_THRESHOLDS) + 1, split
        grid, end = rows.iloc[:-1], rows.iloc[-1]
        assert np.array_equal(grid["threshold"].to_numpy(), CURVE_THRESHOLDS)
        assert np.isposinf(end["threshold"])
        assert (end["false_positive_rate"], end["true_positive_rate"]) == (0.0, 0.0)
        true_positive_rate = at_or_above(probability[y_true], CURVE_THRESHOLDS) / y_true.sum()
        false_positive_rate = at_or_above(probability[~y_true], CURVE_THRESHOLDS) / (~y_true).sum()
        np.testing.assert_allclose(grid["true_positive_rate"], true_positive_rate, atol=TOLERANCE)
        np.testing.assert_allclose(grid["false_positive_rate"], false_positive_rate, atol=TOLERANCE)
        # the grid curve's area is close to the exact AUC (they differ only within a bucket)
        fpr = rows["false_positive_rate"].to_numpy()[::-1]
        tpr = rows["true_positive_rate"].to_numpy()[::-1]
        grid_area = np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2)
        assert abs(grid_area - roc_auc_score(y_true, probability)) < 0.01, split


def test_pr_curve_keeps_thresholds_with_predictions_and_ends_at_precision_one(build):
    table = read(build, "select * from verified_pr_curve")
    for split, y_true, probability in by_split(build):
        rows = table[table["split"] == split].sort_values("threshold")
        true_positive = at_or_above(probability[y_true], CURVE_THRESHOLDS)
        predicted_positive = at_or_above(probability, CURVE_THRESHOLDS)
        kept = predicted_positive > 0
        grid, end = rows.iloc[:-1], rows.iloc[-1]
        assert np.array_equal(grid["threshold"].to_numpy(), CURVE_THRESHOLDS[kept]), split
        assert np.isposinf(end["threshold"])
        assert (end["precision"], end["recall"]) == (1.0, 0.0)
        expected_precision = true_positive[kept] / predicted_positive[kept]
        expected_recall = true_positive[kept] / y_true.sum()
        np.testing.assert_allclose(grid["precision"], expected_precision, atol=TOLERANCE)
        np.testing.assert_allclose(grid["recall"], expected_recall, atol=TOLERANCE)
        assert close(grid["precision"].iloc[0], y_true.mean())  # threshold 0: everyone


@pytest.mark.real_data
def test_test_split_keeps_its_natural_prevalence(real_build):
    """No resampled copies reach evaluation: the test split is the stratified share as staged."""
    metrics = read(real_build, "select * from verified_metrics where split = 'test'")
    metric = dict(zip(metrics["metric_name"], metrics["metric_value"], strict=True))
    assert 0.05 < metric["prevalence"] < 0.08
    staged = read(
        real_build,
        "select count(*) as video_count, avg(cast(is_verified as double)) as prevalence"
        " from int_videos_split where split = 'test'",
    ).iloc[0]
    assert metric["row_count"] == staged["video_count"]
    assert close(metric["prevalence"], staged["prevalence"])
