"""The visual report of the verified-author model, drawn from the published BI DuckDB file.

It opens the BI file read-only, reads the small evaluation and model tables (never the
per-video ``verified_predictions``), and writes into one folder:

* ``confusion_matrix.png``, ``roc_pr_curves.png``, ``coefficients.png``, ``class_balance.png``
  and ``outlier_capping.png``;
* ``index.html``, a self-contained page (no external resources) that shows the pictures by
  relative path, the classification report and the other tables, and a plain-words summary
  generated from the tables.

Every number on the page comes from a table as published; nothing is recomputed from
predictions. The test split is the headline throughout: train figures appear only beside it,
labelled as a comparison.

Usage::

    python -m tiktok_verified.report --database target/tiktok_verified_bi.duckdb --out target/report
"""

from __future__ import annotations

import argparse
import html
import math
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import matplotlib
import numpy as np
import pandas as pd

matplotlib.use("Agg")  # files only; never a window, never a display server

from matplotlib.figure import Figure  # noqa: E402  (after the backend is chosen)
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter  # noqa: E402
from matplotlib.transforms import blended_transform_factory  # noqa: E402

__all__ = [
    "PICTURES",
    "REQUIRED_COLUMNS",
    "ReportData",
    "ReportInputError",
    "load_report_data",
    "main",
    "render_report",
    "summary_findings",
    "summary_trust",
]

#: Every table the report reads, with the columns it reads from each. All must be published.
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "verified_confusion_matrix": ("split", "actual_label", "predicted_label", "video_count"),
    "verified_classification_report": (
        "split",
        "class_label",
        "precision",
        "recall",
        "f1_score",
        "support",
        "row_order",
    ),
    "verified_metrics": ("split", "metric_name", "metric_value"),
    "verified_roc_curve": ("split", "threshold", "false_positive_rate", "true_positive_rate"),
    "verified_pr_curve": ("split", "threshold", "precision", "recall"),
    "verified_coefficients": (
        "term_order",
        "feature",
        "feature_label",
        "direction",
        "odds_ratio",
        "odds_ratio_ci_low",
        "odds_ratio_ci_high",
        "ci_level",
        "odds_ratio_basis",
        "p_value",
        "sentence",
    ),
    "verified_classifier": (
        "term_order",
        "resampling",
        "train_row_count",
        "train_verified_count",
        "resampled_row_count",
        "resampled_verified_count",
    ),
    "verified_outlier_fences": (
        "column_name",
        "q1",
        "q3",
        "iqr",
        "iqr_multiplier",
        "lower_fence",
        "upper_fence",
        "train_capped_count",
        "test_capped_count",
        "train_row_count",
    ),
    "bi_publication": ("table_name", "row_count", "published_at", "bi_path"),
}

#: The picture files, in the order the page shows them.
PICTURES: tuple[str, ...] = (
    "confusion_matrix.png",
    "roc_pr_curves.png",
    "coefficients.png",
    "class_balance.png",
    "outlier_capping.png",
)

#: Curves longer than this (per split) are thinned in SQL to about this many points.
MAX_CURVE_POINTS = 2000

HEADLINE_SPLIT = "test"
COMPARISON_SPLIT = "train"
POSITIVE = "verified"
NEGATIVE = "not verified"
NO_CLEAR_LINK = "no clear link"
DIRECTIONS: tuple[str, ...] = ("more likely verified", "less likely verified", NO_CLEAR_LINK)

# Colour-blind-safe (Okabe-Ito) colours, one meaning each across all pictures.
COLOUR_VERIFIED = "#0072B2"
COLOUR_NOT_VERIFIED = "#B8C2CC"
COLOUR_TEST = "#0072B2"
COLOUR_TRAIN = "#E69F00"
COLOUR_NO_SKILL = "#555555"
DIRECTION_COLOURS = {
    "more likely verified": "#0072B2",
    "less likely verified": "#D55E00",
    NO_CLEAR_LINK: "#8C8C8C",
}
DPI = 110

#: How the metrics table names each metric, and what it means, in the order shown.
METRIC_WORDS: dict[str, tuple[str, str]] = {
    "roc_auc": (
        "ROC AUC",
        "how often a verified-author video ranks above a not-verified one; 0.5 = chance",
    ),
    "average_precision": ("Average precision", "area under the precision-recall curve"),
    "precision": ("Precision (verified)", "of the videos flagged verified, the share that are"),
    "recall": ("Recall (verified)", "of the verified-author videos, the share flagged"),
    "f1_score": ("F1 score (verified)", "balance of precision and recall"),
    "accuracy": ("Accuracy", "share labelled correctly; flattering when verified is rare"),
    "log_loss": ("Log loss", "penalty for confident mistakes; lower is better"),
    "brier_score": ("Brier score", "mean squared error of the probabilities; lower is better"),
    "prevalence": ("Share verified", "share of videos whose author is verified"),
    "row_count": ("Videos", "videos in the split"),
}
NO_SKILL_PREFIX = "no_skill_"


class ReportInputError(RuntimeError):
    """The BI file is missing, or lacks a table or column the report needs."""


@dataclass(frozen=True)
class ReportData:
    """The tables the report draws from, as read from the BI file (curves possibly thinned)."""

    confusion_matrix: pd.DataFrame
    classification_report: pd.DataFrame
    metrics: pd.DataFrame
    roc_curve: pd.DataFrame
    pr_curve: pd.DataFrame
    coefficients: pd.DataFrame
    classifier: pd.DataFrame
    outlier_fences: pd.DataFrame
    publication: pd.DataFrame

    def metric(self, split: str, name: str) -> float | None:
        """The value of ``name`` for ``split`` in verified_metrics, or None when absent/null."""
        rows = self.metrics[
            (self.metrics["split"] == split) & (self.metrics["metric_name"] == name)
        ]
        if rows.empty or pd.isna(rows["metric_value"].iloc[0]):
            return None
        return float(rows["metric_value"].iloc[0])

    def cell(self, split: str, actual: str, predicted: str) -> int:
        """One cell of the confusion matrix (0 when the row is absent)."""
        matrix = self.confusion_matrix
        rows = matrix[
            (matrix["split"] == split)
            & (matrix["actual_label"] == actual)
            & (matrix["predicted_label"] == predicted)
        ]
        return int(rows["video_count"].sum())

    def split_size(self, split: str) -> int:
        """Videos in ``split``: the sum of its confusion-matrix cells."""
        matrix = self.confusion_matrix
        return int(matrix.loc[matrix["split"] == split, "video_count"].sum())

    def run(self) -> pd.Series:
        """The classifier's run metadata (the same on every term's row)."""
        return self.classifier.iloc[0]

    def published_rows(self, table_name: str) -> int | None:
        """Rows published for ``table_name`` according to bi_publication, or None."""
        rows = self.publication[self.publication["table_name"] == table_name]
        return None if rows.empty else int(rows["row_count"].iloc[0])


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _check_inputs(con: duckdb.DuckDBPyConnection, database: Path) -> None:
    """Raise ReportInputError naming every required table or column the file lacks."""
    found: dict[str, set[str]] = {}
    for table, column in con.execute(
        "select table_name, column_name from information_schema.columns where table_schema = 'main'"
    ).fetchall():
        found.setdefault(table, set()).add(column)
    problems = []
    for table, columns in REQUIRED_COLUMNS.items():
        if table not in found:
            problems.append(f"table {table} is missing")
            continue
        missing = [column for column in columns if column not in found[table]]
        if missing:
            problems.append(f"table {table} lacks column(s) {', '.join(missing)}")
    if problems:
        raise ReportInputError(
            f"{database} cannot be reported on: {'; '.join(problems)}. The tables published to "
            "the BI file are listed in models/marts/verification/verified_bi_publication.py."
        )


def _select(con: duckdb.DuckDBPyConnection, table: str, order_by: str) -> pd.DataFrame:
    """The required columns of a small table, all rows, in ``order_by`` order."""
    columns = ", ".join(_quote(column) for column in REQUIRED_COLUMNS[table])
    return con.execute(f"select {columns} from {_quote(table)} order by {order_by}").df()


def _select_curve(
    con: duckdb.DuckDBPyConnection, table: str, order_by: str, max_points: int
) -> pd.DataFrame:
    """The curve's points in drawing order (threshold descending, so from the (0, 0) or
    (recall 0, precision 1) end), every k-th kept (plus both ends) when a split has more than
    ``max_points``, so that a curve with a point per distinct score would stay cheap to draw."""
    columns = ", ".join(_quote(column) for column in REQUIRED_COLUMNS[table])
    return con.execute(
        f"""
        with ranked as (
            select
                {columns},
                row_number() over (partition by split order by {order_by}) as point_number,
                count(*) over (partition by split) as point_count
            from {_quote(table)}
        )
        select {columns}
        from ranked
        where point_count <= $max_points
            or point_number = 1
            or point_number = point_count
            or (point_number - 1) % ceil(point_count / $max_points) = 0
        order by split, point_number
        """,
        {"max_points": max_points},
    ).df()


def load_report_data(
    database: str | Path, *, max_curve_points: int = MAX_CURVE_POINTS
) -> ReportData:
    """Read the report's tables from the BI file, read-only.

    Args:
        database: the published BI DuckDB file.
        max_curve_points: curves with more points per split are thinned to about this many.

    Raises:
        ReportInputError: the file does not exist, or lacks a table or column in
            :data:`REQUIRED_COLUMNS`.
    """
    path = Path(database)
    if not path.is_file():
        raise ReportInputError(f"BI file {path} does not exist (build the project first)")
    with duckdb.connect(str(path), read_only=True) as con:
        _check_inputs(con, path)
        data = ReportData(
            confusion_matrix=_select(
                con, "verified_confusion_matrix", "split, actual_label, predicted_label"
            ),
            classification_report=_select(
                con, "verified_classification_report", "split, row_order"
            ),
            metrics=_select(con, "verified_metrics", "split, metric_name"),
            roc_curve=_select_curve(
                con,
                "verified_roc_curve",
                "threshold desc",
                max_curve_points,
            ),
            pr_curve=_select_curve(
                con,
                "verified_pr_curve",
                "threshold desc",
                max_curve_points,
            ),
            coefficients=_select(con, "verified_coefficients", "term_order"),
            classifier=_select(con, "verified_classifier", "term_order"),
            outlier_fences=_select(con, "verified_outlier_fences", "column_name"),
            publication=_select(con, "bi_publication", "table_name"),
        )
    if data.classifier.empty:
        raise ReportInputError(f"{path}: verified_classifier has no rows")
    for column in ("iqr_multiplier", "q1", "q3", "iqr", "lower_fence", "upper_fence"):
        data.outlier_fences[column] = data.outlier_fences[column].astype(float)
    return data


# --------------------------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------------------------


def _number(value: float | None, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:,.{digits}f}"


def _count(value: float | int | None) -> str:
    return "n/a" if value is None else f"{int(value):,}"


def _percent(part: float, whole: float, digits: int = 1) -> str:
    return "n/a" if not whole else f"{100 * part / whole:.{digits}f} %"


def _auc_in_words(auc: float) -> str:
    if auc < 0.55:
        return "no better than chance"
    if auc < 0.65:
        return "only a little better than chance"
    if auc < 0.75:
        return "somewhat better than chance"
    if auc < 0.85:
        return "clearly better than chance"
    return "much better than chance"


def summary_findings(data: ReportData) -> tuple[list[str], list[str]]:
    """The coefficient sentences with a clear direction, and the labels with no clear link.

    Returns:
        (sentences of features whose direction is not "no clear link", the strongest link
        first, i.e. the odds ratio farthest from 1 either way; feature labels of those with no
        clear link, in model order).
    """
    coefficients = data.coefficients
    clear = coefficients[coefficients["direction"] != NO_CLEAR_LINK]
    strength = np.log(clear["odds_ratio"].astype(float)).abs()
    clear = clear.assign(strength=strength).sort_values(
        ["strength", "term_order"], ascending=[False, True], kind="stable"
    )
    unclear = coefficients[coefficients["direction"] == NO_CLEAR_LINK]
    return list(clear["sentence"]), list(unclear["feature_label"])


def summary_trust(data: ReportData) -> list[str]:
    """Plain sentences on how far the model can be trusted, from the test split's tables."""
    test_videos = data.split_size(HEADLINE_SPLIT)
    flagged = data.cell(HEADLINE_SPLIT, NEGATIVE, POSITIVE) + data.cell(
        HEADLINE_SPLIT, POSITIVE, POSITIVE
    )
    verified_videos = data.cell(HEADLINE_SPLIT, POSITIVE, NEGATIVE) + data.cell(
        HEADLINE_SPLIT, POSITIVE, POSITIVE
    )
    auc = data.metric(HEADLINE_SPLIT, "roc_auc")
    no_skill_auc = data.metric(HEADLINE_SPLIT, NO_SKILL_PREFIX + "roc_auc")
    precision = data.metric(HEADLINE_SPLIT, "precision")
    recall = data.metric(HEADLINE_SPLIT, "recall")
    prevalence = data.metric(HEADLINE_SPLIT, "prevalence")
    threshold = data.metric(HEADLINE_SPLIT, "decision_threshold")

    sentences = [
        f"These figures come from the {test_videos:,} test videos, which the model never saw "
        "while it was fitted."
    ]
    if auc is not None:
        baseline = 0.5 if no_skill_auc is None else no_skill_auc
        sentences.append(
            f"Its ROC AUC is {_number(auc)} against {_number(baseline)} for a model with no "
            f"skill (a coin toss) and 1.00 for a perfect one: it tells verified authors apart "
            f"{_auc_in_words(auc)}."
        )
    at = "at its decision threshold"
    if threshold is not None:
        at += f" (a probability of {_number(threshold)} or more)"
    if flagged == 0:
        sentences.append(f"{at.capitalize()} it flags no test video as having a verified author.")
    else:
        words = f"{at.capitalize()} it flags {flagged:,} of the {test_videos:,} test videos"
        if precision is not None:
            words += (
                f": of 100 videos it flags, about {round(100 * precision)} have a verified author"
            )
        if prevalence is not None:
            words += f", where picking at random would give about {round(100 * prevalence)}"
        sentences.append(words + ".")
    if recall is not None and verified_videos:
        sentences.append(
            f"Of every 100 videos whose author is verified, it finds about {round(100 * recall)}."
        )
    train_auc = data.metric(COMPARISON_SPLIT, "roc_auc")
    if auc is not None and train_auc is not None and train_auc - auc > 0.05:
        sentences.append(
            f"It scores better on the rows it was fitted on (ROC AUC {_number(train_auc)}), so "
            "expect the test figures, not the training ones, on new videos."
        )
    accuracy = data.metric(HEADLINE_SPLIT, "accuracy")
    no_skill_accuracy = data.metric(HEADLINE_SPLIT, NO_SKILL_PREFIX + "accuracy")
    if accuracy is not None and no_skill_accuracy is not None and accuracy < no_skill_accuracy:
        sentences.append(
            f"Its accuracy ({_percent(accuracy, 1, 0)}) is lower than the "
            f"{_percent(no_skill_accuracy, 1, 0)} of a no-skill model that labels every video "
            "alike: it accepts false alarms in order to find verified authors, so judge it by "
            "the figures above, not by accuracy."
        )
    worse = [
        words
        for name, words in (("log_loss", "log loss"), ("brier_score", "Brier score"))
        if (value := data.metric(HEADLINE_SPLIT, name)) is not None
        and (baseline := data.metric(HEADLINE_SPLIT, NO_SKILL_PREFIX + name)) is not None
        and value > baseline
    ]
    if worse:
        resampling = str(data.run()["resampling"])
        why = (
            ""
            if resampling == "none"
            else f", as expected when the training rows were rebalanced ({resampling})"
        )
        sentences.append(
            "Read its probabilities as a ranking, not as chances: its "
            f"{' and '.join(worse)} {'are' if len(worse) > 1 else 'is'} worse than "
            f"{'those' if len(worse) > 1 else 'that'} of a no-skill model that gives every "
            f"video the training share of verified authors as its probability{why}."
        )
    return sentences


def _publication_line(data: ReportData) -> str:
    """Publication time, input size (scored + rejected rows) and split sizes, in one line."""
    published = data.publication["published_at"]
    when = pd.Timestamp(published.max()).strftime("%Y-%m-%d %H:%M UTC") if len(published) else "?"
    scored = data.published_rows("verified_predictions")
    rejected = data.published_rows("video_rejects")
    run = data.run()
    parts = [f"Published {when}"]
    if scored is not None and rejected is not None:
        parts.append(
            f"input: {scored + rejected:,} rows, of which {scored:,} videos were scored and "
            f"{rejected:,} rows rejected as unusable"
        )
    elif scored is not None:
        parts.append(f"input: {scored:,} videos scored")
    parts.append(
        f"{int(run['train_row_count']):,} training videos, "
        f"{data.split_size(HEADLINE_SPLIT):,} test videos"
    )
    return " · ".join(parts)


# --------------------------------------------------------------------------------------------
# Pictures
# --------------------------------------------------------------------------------------------


def _new_figure(width: float, height: float) -> Figure:
    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    figure.set_facecolor("white")
    return figure


def draw_confusion_matrix(data: ReportData, path: Path) -> None:
    """Test-split heatmap: counts and row rates (each actual class's share per prediction)."""
    labels = (NEGATIVE, POSITIVE)
    counts = np.array(
        [
            [data.cell(HEADLINE_SPLIT, actual, predicted) for predicted in labels]
            for actual in labels
        ]
    )
    row_totals = counts.sum(axis=1, keepdims=True)
    rates = np.divide(counts, row_totals, out=np.zeros(counts.shape), where=row_totals > 0)

    figure = _new_figure(7.2, 5.6)
    axes = figure.add_subplot()
    image = axes.imshow(rates, cmap="Blues", vmin=0, vmax=1)
    for i in range(len(labels)):
        for j in range(len(labels)):
            note = "recall" if i == j else "of row"
            axes.text(
                j,
                i,
                f"{counts[i, j]:,} videos\n{100 * rates[i, j]:.1f} % {note}",
                ha="center",
                va="center",
                fontsize=12,
                color="white" if rates[i, j] > 0.55 else "black",
            )
    axes.set_xticks(range(2), [f"predicted\n{label}" for label in labels])
    axes.set_yticks(
        range(2), [f"actually\n{label}\n({row_totals[k, 0]:,})" for k, label in enumerate(labels)]
    )
    axes.set_xlabel("What the model predicted")
    axes.set_ylabel("The truth (row total in brackets)")
    axes.set_title(
        f"Confusion matrix, TEST split ({counts.sum():,} held-out videos)",
        fontsize=12,
        fontweight="bold",
    )
    colourbar = figure.colorbar(image, ax=axes, shrink=0.8)
    colourbar.set_label("Share of the actual class (row)")
    figure.text(
        0.5,
        -0.02,
        "Each % is the cell's share of its row; on the diagonal that is the class's recall.",
        ha="center",
        va="top",
        fontsize=9,
        color="#444444",
    )
    figure.savefig(path, dpi=DPI, bbox_inches="tight")


def _split_curve(curve: pd.DataFrame, split: str) -> pd.DataFrame:
    return curve[curve["split"] == split]


#: How each split's curve is drawn: the test split is the headline, train a dashed comparison.
CURVE_STYLES: dict[str, tuple[str, dict]] = {
    HEADLINE_SPLIT: ("Test", {"color": COLOUR_TEST, "linewidth": 2.4}),
    COMPARISON_SPLIT: (
        "Train, for comparison",
        {"color": COLOUR_TRAIN, "linewidth": 1.3, "linestyle": "--"},
    ),
}


def _plot_split_curves(
    axes,
    data: ReportData,
    curve: pd.DataFrame,
    x: str,
    y: str,
    metric: str,
    metric_label: str,
    **plot_options,
) -> None:
    """One line per split of ``curve`` (columns ``x`` and ``y``), labelled with its ``metric``."""
    for split, (label, style) in CURVE_STYLES.items():
        points = _split_curve(curve, split)
        if points.empty:
            continue
        value = _number(data.metric(split, metric))
        axes.plot(
            points[x], points[y], label=f"{label} ({metric_label} {value})", **style, **plot_options
        )


def _mark_decision_point(axes, x: float, y: float) -> None:
    """The test split's operating point at var decision_threshold."""
    axes.plot([x], [y], "o", color="black", markersize=7, label="Test, at the decision threshold")


def _finish_curve_axes(axes, xlabel: str, ylabel: str, title: str, legend_loc: str) -> None:
    axes.set_xlim(-0.01, 1.01)
    axes.set_ylim(-0.01, 1.01)
    axes.set_aspect("equal")
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.set_title(title, fontweight="bold")
    axes.grid(alpha=0.3)
    axes.legend(loc=legend_loc, fontsize=9)


def draw_curves(data: ReportData, path: Path) -> None:
    """ROC and precision-recall curves of the test split, train dashed, with no-skill lines."""
    figure = _new_figure(12.5, 5.6)
    roc_axes, pr_axes = figure.subplots(1, 2)

    # ROC
    _plot_split_curves(
        roc_axes,
        data,
        data.roc_curve,
        "false_positive_rate",
        "true_positive_rate",
        "roc_auc",
        "AUC",
    )
    no_skill_auc = data.metric(HEADLINE_SPLIT, NO_SKILL_PREFIX + "roc_auc")
    roc_axes.plot(
        [0, 1],
        [0, 1],
        color=COLOUR_NO_SKILL,
        linestyle=":",
        linewidth=1.5,
        label=f"No skill (AUC {_number(0.5 if no_skill_auc is None else no_skill_auc)})",
    )
    negatives = data.cell(HEADLINE_SPLIT, NEGATIVE, NEGATIVE) + data.cell(
        HEADLINE_SPLIT, NEGATIVE, POSITIVE
    )
    recall = data.metric(HEADLINE_SPLIT, "recall")
    if negatives and recall is not None:
        false_positive_rate = data.cell(HEADLINE_SPLIT, NEGATIVE, POSITIVE) / negatives
        _mark_decision_point(roc_axes, false_positive_rate, recall)
    _finish_curve_axes(
        roc_axes,
        "False positive rate (share of not-verified videos flagged)",
        "True positive rate (share of verified videos found)",
        "ROC curve, TEST split",
        "lower right",
    )

    # Precision-recall. Points are in increasing recall; steps-pre draws sklearn's step curve
    # (the area AP).
    _plot_split_curves(
        pr_axes,
        data,
        data.pr_curve,
        "recall",
        "precision",
        "average_precision",
        "AP",
        drawstyle="steps-pre",
    )
    prevalence = data.metric(HEADLINE_SPLIT, "prevalence")
    no_skill_ap = data.metric(HEADLINE_SPLIT, NO_SKILL_PREFIX + "average_precision")
    if prevalence is not None:
        shown_ap = prevalence if no_skill_ap is None else no_skill_ap
        pr_axes.axhline(
            prevalence,
            color=COLOUR_NO_SKILL,
            linestyle=":",
            linewidth=1.5,
            label=f"No skill = share verified {_number(prevalence)} (AP {_number(shown_ap)})",
        )
    precision = data.metric(HEADLINE_SPLIT, "precision")
    if precision is not None and recall is not None:
        _mark_decision_point(pr_axes, recall, precision)
    _finish_curve_axes(
        pr_axes,
        "Recall (share of verified videos found)",
        "Precision (share of flagged videos that are verified)",
        "Precision-recall curve, TEST split",
        "upper right",
    )

    figure.suptitle(
        "How well the scores separate verified authors: TEST split (train dashed, for comparison)",
        fontsize=13,
        fontweight="bold",
    )
    figure.savefig(path, dpi=DPI, bbox_inches="tight")


def draw_coefficients(data: ReportData, path: Path) -> None:
    """Odds ratios with intervals on a log axis, grouped and coloured by direction."""
    rank = {direction: position for position, direction in enumerate(DIRECTIONS)}
    table = data.coefficients.assign(
        direction_rank=data.coefficients["direction"].map(rank).fillna(len(DIRECTIONS))
    ).sort_values(["direction_rank", "odds_ratio"], ascending=[True, False])
    table = table.iloc[::-1].reset_index(drop=True)  # first row drawn at the top
    n_terms = len(table)
    ci_level = float(table["ci_level"].iloc[0]) if n_terms else float("nan")

    figure = _new_figure(12.0, 1.6 + 0.62 * max(n_terms, 1))
    axes = figure.add_subplot()
    positions = np.arange(n_terms)
    for direction, colour in DIRECTION_COLOURS.items():
        rows = table[table["direction"] == direction]
        if rows.empty:
            continue
        axes.errorbar(
            rows["odds_ratio"],
            rows.index,
            xerr=[
                rows["odds_ratio"] - rows["odds_ratio_ci_low"],
                rows["odds_ratio_ci_high"] - rows["odds_ratio"],
            ],
            fmt="o",
            color=colour,
            ecolor=colour,
            elinewidth=2.2,
            capsize=4,
            markersize=8,
        )
    axes.axvline(1.0, color="black", linewidth=1)
    axes.set_xscale("log")
    low = float(np.nanmin(table["odds_ratio_ci_low"])) if n_terms else 0.5
    high = float(np.nanmax(table["odds_ratio_ci_high"])) if n_terms else 2.0
    reach = max(abs(math.log(max(low, 1e-6))), abs(math.log(max(high, 1e-6))), math.log(2)) * 1.15
    axes.set_xlim(math.exp(-reach), math.exp(reach))
    ticks = [
        value * 10.0**power
        for power in range(-4, 5)
        for value in (1, 2, 5)
        if math.exp(-reach) <= value * 10.0**power <= math.exp(reach)
    ]
    axes.xaxis.set_major_locator(FixedLocator(ticks))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    axes.xaxis.set_minor_formatter(NullFormatter())
    axes.set_yticks(
        positions,
        [f"{row.feature_label}\n{row.odds_ratio_basis}" for row in table.itertuples()],
        fontsize=9.5,
    )
    axes.set_ylim(-0.7, n_terms - 0.3)
    values = blended_transform_factory(axes.transAxes, axes.transData)
    for row in table.itertuples():
        axes.text(
            1.01,
            row.Index,
            f"{row.odds_ratio:.2f} ({row.odds_ratio_ci_low:.2f} to {row.odds_ratio_ci_high:.2f})",
            transform=values,
            va="center",
            fontsize=9,
            color=DIRECTION_COLOURS.get(row.direction, "black"),
        )
    axes.grid(axis="x", which="both", alpha=0.25)
    axes.set_xlabel(
        "Odds ratio of a verified author (log scale; 1 = no difference)\n"
        "← less likely verified          more likely verified →"
    )
    axes.set_title(
        f"What goes with a verified author: odds ratios with {100 * ci_level:.0f} % intervals\n"
        "(the model's coefficients, fitted on the TRAIN split; the test split measures its "
        "predictions, not these)",
        fontsize=12,
        fontweight="bold",
    )
    handles = [
        Line2D([], [], marker="o", linestyle="-", color=colour, label=direction)
        for direction, colour in DIRECTION_COLOURS.items()
        if (table["direction"] == direction).any()
    ]
    axes.legend(handles=handles, title="Direction", loc="upper left", fontsize=9)
    figure.savefig(path, dpi=DPI, bbox_inches="tight")


def _balance_bars(data: ReportData) -> list[tuple[str, int, int]]:
    """(bar label, not-verified rows, verified rows) for train before/after and test."""
    run = data.run()
    resampling = str(run["resampling"])
    train_total, train_verified = int(run["train_row_count"]), int(run["train_verified_count"])
    after_total = int(run["resampled_row_count"])
    after_verified = int(run["resampled_verified_count"])
    test_verified = data.cell(HEADLINE_SPLIT, POSITIVE, POSITIVE) + data.cell(
        HEADLINE_SPLIT, POSITIVE, NEGATIVE
    )
    test_total = data.split_size(HEADLINE_SPLIT)
    after_label = {
        "class_weight": "TRAIN, as fitted\n(class_weight: same rows,\nverified weighted up)",
        "none": "TRAIN, as fitted\n(no resampling)",
    }.get(resampling, f"TRAIN, after\nresampling ({resampling})")
    return [
        ("TEST\n(never resampled)", test_total - test_verified, test_verified),
        (after_label, after_total - after_verified, after_verified),
        ("TRAIN, before\nresampling", train_total - train_verified, train_verified),
    ]


def draw_class_balance(data: ReportData, path: Path) -> None:
    """Verified vs not verified rows: train before and after resampling, and the test split."""
    bars = _balance_bars(data)
    resampling = str(data.run()["resampling"])
    figure = _new_figure(11.0, 4.6)
    axes = figure.add_subplot()
    widest = max(negative + positive for _, negative, positive in bars) or 1
    for position, (_, negative, positive) in enumerate(bars):
        total = negative + positive
        axes.barh(position, negative, color=COLOUR_NOT_VERIFIED, edgecolor="white")
        axes.barh(position, positive, left=negative, color=COLOUR_VERIFIED, edgecolor="white")
        axes.text(
            total + widest * 0.01,
            position,
            f"{negative:,} not verified + {positive:,} verified = {total:,}\n"
            f"verified share {_percent(positive, total)}",
            va="center",
            fontsize=10,
        )
    axes.set_yticks(range(len(bars)), [label for label, _, _ in bars], fontsize=10)
    axes.set_xlim(0, widest * 1.5)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    axes.set_xlabel("Videos (rows; after resampling, each copy of a row counts as one)")
    axes.legend(
        handles=[
            Line2D([], [], color=COLOUR_NOT_VERIFIED, linewidth=10, label="not verified"),
            Line2D([], [], color=COLOUR_VERIFIED, linewidth=10, label="verified"),
        ],
        loc="lower right",
        fontsize=9,
    )
    axes.grid(axis="x", alpha=0.25)
    axes.set_title(
        f"Class balance: training rows before and after resampling ({resampling})\n"
        "The TEST split is never resampled: it keeps the real share of verified authors, "
        "so the test metrics are honest",
        fontsize=12,
        fontweight="bold",
    )
    figure.savefig(path, dpi=DPI, bbox_inches="tight")


def _column_words(column_name: str) -> str:
    return column_name.replace("_", " ")


def draw_outlier_capping(data: ReportData, path: Path) -> None:
    """Per capped column: the share of train and test rows moved to the train-only fences."""
    fences = data.outlier_fences.iloc[::-1].reset_index(drop=True)
    test_rows = data.split_size(HEADLINE_SPLIT)
    figure = _new_figure(11.0, 1.8 + 0.75 * max(len(fences), 1))
    axes = figure.add_subplot()
    positions = np.arange(len(fences))
    height = 0.38
    train_share = 100 * fences["train_capped_count"] / fences["train_row_count"].replace(0, np.nan)
    test_share = 100 * fences["test_capped_count"] / (test_rows or np.nan)
    axes.barh(positions + height / 2, train_share, height, color=COLOUR_TRAIN, label="train rows")
    axes.barh(positions - height / 2, test_share, height, color=COLOUR_TEST, label="test rows")
    widest = float(np.nanmax([train_share.max(), test_share.max(), 1.0]))
    for position, row in fences.iterrows():
        for offset, count, share in (
            (height / 2, row["train_capped_count"], train_share[position]),
            (-height / 2, row["test_capped_count"], test_share[position]),
        ):
            shown = 0.0 if pd.isna(share) else share
            axes.text(
                shown + widest * 0.01,
                position + offset,
                f"{int(count):,} rows ({_number(shown, 1)} %)",
                va="center",
                fontsize=9,
            )
    axes.set_yticks(
        positions,
        [
            f"{_column_words(row.column_name)}\n(capped above {row.upper_fence:,.0f})"
            for row in fences.itertuples()
        ],
        fontsize=9.5,
    )
    axes.set_xlim(0, widest * 1.35)
    axes.set_xlabel("Rows capped at a fence (% of the split's rows)")
    axes.legend(loc="lower right", fontsize=9)
    axes.grid(axis="x", alpha=0.25)
    axes.set_title(
        "Outlier capping: rows moved to the IQR fences, per column\n"
        "Fences fitted on TRAIN rows only, then applied unchanged to the TEST split; "
        "values are capped, never dropped",
        fontsize=12,
        fontweight="bold",
    )
    figure.savefig(path, dpi=DPI, bbox_inches="tight")


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
       color: #1d232a; background: #f6f7f9; margin: 0; line-height: 1.5; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
h1 { font-size: 1.7rem; margin: 0.2rem 0; }
h2 { font-size: 1.25rem; margin-top: 2.4rem; border-bottom: 2px solid #e3e7ec;
     padding-bottom: 4px; }
h3 { font-size: 1.02rem; margin: 1rem 0 0.4rem; }
.meta { color: #56606b; font-size: 0.92rem; }
.summary { background: #eef5fb; border-left: 5px solid #0072B2; padding: 10px 20px 14px;
           border-radius: 4px; }
.summary li { margin: 0.25rem 0; }
.note { color: #56606b; font-size: 0.9rem; }
.badge { display: inline-block; font-size: 0.75rem; font-weight: 600; padding: 1px 8px;
         border-radius: 10px; background: #0072B2; color: #fff; vertical-align: middle; }
.badge.secondary { background: #E69F00; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #e3e7ec; }
figcaption { color: #56606b; font-size: 0.9rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.92rem; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e3e7ec; text-align: right; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
thead th { background: #f0f2f5; }
.pair { display: flex; flex-wrap: wrap; gap: 32px; }
.direction-more { color: #0072B2; font-weight: 600; }
.direction-less { color: #D55E00; font-weight: 600; }
.direction-none { color: #6b6b6b; }
"""

IMAGE_CHECK_SCRIPT = """
window.addEventListener("load", function () {
  var widths = {};
  document.querySelectorAll("img").forEach(function (img) {
    img.setAttribute("data-natural-width", String(img.naturalWidth));
    widths[img.getAttribute("src")] = img.naturalWidth;
  });
  document.getElementById("image-check").textContent = JSON.stringify(widths);
});
"""


def _e(value: object) -> str:
    return html.escape(str(value))


def _table(header: Sequence[str], rows: Sequence[Sequence[object]], text_columns: int = 1) -> str:
    """An HTML table; cells are HTML already, the first ``text_columns`` are left-aligned."""
    head = "".join(
        f'<th class="text">{_e(h)}</th>' if i < text_columns else f"<th>{_e(h)}</th>"
        for i, h in enumerate(header)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="text">{cell}</td>' if i < text_columns else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _figure(src: str, alt: str, caption: str) -> str:
    return (
        f'<figure><img src="{_e(src)}" alt="{_e(alt)}">'
        f"<figcaption>{_e(caption)}</figcaption></figure>"
    )


#: Each picture's alt text and caption (``{resampling}`` is filled in from the tables).
PICTURE_TEXT: dict[str, tuple[str, str]] = {
    "confusion_matrix.png": (
        "Confusion matrix of the test split with counts and row rates",
        "Confusion matrix, test split. Rows are the truth, columns the prediction; each "
        "percentage is the share of its row, so the diagonal shows each class's recall.",
    ),
    "roc_pr_curves.png": (
        "ROC and precision-recall curves, test split, with no-skill lines",
        "Solid: test split (headline). Dashed: train split, for comparison. Dotted: a model with "
        "no skill (the diagonal for ROC; the share of verified authors for precision-recall). "
        "The dot marks the decision threshold on the test split.",
    ),
    "coefficients.png": (
        "Odds ratios of each feature with intervals, log scale",
        "Odds ratios with their intervals, coloured by direction; a feature whose interval "
        "crosses 1 has no clear link. Numeric features are per standard deviation, groups "
        "against their reference group.",
    ),
    "class_balance.png": (
        "Verified and not-verified rows before and after resampling",
        "Resampling ({resampling}) changes only the rows the model is fitted on. The test split "
        "keeps the real share of verified authors, so its metrics describe real use.",
    ),
    "outlier_capping.png": (
        "Rows capped per column, train and test",
        "Share of rows moved to a fence, per column, for the train and test splits.",
    ),
}


def _optional(value: object, digits: int = 2, missing: str = "") -> str:
    if value is None or pd.isna(value):
        return missing
    return _e(_number(float(value), digits))


def _classification_table(data: ReportData, split: str) -> str:
    """verified_classification_report of one split, as sklearn prints it."""
    rows = data.classification_report[data.classification_report["split"] == split]
    if rows.empty:
        return f'<p class="note">No rows for the {_e(split)} split.</p>'
    return _table(
        ["", "precision", "recall", "f1-score", "support"],
        [
            [
                _e(row.class_label),
                _optional(row.precision),
                _optional(row.recall),
                _optional(row.f1_score),
                _e(_count(row.support)),
            ]
            for row in rows.itertuples()
        ],
    )


def _metrics_table(data: ReportData) -> str:
    """verified_metrics: test, its no-skill baseline and train side by side, known first."""
    names = [name for name in METRIC_WORDS if data.metric(HEADLINE_SPLIT, name) is not None]
    known = set(METRIC_WORDS) | {NO_SKILL_PREFIX + name for name in METRIC_WORDS}
    names += sorted(
        {
            name
            for name in data.metrics["metric_name"]
            if name not in known and not name.startswith(NO_SKILL_PREFIX)
        }
    )
    rows = []
    for name in names:
        label, meaning = METRIC_WORDS.get(name, (name.replace("_", " "), ""))
        digits = 0 if name == "row_count" else 2
        rows.append(
            [
                f"{_e(label)}<br><span class='note'>{_e(meaning)}</span>",
                f"<strong>{_optional(data.metric(HEADLINE_SPLIT, name), digits)}</strong>",
                _optional(data.metric(HEADLINE_SPLIT, NO_SKILL_PREFIX + name), digits, "–"),
                _optional(data.metric(COMPARISON_SPLIT, name), digits, "–"),
            ]
        )
    return _table(
        ["Metric", "TEST split (headline)", "No skill, test split", "Train (comparison only)"],
        rows,
    )


def _direction_class(direction: str) -> str:
    return {
        "more likely verified": "direction-more",
        "less likely verified": "direction-less",
    }.get(direction, "direction-none")


def _coefficient_table(data: ReportData) -> str:
    """verified_coefficients in model order, direction coloured."""
    return _table(
        ["Feature", "Direction", "Compared", "Odds ratio", "Interval", "p-value"],
        [
            [
                _e(row.feature_label),
                f'<span class="{_direction_class(row.direction)}">{_e(row.direction)}</span>',
                f'<span class="note">{_e(row.odds_ratio_basis)}</span>',
                _e(f"{row.odds_ratio:.2f}"),
                _e(f"{row.odds_ratio_ci_low:.2f} to {row.odds_ratio_ci_high:.2f}"),
                _e(f"{row.p_value:.3g}"),
            ]
            for row in data.coefficients.itertuples()
        ],
        text_columns=3,
    )


def _capped(count: int, rows: int) -> str:
    return f"{int(count):,} ({_percent(count, rows)})"


def _fences_table(data: ReportData) -> str:
    """verified_outlier_fences with capped counts and shares of each split."""
    test_rows = data.split_size(HEADLINE_SPLIT)
    model_features = set(data.coefficients["feature"])
    rows = []
    for row in data.outlier_fences.itertuples():
        rows.append(
            [
                _e(_column_words(row.column_name)),
                "yes" if row.column_name in model_features else "no",
                _e(_number(row.q1, 1)),
                _e(_number(row.q3, 1)),
                _e(_number(row.iqr, 1)),
                _e(_number(row.iqr_multiplier, 1)),
                _e(_number(row.lower_fence, 1)),
                _e(_number(row.upper_fence, 1)),
                _e(_capped(row.train_capped_count, row.train_row_count)),
                _e(_capped(row.test_capped_count, test_rows)),
            ]
        )
    return _table(
        [
            "Column",
            "In the model",
            "Q1",
            "Q3",
            "IQR",
            "k",
            "Lower fence",
            "Upper fence",
            "Train rows capped",
            "Test rows capped",
        ],
        rows,
        text_columns=2,
    )


def _page(data: ReportData, database: Path) -> str:
    """The whole index.html: summary, tables and the pictures by relative path."""
    findings, unclear = summary_findings(data)
    trust = summary_trust(data)
    run = data.run()
    if findings:
        finding_html = "<ul>" + "".join(f"<li>{_e(s)}</li>" for s in findings) + "</ul>"
    else:
        finding_html = (
            f"<p>None of the {len(data.coefficients)} video characteristics in the model has a "
            "clear link with a verified author.</p>"
        )
    if unclear and findings:
        finding_html += (
            f'<p class="note">No clear link (the interval includes 1): {_e(", ".join(unclear))}.'
            " These are associations in past data, not causes.</p>"
        )
    elif findings:
        finding_html += '<p class="note">These are associations in past data, not causes.</p>'
    negative_fences = (data.outlier_fences["lower_fence"] < 0).any()
    fence_note = (
        " A lower fence below 0 caps nothing: counts are never negative, so only the upper "
        "fence moves values."
        if negative_fences
        else ""
    )
    k_values = sorted(set(data.outlier_fences["iqr_multiplier"]))
    k_words = ", ".join(_number(k, 1) for k in k_values) or "k"
    figures = {
        name: _figure(name, alt, caption.format(resampling=run["resampling"]))
        for name, (alt, caption) in PICTURE_TEXT.items()
    }
    sections = [
        f"""
<header>
  <h1>Which TikTok videos have a verified author? Model report</h1>
  <p class="meta">{_e(_publication_line(data))}</p>
</header>
<section class="summary">
  <h2 style="border:none;margin-top:0.6rem">In short</h2>
  <h3>What goes with a verified author (strongest link first)</h3>
  {finding_html}
  <h3>How far to trust the model <span class="badge">TEST split</span></h3>
  <p>{_e(" ".join(trust))}</p>
</section>
""",
        f"""
<section>
  <h2>1. Results on the test split</h2>
  <p class="note">The test split is the headline: those videos were held out and never used to
  fit the model. Train figures appear only for comparison.</p>
  {_metrics_table(data)}
  {figures["confusion_matrix.png"]}
</section>
""",
        f"""
<section>
  <h2>2. Classification report</h2>
  <div class="pair">
    <div><h3>Test split <span class="badge">headline</span></h3>
    {_classification_table(data, HEADLINE_SPLIT)}</div>
    <div><h3>Train split <span class="badge secondary">comparison only</span></h3>
    {_classification_table(data, COMPARISON_SPLIT)}</div>
  </div>
  <p class="note">As scikit-learn's classification_report: the accuracy row shows accuracy in
  the f1-score column; support is the number of videos.</p>
</section>
""",
        f"""
<section>
  <h2>3. ROC and precision-recall curves</h2>
  {figures["roc_pr_curves.png"]}
</section>
""",
        f"""
<section>
  <h2>4. What goes with a verified author</h2>
  {figures["coefficients.png"]}
  {_coefficient_table(data)}
</section>
""",
        f"""
<section>
  <h2>5. Class balance before and after resampling</h2>
  {figures["class_balance.png"]}
</section>
""",
        f"""
<section>
  <h2>6. What outlier capping changed</h2>
  {figures["outlier_capping.png"]}
  {_fences_table(data)}
  <p class="note">Fences are Q1 − k·IQR and Q3 + k·IQR with k = {_e(k_words)}, fitted on the
  training rows only and applied unchanged to the test rows.{_e(fence_note)}</p>
</section>
""",
        f"""
<footer>
  <p class="note">Generated by tiktok_verified.report from {_e(database)}; every figure comes
  from the published tables ({_e(", ".join(t for t in REQUIRED_COLUMNS))}).</p>
</footer>
<pre id="image-check" hidden></pre>
""",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Verified-author model report</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>"
        + "".join(sections)
        + f"</main>\n<script>{IMAGE_CHECK_SCRIPT}</script>\n</body>\n</html>\n"
    )


# --------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------


def render_report(database: str | Path, out_dir: str | Path) -> Path:
    """Write the pictures and index.html for the BI file ``database`` into ``out_dir``.

    Returns:
        The path of index.html.
    """
    database = Path(database).resolve()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = load_report_data(database)
    draw_confusion_matrix(data, out / "confusion_matrix.png")
    draw_curves(data, out / "roc_pr_curves.png")
    draw_coefficients(data, out / "coefficients.png")
    draw_class_balance(data, out / "class_balance.png")
    draw_outlier_capping(data, out / "outlier_capping.png")
    index = out / "index.html"
    index.write_text(_page(data, database), encoding="utf-8")
    return index.resolve()


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m tiktok_verified.report --database PATH --out DIR``."""
    parser = argparse.ArgumentParser(
        prog="python -m tiktok_verified.report",
        description="Render the verified-author model report from the published BI DuckDB file.",
    )
    parser.add_argument("--database", required=True, type=Path, help="the BI DuckDB file")
    parser.add_argument("--out", required=True, type=Path, help="folder for index.html and PNGs")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        index = render_report(args.database, args.out)
    except ReportInputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(
        f"report: {len(PICTURES)} pictures rendered in {time.perf_counter() - started:.2f} s",
        file=sys.stderr,
    )
    print(index)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
