"""The classifier end to end: SQL scoring equals scikit-learn, resampling is honest and seeded."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils import resample

from tests.e2e.conftest import run_dbt

KEYS = ["video_id", "split", "is_verified"]


def table(run, name: str, order_by: str) -> pd.DataFrame:
    columns = [c[0] for c in run.query(f"describe {name}")]
    return pd.DataFrame(run.query(f"select * from {name} order by {order_by}"), columns=columns)


def reference_probabilities(run, *, seed: int = 42, c: float = 1.0) -> pd.Series:
    """The method done the plain scikit-learn way: upsample the train minority with
    sklearn.utils.resample, then StandardScaler + LogisticRegression on the copies."""
    features = table(run, "int_video_features", "video_id")
    feature_columns = [c for c in features.columns if c not in KEYS]
    train = features[features["split"] == "train"]
    majority, minority = train[~train["is_verified"]], train[train["is_verified"]]
    upsampled = resample(minority, replace=True, n_samples=len(majority), random_state=seed)
    fit_rows = pd.concat([majority, upsampled])
    pipeline = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=1000))
    pipeline.fit(fit_rows[feature_columns].to_numpy(float), fit_rows["is_verified"].to_numpy())
    probabilities = pipeline.predict_proba(features[feature_columns].to_numpy(float))[:, 1]
    return pd.Series(probabilities, index=features["video_id"])


def assert_sql_scores_equal_sklearn(run):
    predictions = table(run, "verified_predictions", "video_id").set_index("video_id")
    expected = reference_probabilities(run)
    assert predictions.index.equals(expected.index)
    np.testing.assert_allclose(predictions["predicted_probability"], expected, rtol=0, atol=1e-9)
    at_threshold = predictions["predicted_probability"] >= 0.5
    assert (predictions["is_predicted_verified"] == at_threshold).all()


def test_sql_scoring_equals_sklearn_predict_proba_on_the_sample(sample_build):
    assert_sql_scores_equal_sklearn(sample_build)


@pytest.mark.real_data
def test_sql_scoring_equals_sklearn_predict_proba_on_the_real_data(real_build):
    assert_sql_scores_equal_sklearn(real_build)


def test_only_train_rows_are_resampled(sample_build):
    model = table(sample_build, "verified_classifier", "term_order").iloc[0]
    split_counts = dict(
        sample_build.query("select split, count(*) from int_video_features group by split")
    )
    train_verified = sample_build.scalar(
        "select count(*) from int_video_features where split = 'train' and is_verified"
    )
    assert model["train_row_count"] == split_counts["train"]
    assert model["train_verified_count"] == train_verified
    not_verified = split_counts["train"] - train_verified
    assert model["resampled_verified_count"] == not_verified  # minority upsampled to majority
    assert model["resampled_row_count"] == 2 * not_verified
    # every staged video is scored once, and the test split keeps its natural prevalence
    test_prevalence = sample_build.scalar(
        "select avg(cast(is_verified as double)) from verified_predictions where split = 'test'"
    )
    assert 0.04 < test_prevalence < 0.09


def test_resampling_var_changes_the_model(sample_build, tmp_path):
    weighted = run_dbt(tmp_path, dbt_vars={"resampling": "class_weight"})
    default_terms = table(sample_build, "verified_classifier", "term_order")
    weighted_terms = table(weighted, "verified_classifier", "term_order")
    assert list(weighted_terms["term"]) == list(default_terms["term"])
    assert set(weighted_terms["resampling"]) == {"class_weight"}
    assert (
        weighted_terms["resampled_row_count"].iloc[0] == weighted_terms["train_row_count"].iloc[0]
    )
    assert not np.allclose(weighted_terms["coefficient"], default_terms["coefficient"])


DETERMINISTIC_TABLES = {
    "int_videos_split": "video_id",
    "int_video_outlier_fences": "column_name",
    "int_video_features": "video_id",
    "verified_classifier": "term_order",
    "verified_predictions": "video_id",
    "verified_coefficients": "term_order",
    "verified_confusion_matrix": "split, actual_label, predicted_label",
    "verified_classification_report": "split, row_order",
    "verified_metrics": "split, metric_name",
    "verified_threshold_metrics": "split, threshold",
    "verified_roc_curve": "split, threshold",
    "verified_pr_curve": "split, threshold",
}


def test_same_input_and_vars_give_identical_tables(sample_build, tmp_path):
    rebuilt = run_dbt(tmp_path)
    for name, order_by in DETERMINISTIC_TABLES.items():
        pd.testing.assert_frame_equal(
            table(rebuilt, name, order_by),
            table(sample_build, name, order_by),
            obj=name,
            check_exact=True,
        )


@pytest.mark.real_data
def test_the_course_recipe_scores_copies_of_its_training_rows(real_build):
    """Upsample first, then split (the widely copied recipe): most verified test rows are copies
    of training rows, and its verified precision looks several times better than what holds on
    untouched videos (our test split)."""
    features = table(real_build, "int_video_features", "video_id").set_index("video_id")
    feature_columns = [c for c in features.columns if c not in KEYS]
    majority, minority = features[~features["is_verified"]], features[features["is_verified"]]
    upsampled = pd.concat(
        [majority, resample(minority, replace=True, n_samples=len(majority), random_state=0)]
    )
    train, test = train_test_split(
        upsampled, test_size=0.25, random_state=0, stratify=upsampled["is_verified"]
    )
    pipeline = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    pipeline.fit(train[feature_columns].to_numpy(float), train["is_verified"].to_numpy())
    predicted = pipeline.predict(test[feature_columns].to_numpy(float))
    recipe_precision = precision_score(test["is_verified"], predicted)

    verified_test = test[test["is_verified"]]
    copied_share = verified_test.index.isin(train.index).mean()
    honest_precision = real_build.scalar(
        "select precision from verified_classification_report"
        " where split = 'test' and class_label = 'verified'"
    )
    assert copied_share > 0.5
    assert recipe_precision > 0.5
    assert honest_precision < 0.2
