"""The plain pandas + scikit-learn script a data scientist writes instead of the dbt project.

Same steps and the same defaults as `dbt build` (dbt_project.yml vars): read the CSV, drop
incomplete rows, a stratified 75/25 split, IQR capping of the five counts with fences fitted on
the training rows, one-hot claim_status / author_ban_status (reference levels claim / active),
transcription length, upsampling of the training minority class (sklearn.utils.resample),
StandardScaler, LogisticRegression(C=1, max_iter=1000), score every row, then write the
predictions and the metric tables to a DuckDB file.

Two ways to split (``--split``):

* ``hash`` (default): the project's rule, so both do the same work and fit the same model. Each
  video gets md5("tiktok_verified|<video_id>"), first 13 hex digits / 2^52; within each class the
  lowest round(0.25 * class size) go to test. Rows are ordered by video_id, as the project orders
  the training rows before the seeded upsampling draw, so the coefficients and metrics equal the
  dbt build's (to ~1e-12).
* ``sklearn``: ``train_test_split(stratify=..., random_state=42)`` in file order, the way most
  people write it (a different, equally valid split; a little less work).

    python bench/pandas_baseline.py --csv data/tiktok_sample.csv --out /tmp/pandas.duckdb
"""

from __future__ import annotations

import argparse
import hashlib
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    classification_report,
    confusion_matrix,
    log_loss,
    roc_auc_score,
)
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.utils import resample

# The project's defaults (dbt_project.yml vars).
SPLIT_SALT = "tiktok_verified"
TEST_SHARE = 0.25
OUTLIER_COLUMNS = [
    "video_view_count",
    "video_like_count",
    "video_share_count",
    "video_download_count",
    "video_comment_count",
]
IQR_MULTIPLIER = 1.5
NUMERIC_FEATURES = [
    "video_duration_sec",
    "video_view_count",
    "video_share_count",
    "video_download_count",
    "video_comment_count",
    "transcription_length",
]
CATEGORICAL_FEATURES = ["claim_status", "author_ban_status"]
REFERENCE_LEVELS = {"claim_status": "claim", "author_ban_status": "active"}
RANDOM_SEED = 42
REGULARISATION_C = 1.0
MAX_ITER = 1000
DECISION_THRESHOLD = 0.5


def hash_split(df: pd.DataFrame) -> pd.Series:
    """The dbt project's split: rank by a salted md5 within each class, lowest share to test."""
    split_hash = pd.Series(
        [
            int(hashlib.md5(f"{SPLIT_SALT}|{video_id}".encode()).hexdigest()[:13], 16) / 2**52
            for video_id in df["video_id"]
        ],
        index=df.index,
    )
    ranked = pd.DataFrame({"h": split_hash, "id": df["video_id"], "y": df["is_verified"]})
    ranked = ranked.sort_values(["h", "id"])
    class_rank = ranked.groupby("y").cumcount() + 1
    class_size = ranked.groupby("y")["id"].transform("size")
    is_test = class_rank <= np.round(class_size * TEST_SHARE)
    return is_test.map({True: "test", False: "train"}).reindex(df.index)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", required=True, help="tiktok_dataset.csv or a generated copy")
    parser.add_argument("--out", required=True, help="DuckDB file to write (replaced)")
    parser.add_argument("--split", choices=["hash", "sklearn"], default="hash")
    args = parser.parse_args()
    started = time.perf_counter()

    def step(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.2f} s] {message}", flush=True)

    # ---- load and clean
    df = pd.read_csv(args.csv)  # '#N/A' and empty fields are read as missing by default
    step(f"read {len(df):,} rows")
    df = df.dropna().reset_index(drop=True)
    df["is_verified"] = df["verified_status"] == "verified"
    step(f"{len(df):,} complete rows")

    # ---- stratified split
    if args.split == "hash":
        df = df.sort_values("video_id", ignore_index=True)
        df["split"] = hash_split(df)
    else:
        train_index, _ = train_test_split(
            df.index, test_size=TEST_SHARE, stratify=df["is_verified"], random_state=RANDOM_SEED
        )
        df["split"] = "test"
        df.loc[train_index, "split"] = "train"
    train = df["split"] == "train"
    step(f"split: {train.sum():,} train, {(~train).sum():,} test")

    # ---- features: IQR capping fitted on train rows, transcription length, one-hot
    q1 = df.loc[train, OUTLIER_COLUMNS].quantile(0.25)
    q3 = df.loc[train, OUTLIER_COLUMNS].quantile(0.75)
    iqr = q3 - q1
    df[OUTLIER_COLUMNS] = df[OUTLIER_COLUMNS].clip(
        lower=q1 - IQR_MULTIPLIER * iqr, upper=q3 + IQR_MULTIPLIER * iqr, axis=1
    )
    df["transcription_length"] = df["video_transcription_text"].str.len()
    dummies = pd.get_dummies(df[CATEGORICAL_FEATURES], dtype=int)
    dummies = dummies.drop(columns=[f"{c}_{level}" for c, level in REFERENCE_LEVELS.items()])
    dummies.columns = [c.replace(" ", "_") for c in dummies.columns]
    feature_columns = NUMERIC_FEATURES + list(dummies.columns)
    X = pd.concat([df[NUMERIC_FEATURES], dummies], axis=1)
    y = df["is_verified"]
    step(f"features: {feature_columns}")

    # ---- upsample the minority class of the training rows
    X_train, y_train = X[train], y[train]
    minority_class = y_train.value_counts().idxmin()
    minority = X_train[y_train == minority_class]
    majority = X_train[y_train != minority_class]
    minority_upsampled = resample(
        minority, replace=True, n_samples=len(majority), random_state=RANDOM_SEED
    )
    X_train = pd.concat([majority, minority_upsampled])
    y_train = y.loc[X_train.index]
    step(f"upsampled train: {len(X_train):,} rows ({y_train.mean():.0%} verified)")

    # ---- standardise and fit
    scaler = StandardScaler().fit(X_train)
    model = LogisticRegression(C=REGULARISATION_C, max_iter=MAX_ITER)
    model.fit(scaler.transform(X_train), y_train)
    step(f"fitted in {model.n_iter_[0]} iterations")

    # ---- score every video
    probability = model.predict_proba(scaler.transform(X))[:, 1]
    predictions = pd.DataFrame(
        {
            "video_id": df["video_id"],
            "split": df["split"],
            "is_verified": y,
            "predicted_probability": probability,
            "is_predicted_verified": probability >= DECISION_THRESHOLD,
        }
    )
    coefficients = pd.DataFrame(
        {
            "term": ["intercept", *feature_columns],
            "coefficient_standardised": [model.intercept_[0], *model.coef_[0]],
            "centre": [0.0, *scaler.mean_],
            "scale": [1.0, *scaler.scale_],
        }
    )
    step("scored")

    # ---- metric tables, per split
    matrices, reports, metrics = [], [], []
    for split, part in predictions.groupby("split"):
        actual, predicted = part["is_verified"], part["is_predicted_verified"]
        prob = part["predicted_probability"]
        cm = confusion_matrix(actual, predicted, labels=[False, True])
        for i, actual_label in enumerate(["not verified", "verified"]):
            for j, predicted_label in enumerate(["not verified", "verified"]):
                matrices.append((split, actual_label, predicted_label, int(cm[i, j])))
        report = classification_report(
            actual,
            predicted,
            labels=[False, True],
            target_names=["not verified", "verified"],
            output_dict=True,
            zero_division=0,
        )
        for label, values in report.items():
            if label == "accuracy":
                reports.append((split, label, None, None, values, len(part)))
            else:
                reports.append(
                    (split, label, values["precision"], values["recall"], values["f1-score"],
                     values["support"])
                )  # fmt: skip
        metrics += [
            (split, "accuracy", report["accuracy"]),
            (split, "precision", report["verified"]["precision"]),
            (split, "recall", report["verified"]["recall"]),
            (split, "f1_score", report["verified"]["f1-score"]),
            (split, "roc_auc", roc_auc_score(actual, prob)),
            (split, "average_precision", average_precision_score(actual, prob)),
            (split, "log_loss", log_loss(actual, prob, labels=[False, True])),
            (split, "brier_score", brier_score_loss(actual, prob)),
            (split, "prevalence", actual.mean()),
            (split, "row_count", float(len(part))),
        ]
    tables = {
        "predictions": predictions,
        "coefficients": coefficients,
        "confusion_matrix": pd.DataFrame(
            matrices, columns=["split", "actual_label", "predicted_label", "video_count"]
        ),
        "classification_report": pd.DataFrame(
            reports, columns=["split", "class_label", "precision", "recall", "f1_score", "support"]
        ),
        "metrics": pd.DataFrame(metrics, columns=["split", "metric_name", "metric_value"]),
    }
    step("metrics computed")

    # ---- write everything to DuckDB
    out = Path(args.out)
    out.unlink(missing_ok=True)
    with duckdb.connect(str(out)) as con:
        for name, frame in tables.items():
            con.from_df(frame).create(name)
    test_auc = next(value for split, name, value in metrics if (split, name) == ("test", "roc_auc"))
    step(f"wrote {', '.join(tables)} to {out} (test ROC AUC {test_auc:.4f})")


if __name__ == "__main__":
    main()
