"""Tests for tiktok_verified.classifier.

Every number is checked against an independent computation done here: sklearn pipelines on
materialised (copied) rows, or plain-numpy formulas; never against pasted output of the code.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.utils import resample
from threadpoolctl import threadpool_limits
from tiktok_verified.classifier import (
    OUTPUT_COLUMNS,
    ClassifierConvergenceError,
    bootstrap_intervals,
    fit_verified_classifier,
)

FEATURES = ["followers", "duration_s", "like_ratio", "is_ad", "comments"]
STRATEGIES = ["upsample", "downsample", "class_weight", "none"]


def make_features(n: int = 4000, seed: int = 0) -> pd.DataFrame:
    """Synthetic feature table: ~6 % positives, features on very different scales."""
    rng = np.random.default_rng(seed)
    followers = rng.lognormal(9.0, 1.5, n)  # ~1e4, heavy tail
    duration = rng.gamma(3.0, 10.0, n)  # ~30
    like_ratio = rng.beta(2.0, 30.0, n)  # ~0.06
    is_ad = (rng.random(n) < 0.3).astype(np.float64)  # 0/1 indicator
    comments = rng.poisson(200.0, n).astype(np.float64)  # ~200
    eta = (
        -3.6
        + 0.6 * (np.log(followers) - 9.0)
        + 0.02 * (duration - 30.0)
        + 8.0 * (like_ratio - 0.0625)
        + 0.7 * is_ad
        + 0.002 * (comments - 200.0)
    )
    y = rng.random(n) < 1.0 / (1.0 + np.exp(-eta))
    split = np.where(rng.random(n) < 0.8, "train", "test")
    return pd.DataFrame(
        {
            "video_id": np.arange(1, n + 1, dtype=np.int64),
            "split": split,
            "is_verified": y,
            "followers": followers,
            "duration_s": duration,
            "like_ratio": like_ratio,
            "is_ad": is_ad,
            "comments": comments,
        }
    )


@pytest.fixture(scope="module")
def features() -> pd.DataFrame:
    return make_features()


def reference_pipeline(
    features: pd.DataFrame, strategy: str, seed: int = 42, c: float = 1.0
) -> tuple[StandardScaler, LogisticRegression]:
    """Textbook pipeline on materialised copies: resample, StandardScaler, LogisticRegression."""
    train = features[features["split"] == "train"]
    pos, neg = train[train["is_verified"]], train[~train["is_verified"]]
    assert len(pos) < len(neg)
    class_weight = None
    if strategy == "upsample":
        rows = pd.concat([neg, resample(pos, replace=True, n_samples=len(neg), random_state=seed)])
    elif strategy == "downsample":
        rows = pd.concat([resample(neg, replace=False, n_samples=len(pos), random_state=seed), pos])
    else:
        rows = train
        class_weight = "balanced" if strategy == "class_weight" else None
    x = rows[FEATURES].to_numpy(dtype=np.float64)
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=c, max_iter=1000, class_weight=class_weight)
    model.fit(scaler.transform(x), rows["is_verified"].to_numpy())
    return scaler, model


def sandwich_se_from_table(table: pd.DataFrame) -> np.ndarray:
    """Original-scale standard errors implied by the normal-quantile interval in the table."""
    z = NormalDist().inv_cdf(0.5 + float(table["ci_level"].iloc[0]) / 2.0)
    return ((table["coefficient_ci_high"] - table["coefficient_ci_low"]) / (2.0 * z)).to_numpy()


# ----------------------------------------------------------------------------------------------
# Point estimates against an independent sklearn pipeline
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_coefficients_match_materialised_reference(features: pd.DataFrame, strategy: str) -> None:
    table = fit_verified_classifier(features, FEATURES, resampling=strategy)
    scaler, model = reference_pipeline(features, strategy)

    assert list(table.columns) == list(OUTPUT_COLUMNS)
    assert table["term"].tolist() == ["intercept", *FEATURES]
    assert table["term_order"].tolist() == list(range(len(FEATURES) + 1))

    np.testing.assert_allclose(table["centre"].to_numpy()[1:], scaler.mean_, rtol=1e-9)
    np.testing.assert_allclose(table["scale"].to_numpy()[1:], scaler.scale_, rtol=1e-9)
    assert table.loc[0, "centre"] == 0.0 and table.loc[0, "scale"] == 1.0

    ref_std = np.concatenate([model.intercept_, model.coef_[0]])
    np.testing.assert_allclose(table["coefficient_standardised"], ref_std, rtol=1e-6, atol=1e-6)

    ref_slopes = model.coef_[0] / scaler.scale_
    ref_intercept = model.intercept_[0] - np.sum(model.coef_[0] * scaler.mean_ / scaler.scale_)
    np.testing.assert_allclose(
        table["coefficient"], np.concatenate([[ref_intercept], ref_slopes]), rtol=1e-6, atol=1e-9
    )

    # What the SQL scorer does, against the reference pipeline's probabilities on TEST rows.
    test = features[features["split"] == "test"]
    x_test = test[FEATURES].to_numpy(dtype=np.float64)
    coef = table["coefficient"].to_numpy()
    sql_prob = 1.0 / (1.0 + np.exp(-(coef[0] + x_test @ coef[1:])))
    ref_prob = model.predict_proba(scaler.transform(x_test))[:, 1]
    np.testing.assert_allclose(sql_prob, ref_prob, rtol=0, atol=1e-9)

    # Derived columns.
    np.testing.assert_allclose(table["odds_ratio_per_unit"], np.exp(coef), rtol=1e-12)
    np.testing.assert_allclose(
        table["odds_ratio_per_sd"], np.exp(table["coefficient_standardised"]), rtol=1e-12
    )
    assert (table["coefficient_ci_low"] < table["coefficient"]).all()
    assert (table["coefficient"] < table["coefficient_ci_high"]).all()
    np.testing.assert_allclose(
        table["odds_ratio_per_unit_ci_low"], np.exp(table["coefficient_ci_low"]), rtol=1e-12
    )
    assert ((table["p_value"] >= 0) & (table["p_value"] <= 1)).all()
    for column in table.columns:
        if column not in ("term", "resampling"):
            assert table[column].dtype in (np.float64, np.int64), column


def test_run_metadata(features: pd.DataFrame) -> None:
    train = features[features["split"] == "train"]
    n, n_pos = len(train), int(train["is_verified"].sum())
    expected = {
        "upsample": (2 * (n - n_pos), n - n_pos),
        "downsample": (2 * n_pos, n_pos),
        "class_weight": (n, n_pos),
        "none": (n, n_pos),
    }
    for strategy, (rows, verified) in expected.items():
        table = fit_verified_classifier(
            features, FEATURES, resampling=strategy, random_seed=7, regularisation_c=0.5
        )
        assert (table["resampling"] == strategy).all()
        assert (table["random_seed"] == 7).all()
        assert (table["regularisation_c"] == 0.5).all()
        assert (table["ci_level"] == 0.95).all()
        assert (table["train_row_count"] == n).all()
        assert (table["train_verified_count"] == n_pos).all()
        assert (table["resampled_row_count"] == rows).all()
        assert (table["resampled_verified_count"] == verified).all()


def test_feature_order_is_kept(features: pd.DataFrame) -> None:
    reordered = ["comments", "is_ad", "followers", "like_ratio", "duration_s"]
    a = fit_verified_classifier(features, FEATURES).set_index("term")
    b = fit_verified_classifier(features, reordered)
    assert b["term"].tolist() == ["intercept", *reordered]
    np.testing.assert_allclose(
        b.set_index("term").loc[a.index, "coefficient"], a["coefficient"], rtol=1e-5, atol=1e-9
    )


# ----------------------------------------------------------------------------------------------
# Isolation and determinism
# ----------------------------------------------------------------------------------------------


def test_test_rows_do_not_influence_anything(features: pd.DataFrame) -> None:
    changed = features.copy()
    is_test = changed["split"] == "test"
    changed.loc[is_test, FEATURES] = changed.loc[is_test, FEATURES] * 10.0
    changed.loc[is_test, "is_verified"] = ~changed.loc[is_test, "is_verified"]
    for strategy in STRATEGIES:
        pd.testing.assert_frame_equal(
            fit_verified_classifier(features, FEATURES, resampling=strategy),
            fit_verified_classifier(changed, FEATURES, resampling=strategy),
            check_exact=True,
        )


def test_resampling_and_seed_change_results(features: pd.DataFrame) -> None:
    tables = {s: fit_verified_classifier(features, FEATURES, resampling=s) for s in STRATEGIES}
    for i, a in enumerate(STRATEGIES):
        for b in STRATEGIES[i + 1 :]:
            diff = np.abs(tables[a]["coefficient"] - tables[b]["coefficient"]).max()
            assert diff > 1e-6, (a, b)
    again = fit_verified_classifier(features, FEATURES, resampling="upsample")
    pd.testing.assert_frame_equal(tables["upsample"], again, check_exact=True)
    other_seed = fit_verified_classifier(features, FEATURES, resampling="upsample", random_seed=43)
    assert np.abs(other_seed["coefficient"] - tables["upsample"]["coefficient"]).max() > 1e-6


# ----------------------------------------------------------------------------------------------
# Sandwich covariance
# ----------------------------------------------------------------------------------------------


def _numpy_sandwich(x: np.ndarray, y: np.ndarray, beta: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Textbook robust covariance (unpenalised): H^-1 M H^-1 with explicit diagonal matrices."""
    design = np.column_stack([np.ones(len(x)), x])
    p = 1.0 / (1.0 + np.exp(-(design @ beta)))
    h = design.T @ np.diag(w * p * (1 - p)) @ design
    m = design.T @ np.diag((w * (y - p)) ** 2) @ design
    h_inv = np.linalg.inv(h)
    return h_inv @ m @ h_inv


def test_sandwich_matches_numpy_formula_unweighted(features: pd.DataFrame) -> None:
    """resampling='none', huge C: the textbook robust formula on the ORIGINAL-scale design."""
    c = 1e10
    table = fit_verified_classifier(features, FEATURES, resampling="none", regularisation_c=c)
    scaler, model = reference_pipeline(features, "none", c=c)
    train = features[features["split"] == "train"]
    x = train[FEATURES].to_numpy(dtype=np.float64)
    y = train["is_verified"].to_numpy(dtype=np.float64)
    slopes = model.coef_[0] / scaler.scale_
    beta = np.concatenate([[model.intercept_[0] - slopes @ scaler.mean_], slopes])
    cov = _numpy_sandwich(x, y, beta, np.ones(len(x)))
    np.testing.assert_allclose(sandwich_se_from_table(table), np.sqrt(np.diag(cov)), rtol=1e-8)
    # Standardised-scale errors: the same formula on the standardised design.
    cov_std = _numpy_sandwich(
        scaler.transform(x), y, np.concatenate([model.intercept_, model.coef_[0]]), np.ones(len(x))
    )
    np.testing.assert_allclose(table["std_error_standardised"], np.sqrt(np.diag(cov_std)), 1e-8)
    # p-values from the sandwich z.
    z = table["coefficient"].to_numpy() / np.sqrt(np.diag(cov))
    expected_p = [2 * NormalDist().cdf(-abs(v)) for v in z]
    np.testing.assert_allclose(table["p_value"], expected_p, rtol=1e-6, atol=1e-12)


def test_sandwich_includes_l2_penalty_in_bread(features: pd.DataFrame) -> None:
    """Strong penalty (C=0.05): bread = X'WX + I/C on the slopes, on the standardised design."""
    c = 0.05
    table = fit_verified_classifier(
        features, FEATURES, resampling="class_weight", regularisation_c=c
    )
    scaler, model = reference_pipeline(features, "class_weight", c=c)
    train = features[features["split"] == "train"]
    y = train["is_verified"].to_numpy(dtype=np.float64)
    w = np.where(y == 1, len(y) / (2 * y.sum()), len(y) / (2 * (len(y) - y.sum())))
    design = np.column_stack([np.ones(len(y)), scaler.transform(train[FEATURES].to_numpy())])
    p = model.predict_proba(design[:, 1:])[:, 1]
    penalty = np.diag([0.0] + [1.0 / c] * len(FEATURES))
    h_inv = np.linalg.inv(design.T @ np.diag(w * p * (1 - p)) @ design + penalty)
    cov = h_inv @ (design.T @ np.diag((w * (y - p)) ** 2) @ design) @ h_inv
    np.testing.assert_allclose(table["std_error_standardised"], np.sqrt(np.diag(cov)), rtol=1e-8)
    # Without the penalty term the errors would be clearly different.
    h0_inv = np.linalg.inv(design.T @ np.diag(w * p * (1 - p)) @ design)
    cov0 = h0_inv @ (design.T @ np.diag((w * (y - p)) ** 2) @ design) @ h0_inv
    assert np.abs(np.sqrt(np.diag(cov0))[1:] / table["std_error_standardised"][1:] - 1).max() > 0.01


def test_sandwich_uses_squared_copy_counts_for_upsample(features: pd.DataFrame) -> None:
    """Upsample: copies are counted from the materialised draw; the meat uses count**2.

    A naive robust covariance on the materialised copies (treating copies as independent, i.e.
    count instead of count**2) is strictly narrower for every term.
    """
    c = 1e10
    table = fit_verified_classifier(features, FEATURES, resampling="upsample", regularisation_c=c)
    scaler, model = reference_pipeline(features, "upsample", c=c)
    train = features[features["split"] == "train"]
    pos, neg = train[train["is_verified"]], train[~train["is_verified"]]
    copies = resample(pos, replace=True, n_samples=len(neg), random_state=42)["video_id"]
    count = train["video_id"].map(copies.value_counts()).fillna(0.0)
    count = count.to_numpy(dtype=np.float64, copy=True)
    count[~train["is_verified"].to_numpy()] = 1.0
    x = train[FEATURES].to_numpy(dtype=np.float64)
    y = train["is_verified"].to_numpy(dtype=np.float64)
    slopes = model.coef_[0] / scaler.scale_
    beta = np.concatenate([[model.intercept_[0] - slopes @ scaler.mean_], slopes])
    honest = np.sqrt(np.diag(_numpy_sandwich(x, y, beta, count)))
    np.testing.assert_allclose(sandwich_se_from_table(table), honest, rtol=1e-8)

    # naive: sum over copies of (y-p)^2 z z' = sum count (y-p)^2 z z'
    design = np.column_stack([np.ones(len(x)), x])
    p = 1.0 / (1.0 + np.exp(-(design @ beta)))
    h_inv = np.linalg.inv(design.T @ (design * (count * p * (1 - p))[:, None]))
    m = design.T @ (design * (count * (y - p) ** 2)[:, None])
    naive = np.sqrt(np.diag(h_inv @ m @ h_inv))
    assert (honest > naive * 1.1).all()


def test_sandwich_close_to_inverse_hessian_when_well_specified() -> None:
    """y simulated from a true logistic model: robust and model-based errors within 15 %."""
    rng = np.random.default_rng(11)
    n = 20_000
    x = np.column_stack([rng.normal(50, 10, n), rng.exponential(2.0, n), rng.random(n) < 0.4])
    x = x.astype(np.float64)
    eta = -1.0 + 0.05 * (x[:, 0] - 50) + 0.3 * x[:, 1] - 0.8 * x[:, 2]
    y = rng.random(n) < 1 / (1 + np.exp(-eta))
    frame = pd.DataFrame(
        {
            "video_id": np.arange(n),
            "split": "train",
            "is_verified": y,
            "a": x[:, 0],
            "b": x[:, 1],
            "c": x[:, 2],
        }
    )
    columns = ["a", "b", "c"]
    table = fit_verified_classifier(frame, columns, resampling="none", regularisation_c=1e10)
    beta = table["coefficient"].to_numpy()
    design = np.column_stack([np.ones(n), x])
    p = 1 / (1 + np.exp(-(design @ beta)))
    model_based = np.sqrt(np.diag(np.linalg.inv(design.T @ (design * (p * (1 - p))[:, None]))))
    np.testing.assert_allclose(sandwich_se_from_table(table), model_based, rtol=0.15)


@pytest.mark.parametrize("strategy", ["upsample", "class_weight"])
def test_sandwich_agrees_with_within_class_bootstrap(features: pd.DataFrame, strategy: str) -> None:
    """Original-scale sandwich errors within 25 % of a 300-replicate bootstrap, every term."""
    table = fit_verified_classifier(features, FEATURES, resampling=strategy)
    # Hundreds of tiny fits: multi-threaded BLAS only adds contention here.
    with threadpool_limits(limits=1):
        boot = bootstrap_intervals(features, FEATURES, n_replicates=300, resampling=strategy)
    assert boot["term"].tolist() == table["term"].tolist()
    ratio = sandwich_se_from_table(table) / boot["std_error"].to_numpy()
    assert np.all(np.abs(ratio - 1.0) < 0.25), dict(zip(table["term"], ratio, strict=True))
    # the percentile interval covers the point estimate
    assert (boot["coefficient_ci_low"] < table["coefficient"]).all()
    assert (table["coefficient"] < boot["coefficient_ci_high"]).all()
    # deterministic
    with threadpool_limits(limits=1):
        again = bootstrap_intervals(features, FEATURES, n_replicates=300, resampling=strategy)
    pd.testing.assert_frame_equal(boot, again, check_exact=True)


# ----------------------------------------------------------------------------------------------
# Edge cases and bad input
# ----------------------------------------------------------------------------------------------


def test_constant_column_gets_unit_scale(features: pd.DataFrame) -> None:
    frame = features.assign(constant=3.0)
    table = fit_verified_classifier(frame, [*FEATURES, "constant"])
    row = table.set_index("term").loc["constant"]
    assert row["scale"] == 1.0 and row["centre"] == 3.0
    assert row["coefficient"] == 0.0
    assert np.isfinite(table["coefficient_ci_low"]).all()
    assert np.isnan(row["p_value"])  # the coefficient is 0 by construction: no test


def test_unknown_resampling(features: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="resampling 'smote'.*'upsample'.*'class_weight'"):
        fit_verified_classifier(features, FEATURES, resampling="smote")


def test_missing_feature_column(features: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="missing column.*'shares'"):
        fit_verified_classifier(features, [*FEATURES, "shares"])


def test_no_positive_training_rows(features: pd.DataFrame) -> None:
    frame = features.copy()
    frame.loc[frame["split"] == "train", "is_verified"] = False
    with pytest.raises(ValueError, match="no positive rows"):
        fit_verified_classifier(frame, FEATURES)


def test_missing_feature_value_in_train(features: pd.DataFrame) -> None:
    frame = features.copy()
    frame.loc[frame.index[frame["split"] == "train"][0], "comments"] = np.nan
    with pytest.raises(ValueError, match="comments"):
        fit_verified_classifier(frame, FEATURES)


def test_bad_numeric_arguments(features: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="ci_level"):
        fit_verified_classifier(features, FEATURES, ci_level=95)
    with pytest.raises(ValueError, match="regularisation_c"):
        fit_verified_classifier(features, FEATURES, regularisation_c=0.0)


def test_non_convergence_is_an_error(features: pd.DataFrame) -> None:
    with pytest.raises(ClassifierConvergenceError, match="max_iter=2"):
        fit_verified_classifier(features, FEATURES, max_iter=2)


def test_log_messages(features: pd.DataFrame) -> None:
    messages: list[str] = []
    fit_verified_classifier(features, FEATURES, log=messages.append)
    train = features[features["split"] == "train"]
    text = "\n".join(messages)
    assert f"{len(train):,} train rows" in text
    assert "resampling='upsample'" in text
    assert "converged" in text and "sandwich covariance" in text
