"""Logistic-regression classifier for ``is_verified`` with resampling-honest intervals.

The single entry point for the dbt Python model is :func:`fit_verified_classifier`: it takes the
feature table as a pandas DataFrame and returns the fitted model as a DataFrame with one row per
term (intercept first, then the features in the order given). SQL can then score any video with
``1 / (1 + exp(-(intercept + sum(coefficient * x))))`` using the original-scale ``coefficient``
column.

Every resampling strategy is represented as a weight vector over the ORIGINAL training rows
(the number of copies each row gets, or its class weight) instead of materialised copies. That is
exactly equivalent for the fit (a weighted logistic loss equals the loss on duplicated rows), much
cheaper at millions of rows, and it is what the sandwich covariance needs: copies made by
upsampling are not independent observations, so the interval is computed on the original rows with
the realised weights, ``cov = H^-1 M H^-1`` with ``H = sum w p (1-p) z z' + I/C`` and
``M = sum w^2 (y-p)^2 z z'``.

:func:`bootstrap_intervals` is the slow, assumption-light cross-check: a within-class percentile
bootstrap that repeats the whole pipeline (resampling, standardisation, fit) in each replicate.

This module knows nothing about dbt.
"""

from __future__ import annotations

import math
import numbers
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.utils import resample

__all__ = [
    "OUTPUT_COLUMNS",
    "RESAMPLING_STRATEGIES",
    "BOOTSTRAP_COLUMNS",
    "ClassifierConvergenceError",
    "bootstrap_intervals",
    "fit_verified_classifier",
    "resampling_weights",
]

#: Allowed values of the ``resampling`` argument.
RESAMPLING_STRATEGIES: tuple[str, ...] = ("upsample", "downsample", "class_weight", "none")

#: Columns of the table returned by :func:`fit_verified_classifier`, in order.
OUTPUT_COLUMNS: tuple[str, ...] = (
    "term_order",
    "term",
    "coefficient_standardised",
    "std_error_standardised",
    "centre",
    "scale",
    "coefficient",
    "coefficient_ci_low",
    "coefficient_ci_high",
    "odds_ratio_per_sd",
    "odds_ratio_per_sd_ci_low",
    "odds_ratio_per_sd_ci_high",
    "odds_ratio_per_unit",
    "odds_ratio_per_unit_ci_low",
    "odds_ratio_per_unit_ci_high",
    "p_value",
    "resampling",
    "random_seed",
    "regularisation_c",
    "ci_level",
    "train_row_count",
    "train_verified_count",
    "resampled_row_count",
    "resampled_verified_count",
)

#: Columns of the table returned by :func:`bootstrap_intervals`, in order.
BOOTSTRAP_COLUMNS: tuple[str, ...] = (
    "term_order",
    "term",
    "coefficient_standardised_mean",
    "std_error_standardised",
    "coefficient_standardised_ci_low",
    "coefficient_standardised_ci_high",
    "coefficient_mean",
    "std_error",
    "coefficient_ci_low",
    "coefficient_ci_high",
    "n_replicates",
    "resampling",
    "random_seed",
    "regularisation_c",
    "ci_level",
)

INTERCEPT_TERM = "intercept"
_REQUIRED_COLUMNS = ("video_id", "split", "is_verified")
_TRAIN_SPLIT = "train"
# Rows per block when accumulating the p x p sums, so no n x p temporaries are made.
_CHUNK_ROWS = 262_144
# Rows per block when gathering the feature matrix (keeps the strided writes in cache).
_GATHER_ROWS = 32_768

Logger = Callable[[str], object]


class ClassifierConvergenceError(RuntimeError):
    """Raised when the logistic regression does not converge within ``max_iter`` iterations."""


@dataclass(frozen=True)
class _Fit:
    """A fitted, standardised model plus its sandwich covariance."""

    coef: np.ndarray  # (p + 1,) intercept first, standardised scale
    cov: np.ndarray  # (p + 1, p + 1) sandwich covariance of ``coef``
    centre: np.ndarray  # (p,)
    scale: np.ndarray  # (p,)
    n_iter: int


# --------------------------------------------------------------------------------------------
# Validation and extraction
# --------------------------------------------------------------------------------------------


def _check_arguments(
    features: pd.DataFrame,
    feature_columns: Sequence[str],
    resampling: str,
    random_seed: int,
    regularisation_c: float,
    max_iter: int,
    ci_level: float,
) -> list[str]:
    """Validate the arguments; return ``feature_columns`` as a list."""
    if not isinstance(features, pd.DataFrame):
        raise TypeError(f"features must be a pandas DataFrame, got {type(features).__name__}")
    if resampling not in RESAMPLING_STRATEGIES:
        raise ValueError(
            f"unknown resampling {resampling!r}; allowed values are "
            + ", ".join(repr(s) for s in RESAMPLING_STRATEGIES)
        )
    if isinstance(feature_columns, str):
        raise TypeError("feature_columns must be a list of column names, not a single string")
    columns = list(feature_columns)
    if not columns:
        raise ValueError("feature_columns is empty: at least one feature column is needed")
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    if duplicated:
        raise ValueError(f"feature_columns lists these columns more than once: {duplicated}")
    if INTERCEPT_TERM in columns:
        raise ValueError(f"a feature column may not be called {INTERCEPT_TERM!r}")
    missing = [c for c in (*_REQUIRED_COLUMNS, *columns) if c not in features.columns]
    if missing:
        raise ValueError(f"features is missing column(s) {missing}")
    non_numeric = [
        c
        for c in columns
        if not (
            pd.api.types.is_numeric_dtype(features[c]) or pd.api.types.is_bool_dtype(features[c])
        )
    ]
    if non_numeric:
        raise ValueError(f"feature column(s) {non_numeric} are not numeric")
    if not (_is_real(regularisation_c) and 0.0 < regularisation_c < math.inf):
        raise ValueError(f"regularisation_c must be a positive number, got {regularisation_c!r}")
    if not (_is_integer(max_iter) and max_iter >= 1):
        raise ValueError(f"max_iter must be a positive integer, got {max_iter!r}")
    if not (_is_integer(random_seed) and 0 <= random_seed < 2**32):
        raise ValueError(f"random_seed must be an integer in [0, 2**32), got {random_seed!r}")
    if not (_is_real(ci_level) and 0.0 < ci_level < 1.0):
        raise ValueError(f"ci_level must be strictly between 0 and 1, got {ci_level!r}")
    return columns


def _is_real(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _is_integer(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _training_arrays(features: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(train_positions, y)`` for the rows with ``split == 'train'``.

    ``y`` is a bool array. Raises ValueError if the training split is empty, has missing labels,
    or lacks either class.
    """
    split = features["split"]
    is_train = (split == _TRAIN_SPLIT).fillna(False).to_numpy(dtype=bool)
    positions = np.flatnonzero(is_train)
    if positions.size == 0:
        raise ValueError(f"no rows with split == {_TRAIN_SPLIT!r} in features")
    labels = features["is_verified"].iloc[positions]
    if labels.isna().any():
        raise ValueError("is_verified is null on some training rows")
    y = labels.to_numpy(dtype=bool)
    n_pos = int(y.sum())
    if n_pos == 0:
        raise ValueError(
            "no positive rows (is_verified = true) in the training split: cannot fit a classifier"
        )
    if n_pos == y.size:
        raise ValueError(
            "no negative rows (is_verified = false) in the training split: cannot fit a classifier"
        )
    return positions, y


def _feature_matrix(
    features: pd.DataFrame, feature_columns: list[str], positions: np.ndarray
) -> np.ndarray:
    """Copy the feature columns at ``positions`` into a fresh C-ordered float64 matrix.

    Gathered in row blocks (contiguous writes), checking for missing/infinite values on the way.
    """
    sources = [
        features[column].to_numpy(dtype=np.float64, na_value=np.nan) for column in feature_columns
    ]
    x = np.empty((positions.size, len(feature_columns)), dtype=np.float64)
    finite = np.ones(len(feature_columns), dtype=bool)
    for start in range(0, positions.size, _GATHER_ROWS):
        rows = positions[start : start + _GATHER_ROWS]
        block = x[start : start + _GATHER_ROWS]
        for j, source in enumerate(sources):
            block[:, j] = source[rows]
        finite &= np.isfinite(block).all(axis=0)
    if not finite.all():
        names = [c for c, ok in zip(feature_columns, finite, strict=True) if not ok]
        raise ValueError(f"feature column(s) {names} have missing or infinite training values")
    return x


# --------------------------------------------------------------------------------------------
# Resampling as weights
# --------------------------------------------------------------------------------------------


def resampling_weights(
    is_verified: np.ndarray, resampling: str, random_seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Express a resampling strategy as weights on the original training rows.

    Returns ``(row_weight, fit_weight)``, both float64 arrays aligned with ``is_verified``:

    * ``row_weight`` is the number of copies of each row in the resampled training set (what
      the scaler sees): the multiplicity for ``upsample``/``downsample`` (0 for dropped rows) and
      1 for ``class_weight``/``none`` (no copies are made).
    * ``fit_weight`` is the sample weight of the logistic fit: the multiplicity for
      ``upsample``/``downsample``, ``n / (2 * n_class)`` for ``class_weight`` (sklearn's
      'balanced'), and 1 for ``none``.

    ``upsample`` reproduces ``sklearn.utils.resample(minority, replace=True,
    n_samples=n_majority, random_state=random_seed)`` (minority rows in their original order);
    ``downsample`` reproduces ``resample(majority, replace=False, n_samples=n_minority, ...)``.
    When both classes already have the same count, up/downsampling leaves every weight at 1.
    """
    if resampling not in RESAMPLING_STRATEGIES:
        raise ValueError(
            f"unknown resampling {resampling!r}; allowed values are "
            + ", ".join(repr(s) for s in RESAMPLING_STRATEGIES)
        )
    y = np.asarray(is_verified, dtype=bool)
    n = y.size
    n_pos = int(y.sum())
    n_neg = n - n_pos
    ones = np.ones(n, dtype=np.float64)
    if resampling == "none" or (resampling in ("upsample", "downsample") and n_pos == n_neg):
        return ones, ones.copy()
    if resampling == "class_weight":
        fit_weight = np.where(y, n / (2.0 * n_pos), n / (2.0 * n_neg))
        return ones, fit_weight.astype(np.float64)

    minority_is_positive = n_pos < n_neg
    minority = np.flatnonzero(y == minority_is_positive)
    majority = np.flatnonzero(y != minority_is_positive)
    weight = np.ones(n, dtype=np.float64)
    if resampling == "upsample":
        drawn = resample(minority, replace=True, n_samples=majority.size, random_state=random_seed)
        weight[minority] = np.bincount(drawn, minlength=n)[minority]
    else:  # downsample
        kept = resample(majority, replace=False, n_samples=minority.size, random_state=random_seed)
        weight[majority] = 0.0
        weight[kept] = 1.0
    return weight, weight.copy()


# --------------------------------------------------------------------------------------------
# Core numerics
# --------------------------------------------------------------------------------------------


def _weighted_standardise(x: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Standardise ``x`` IN PLACE with the weighted mean and weighted population std.

    Equals ``StandardScaler`` fitted on the rows of ``x`` repeated ``w`` times (for integer
    ``w``), including its rule that a (near-)constant column gets scale 1.0.
    """
    sw = float(w.sum())
    centre = (w @ x) / sw
    x -= centre
    sum_sq = np.zeros(x.shape[1], dtype=np.float64)
    for start in range(0, x.shape[0], _CHUNK_ROWS):
        block = x[start : start + _CHUNK_ROWS]
        sum_sq += w[start : start + _CHUNK_ROWS] @ (block * block)
    var = sum_sq / sw
    eps = np.finfo(np.float64).eps
    constant = var <= sw * eps * var + (sw * centre * eps) ** 2  # sklearn's _is_constant_feature
    scale = np.where(constant, 1.0, np.sqrt(var))
    x /= scale
    return centre, scale


def _fit_logistic(
    z: np.ndarray, y: np.ndarray, w: np.ndarray, regularisation_c: float, max_iter: int
) -> tuple[np.ndarray, int]:
    """Weighted L2 logistic regression (sklearn lbfgs); returns ``([b0, b...], n_iter)``.

    Raises :class:`ClassifierConvergenceError` if lbfgs stops before converging.
    """
    model = LogisticRegression(C=regularisation_c, max_iter=max_iter, solver="lbfgs")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        model.fit(z, y, sample_weight=w)
    problems = [str(c.message) for c in caught if issubclass(c.category, ConvergenceWarning)]
    for c in caught:  # re-emit anything unrelated to convergence
        if not issubclass(c.category, ConvergenceWarning):
            warnings.warn_explicit(c.message, c.category, c.filename, c.lineno)
    n_iter = int(np.max(model.n_iter_))
    if problems:
        raise ClassifierConvergenceError(
            f"LogisticRegression (lbfgs, C={regularisation_c}) did not converge within "
            f"max_iter={max_iter} iterations (n_iter={n_iter}). Raise max_iter (the value the "
            f"caller passes as max_iter, e.g. the project's max_iter var) and rerun. "
            f"sklearn said: {problems[0].strip()}"
        )
    coef = np.concatenate([model.intercept_.astype(np.float64), model.coef_[0].astype(np.float64)])
    return coef, n_iter


def _sandwich_covariance(
    z: np.ndarray, y: np.ndarray, w: np.ndarray, coef: np.ndarray, regularisation_c: float
) -> np.ndarray:
    """Sandwich covariance ``H^-1 M H^-1`` of the weighted, L2-penalised logistic M-estimator.

    ``z`` is the standardised design WITHOUT the intercept column (it is handled implicitly);
    rows are original training rows with weights ``w``.
    ``H = sum w p (1-p) z z' + diag(0, 1/C, ..., 1/C)`` and ``M = sum w^2 (y-p)^2 z z'``.
    Accumulated over row blocks: O(n p^2) time, O(block * p) extra memory.
    """
    k = z.shape[1] + 1
    bread = np.zeros((k, k), dtype=np.float64)
    meat = np.zeros((k, k), dtype=np.float64)
    yf = y.astype(np.float64)
    for start in range(0, z.shape[0], _CHUNK_ROWS):
        stop = start + _CHUNK_ROWS
        zb = np.empty((min(stop, z.shape[0]) - start, k), dtype=np.float64)
        zb[:, 0] = 1.0
        zb[:, 1:] = z[start:stop]
        wb = w[start:stop]
        prob = _expit(zb @ coef)
        curvature = wb * prob * (1.0 - prob)
        score = wb * (yf[start:stop] - prob)
        bread += (zb * curvature[:, None]).T @ zb
        meat += (zb * (score * score)[:, None]).T @ zb
    bread[1:, 1:] += np.eye(k - 1) / regularisation_c
    bread_inv_meat = np.linalg.solve(bread, meat)
    cov = np.linalg.solve(bread, bread_inv_meat.T).T  # H^-1 M H^-1 (H symmetric)
    return (cov + cov.T) / 2.0


def _expit(eta: np.ndarray) -> np.ndarray:
    out = np.empty_like(eta)
    pos = eta >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-eta[pos]))
    e = np.exp(eta[~pos])
    out[~pos] = e / (1.0 + e)
    return out


def _to_original_scale(centre: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Matrix ``A`` with ``b_original = A @ b_standardised`` (intercept first)."""
    p = centre.size
    a = np.zeros((p + 1, p + 1), dtype=np.float64)
    a[0, 0] = 1.0
    a[0, 1:] = -centre / scale
    a[1:, 1:] = np.diag(1.0 / scale)
    return a


def _fit_weighted(
    features: pd.DataFrame,
    feature_columns: list[str],
    positions: np.ndarray,
    y: np.ndarray,
    row_weight: np.ndarray,
    fit_weight: np.ndarray,
    regularisation_c: float,
    max_iter: int,
    *,
    with_covariance: bool,
    log: Logger | None = None,
) -> _Fit:
    """Standardise (weights ``row_weight``), fit (weights ``fit_weight``), optionally sandwich.

    Rows whose fit weight is zero contribute nothing to the scaler, the fit or the covariance,
    so they are dropped before the feature matrix is built.
    """
    keep = fit_weight > 0
    x = _feature_matrix(features, feature_columns, positions[keep])
    y_kept, row_w, fit_w = y[keep], row_weight[keep], fit_weight[keep]
    centre, scale = _weighted_standardise(x, row_w)
    started = time.perf_counter()
    coef, n_iter = _fit_logistic(x, y_kept, fit_w, regularisation_c, max_iter)
    if log is not None:
        log(
            f"classifier: lbfgs fit on {x.shape[0]:,} distinct rows x {x.shape[1]} features "
            f"converged in {n_iter} iterations, {time.perf_counter() - started:.2f} s"
        )
    cov = np.full((coef.size, coef.size), np.nan)
    if with_covariance:
        started = time.perf_counter()
        cov = _sandwich_covariance(x, y_kept, fit_w, coef, regularisation_c)
        if log is not None:
            log(f"classifier: sandwich covariance in {time.perf_counter() - started:.2f} s")
    return _Fit(coef=coef, cov=cov, centre=centre, scale=scale, n_iter=n_iter)


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def fit_verified_classifier(
    features: pd.DataFrame,
    feature_columns: Sequence[str],
    *,
    resampling: str = "upsample",
    random_seed: int = 42,
    regularisation_c: float = 1.0,
    max_iter: int = 1000,
    ci_level: float = 0.95,
    log: Logger | None = None,
) -> pd.DataFrame:
    """Fit the ``is_verified`` logistic regression on the training split; return the model table.

    Parameters
    ----------
    features
        Feature table with ``video_id``, ``split`` ('train'/'test'), ``is_verified`` and the
        numeric ``feature_columns``. Only rows with ``split == 'train'`` are used, for
        resampling, scaling, fitting and intervals alike.
    feature_columns
        Feature columns, in the order the output rows should follow.
    resampling
        ``'upsample'`` (minority drawn with replacement up to the majority count),
        ``'downsample'`` (majority drawn without replacement down to the minority count),
        ``'class_weight'`` (balanced sample weights ``n / (2 n_class)``) or ``'none'``.
        All are applied as per-row weights (see :func:`resampling_weights`).
    random_seed
        Seed of the up/downsampling draw.
    regularisation_c
        Inverse L2 strength ``C`` of ``sklearn.linear_model.LogisticRegression``.
    max_iter
        lbfgs iteration limit; :class:`ClassifierConvergenceError` is raised if it is reached.
    ci_level
        Confidence level of the normal-quantile sandwich intervals.
    log
        Optional ``callable(str)`` receiving progress messages.

    Returns
    -------
    pandas.DataFrame
        One row per term (``intercept`` first, then ``feature_columns``) with the columns in
        :data:`OUTPUT_COLUMNS`. ``coefficient`` is on the original feature scale, so
        ``1 / (1 + exp(-(intercept + sum(coefficient * x))))`` is the fitted probability.

    Raises
    ------
    ValueError
        Unknown ``resampling``, missing/non-numeric/non-finite feature columns, an empty training
        split or a training split without both classes, or out-of-range numeric arguments.
    ClassifierConvergenceError
        If lbfgs does not converge within ``max_iter`` iterations.
    """
    columns = _check_arguments(
        features, feature_columns, resampling, random_seed, regularisation_c, max_iter, ci_level
    )
    positions, y = _training_arrays(features)
    n_train, n_train_pos = int(y.size), int(y.sum())
    if log is not None:
        log(
            f"classifier: {len(features):,} rows in, {n_train:,} train rows "
            f"({n_train_pos:,} verified, {n_train - n_train_pos:,} not verified); "
            f"test rows are not used"
        )

    row_weight, fit_weight = resampling_weights(y, resampling, random_seed)
    resampled_rows = float(row_weight.sum())
    resampled_pos = float(row_weight[y].sum())
    if log is not None:
        extra = ""
        if resampling == "class_weight":
            extra = (
                f"; weights {fit_weight[y][0]:.4g} (verified) / {fit_weight[~y][0]:.4g} "
                f"(not verified)"
            )
        log(
            f"classifier: resampling={resampling!r} (seed {random_seed}) -> "
            f"{resampled_rows:,.0f} rows ({resampled_pos:,.0f} verified, "
            f"{resampled_rows - resampled_pos:,.0f} not verified){extra}"
        )

    fit = _fit_weighted(
        features,
        columns,
        positions,
        y,
        row_weight,
        fit_weight,
        float(regularisation_c),
        max_iter,
        with_covariance=True,
        log=log,
    )
    table = _model_table(fit, columns, ci_level)
    table["resampling"] = resampling
    table["random_seed"] = np.int64(random_seed)
    table["regularisation_c"] = np.float64(regularisation_c)
    table["ci_level"] = np.float64(ci_level)
    table["train_row_count"] = np.int64(n_train)
    table["train_verified_count"] = np.int64(n_train_pos)
    table["resampled_row_count"] = np.int64(round(resampled_rows))
    table["resampled_verified_count"] = np.int64(round(resampled_pos))
    return table.loc[:, list(OUTPUT_COLUMNS)]


def _model_table(fit: _Fit, columns: list[str], ci_level: float) -> pd.DataFrame:
    z_crit = NormalDist().inv_cdf(0.5 + ci_level / 2.0)
    a = _to_original_scale(fit.centre, fit.scale)
    coef_std = fit.coef
    se_std = np.sqrt(np.diag(fit.cov))
    coef = a @ coef_std
    se = np.sqrt(np.diag(a @ fit.cov @ a.T))
    # Two-sided p-value of coefficient = 0 on the original scale; for every slope this is the
    # same test as on the standardised scale (z is scale-free); for the intercept it matches the
    # original-scale interval in the same row. A zero-variance column (scale 1.0, coefficient 0,
    # standard error 0) gets NaN.
    with np.errstate(divide="ignore", invalid="ignore"):
        z_stat = np.where(se > 0, coef / se, np.nan)
    p_value = np.array([math.erfc(abs(v) / math.sqrt(2.0)) for v in z_stat], dtype=np.float64)
    std_low, std_high = coef_std - z_crit * se_std, coef_std + z_crit * se_std
    low, high = coef - z_crit * se, coef + z_crit * se
    return pd.DataFrame(
        {
            "term_order": np.arange(len(columns) + 1, dtype=np.int64),
            "term": [INTERCEPT_TERM, *columns],
            "coefficient_standardised": coef_std,
            "std_error_standardised": se_std,
            "centre": np.concatenate([[0.0], fit.centre]),
            "scale": np.concatenate([[1.0], fit.scale]),
            "coefficient": coef,
            "coefficient_ci_low": low,
            "coefficient_ci_high": high,
            "odds_ratio_per_sd": np.exp(coef_std),
            "odds_ratio_per_sd_ci_low": np.exp(std_low),
            "odds_ratio_per_sd_ci_high": np.exp(std_high),
            "odds_ratio_per_unit": np.exp(coef),
            "odds_ratio_per_unit_ci_low": np.exp(low),
            "odds_ratio_per_unit_ci_high": np.exp(high),
            "p_value": p_value,
        }
    )


def bootstrap_intervals(
    features: pd.DataFrame,
    feature_columns: Sequence[str],
    *,
    n_replicates: int,
    resampling: str = "upsample",
    random_seed: int = 42,
    regularisation_c: float = 1.0,
    max_iter: int = 1000,
    ci_level: float = 0.95,
    log: Logger | None = None,
) -> pd.DataFrame:
    """Within-class percentile bootstrap of the whole pipeline (slow cross-check of the sandwich).

    Each replicate draws the training rows with replacement WITHIN each class (keeping the class
    counts), then applies the same ``resampling`` strategy to the drawn rows (with a seed taken
    from the replicate's generator), re-standardises and refits. Weights are aggregated back onto
    the original rows, which is identical to materialising the replicate.

    Returns one row per term (``intercept`` first) with the columns in
    :data:`BOOTSTRAP_COLUMNS`: replicate mean, standard deviation (``std_error*``) and
    percentile interval at ``ci_level`` on both the standardised and the original scale.
    Compare ``std_error`` with the sandwich interval of :func:`fit_verified_classifier` on the
    original scale (the standardised intercept also moves with each replicate's centring).
    Deterministic for a given ``random_seed``.
    """
    columns = _check_arguments(
        features, feature_columns, resampling, random_seed, regularisation_c, max_iter, ci_level
    )
    if not (_is_integer(n_replicates) and n_replicates >= 2):
        raise ValueError(f"n_replicates must be an integer >= 2, got {n_replicates!r}")
    positions, y = _training_arrays(features)
    n = y.size
    class_rows = [np.flatnonzero(y), np.flatnonzero(~y)]
    started = time.perf_counter()
    coef_std = np.empty((n_replicates, len(columns) + 1), dtype=np.float64)
    coef_orig = np.empty_like(coef_std)
    for r, child in enumerate(np.random.SeedSequence(random_seed).spawn(n_replicates)):
        rng = np.random.default_rng(child)
        drawn = np.concatenate([rows[rng.integers(0, rows.size, rows.size)] for rows in class_rows])
        row_w_rep, fit_w_rep = resampling_weights(
            y[drawn], resampling, int(rng.integers(0, 2**31 - 1))
        )
        row_weight = np.bincount(drawn, weights=row_w_rep, minlength=n)
        fit_weight = np.bincount(drawn, weights=fit_w_rep, minlength=n)
        fit = _fit_weighted(
            features,
            columns,
            positions,
            y,
            row_weight,
            fit_weight,
            float(regularisation_c),
            max_iter,
            with_covariance=False,
        )
        coef_std[r] = fit.coef
        coef_orig[r] = _to_original_scale(fit.centre, fit.scale) @ fit.coef
    if log is not None:
        log(
            f"classifier: {n_replicates} bootstrap replicates ({resampling!r}) in "
            f"{time.perf_counter() - started:.2f} s"
        )
    tail = (1.0 - ci_level) / 2.0
    q_std = np.quantile(coef_std, [tail, 1.0 - tail], axis=0)
    q_orig = np.quantile(coef_orig, [tail, 1.0 - tail], axis=0)
    table = pd.DataFrame(
        {
            "term_order": np.arange(len(columns) + 1, dtype=np.int64),
            "term": [INTERCEPT_TERM, *columns],
            "coefficient_standardised_mean": coef_std.mean(axis=0),
            "std_error_standardised": coef_std.std(axis=0, ddof=1),
            "coefficient_standardised_ci_low": q_std[0],
            "coefficient_standardised_ci_high": q_std[1],
            "coefficient_mean": coef_orig.mean(axis=0),
            "std_error": coef_orig.std(axis=0, ddof=1),
            "coefficient_ci_low": q_orig[0],
            "coefficient_ci_high": q_orig[1],
        }
    )
    table["n_replicates"] = np.int64(n_replicates)
    table["resampling"] = resampling
    table["random_seed"] = np.int64(random_seed)
    table["regularisation_c"] = np.float64(regularisation_c)
    table["ci_level"] = np.float64(ci_level)
    return table.loc[:, list(BOOTSTRAP_COLUMNS)]
