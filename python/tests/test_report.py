"""Tests for tiktok_verified.report on a tiny hand-made BI file.

The tables hold a few rows each, with numbers chosen so that the expected words can be worked
out by hand (precision 0.3 -> "about 30 of 100"); the report must show them as published.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import duckdb
import matplotlib.image
import pandas as pd
import pytest
from PIL import Image
from tiktok_verified.report import (
    PICTURES,
    ReportInputError,
    load_report_data,
    main,
    render_report,
)

MORE_LIKELY = (
    "Opinion videos have 4.2 times the odds of a verified author compared with claim videos "
    "(95 % interval 2.1 to 8.4): more likely verified."
)
LESS_LIKELY = (
    "Videos by banned authors have 0.4 times the odds of a verified author compared with "
    "videos by active authors (95 % interval 0.2 to 0.8): less likely verified."
)
NO_LINK = (
    "One standard deviation more views (about 1000 views) goes with 1.05 times the odds of a "
    "verified author (95 % interval 0.9 to 1.2): no clear link."
)
TEST_AUC = 0.83456  # shown as 0.83


def confusion_matrix() -> pd.DataFrame:
    # test: tn 60, fp 28, fn 8, tp 12 -> precision 12/40 = 0.3, recall 12/20 = 0.6
    rows = [
        ("test", "not verified", "not verified", 60),
        ("test", "not verified", "verified", 28),
        ("test", "verified", "not verified", 8),
        ("test", "verified", "verified", 12),
        ("train", "not verified", "not verified", 200),
        ("train", "not verified", "verified", 80),
        ("train", "verified", "not verified", 10),
        ("train", "verified", "verified", 30),
    ]
    return pd.DataFrame(rows, columns=["split", "actual_label", "predicted_label", "video_count"])


def classification_report() -> pd.DataFrame:
    rows = []
    for split in ("test", "train"):
        rows += [
            (split, "not verified", 0.88, 0.68, 0.77, 88, 1),
            (split, "verified", 0.3, 0.6, 0.4, 20, 2),
            (split, "accuracy", None, None, 0.67, 108, 3),
            (split, "macro avg", 0.59, 0.64, 0.58, 108, 4),
            (split, "weighted avg", 0.77, 0.67, 0.7, 108, 5),
        ]
    return pd.DataFrame(
        rows,
        columns=["split", "class_label", "precision", "recall", "f1_score", "support", "row_order"],
    )


def metrics() -> pd.DataFrame:
    values = {
        "test": {
            "accuracy": 0.6667,
            "roc_auc": TEST_AUC,
            "average_precision": 0.41,
            "log_loss": 0.5,
            "brier_score": 0.15,
            "prevalence": 20 / 108,
            "precision": 0.3,
            "recall": 0.6,
            "f1_score": 0.4,
            "row_count": 108.0,
        },
        "train": {
            "accuracy": 0.7,
            "roc_auc": 0.86,
            "average_precision": 0.45,
            "log_loss": 0.45,
            "brier_score": 0.14,
            "prevalence": 40 / 320,
            "precision": 0.27,
            "recall": 0.75,
            "f1_score": 0.4,
            "row_count": 320.0,
        },
    }
    rows = []
    for split, named in values.items():
        for name, value in named.items():
            rows.append((split, name, value))
            if name != "row_count":
                baseline = {"roc_auc": 0.5, "average_precision": named["prevalence"]}
                rows.append((split, f"no_skill_{name}", baseline.get(name, 0.1)))
    return pd.DataFrame(rows, columns=["split", "metric_name", "metric_value"])


def roc_curve(points: int = 5) -> pd.DataFrame:
    rows = []
    for split in ("test", "train"):
        rows.append((split, float("inf"), 0.0, 0.0))
        for k in range(points):
            share = k / (points - 1)
            rows.append((split, 1 - share, share, share**0.4))
    return pd.DataFrame(
        rows, columns=["split", "threshold", "false_positive_rate", "true_positive_rate"]
    )


def pr_curve() -> pd.DataFrame:
    rows = []
    for split in ("test", "train"):
        rows += [
            (split, float("inf"), 1.0, 0.0),
            (split, 0.8, 0.6, 0.3),
            (split, 0.5, 0.3, 0.6),
            (split, 0.0, 20 / 108, 1.0),
        ]
    return pd.DataFrame(rows, columns=["split", "threshold", "precision", "recall"])


def coefficients(directions: tuple[str, str, str] | None = None) -> pd.DataFrame:
    directions = directions or ("no clear link", "more likely verified", "less likely verified")
    rows = [
        (1, "video_view_count", "views", directions[0], 1.05, 0.9, 1.2, NO_LINK),
        (2, "claim_status_opinion", "opinion videos", directions[1], 4.2, 2.1, 8.4, MORE_LIKELY),
        (
            3,
            "author_ban_status_banned",
            "banned authors",
            directions[2],
            0.4,
            0.2,
            0.8,
            LESS_LIKELY,
        ),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "term_order",
            "feature",
            "feature_label",
            "direction",
            "odds_ratio",
            "odds_ratio_ci_low",
            "odds_ratio_ci_high",
            "sentence",
        ],
    )
    frame["ci_level"] = 0.95
    frame["odds_ratio_basis"] = ["per standard deviation (about 1000 views)"] + [
        "compared with claim videos",
        "compared with videos by active authors",
    ]
    frame["p_value"] = [0.5, 0.001, 0.01]
    return frame


def classifier() -> pd.DataFrame:
    frame = pd.DataFrame({"term_order": [0, 1, 2, 3]})
    frame["term"] = ["intercept", "video_view_count", "claim_status_opinion", "banned"]
    frame["resampling"] = "upsample"
    frame["train_row_count"] = 320
    frame["train_verified_count"] = 40
    frame["resampled_row_count"] = 560
    frame["resampled_verified_count"] = 280
    return frame


def outlier_fences() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "column_name": ["video_view_count", "video_like_count"],
            "column_order": [1, 2],
            "train_row_count": [320, 320],
            "q1": [100.0, 10.0],
            "q3": [900.0, 90.0],
            "iqr": [800.0, 80.0],
            "iqr_multiplier": [1.5, 1.5],
            "lower_fence": [-1100.0, -110.0],
            "upper_fence": [2100.0, 210.0],
            "train_capped_count": [16, 32],
            "test_capped_count": [5, 11],
        }
    )


def publication() -> pd.DataFrame:
    names = ["verified_predictions", "video_rejects", "verified_metrics"]
    return pd.DataFrame(
        {
            "table_name": names,
            "row_count": [428, 7, 40],
            "published_at": pd.Timestamp("2026-03-01 08:30:00"),
            "bi_path": "/data/bi.duckdb",
        }
    )


def write_bi_file(path: Path, **replace: pd.DataFrame | None) -> Path:
    """A BI file with every table the report reads (``replace`` swaps or, with None, drops
    one), plus a verified_predictions view that fails if anything reads it."""
    tables = {
        "verified_confusion_matrix": confusion_matrix(),
        "verified_classification_report": classification_report(),
        "verified_metrics": metrics(),
        "verified_roc_curve": roc_curve(),
        "verified_pr_curve": pr_curve(),
        "verified_coefficients": coefficients(),
        "verified_classifier": classifier(),
        "verified_outlier_fences": outlier_fences(),
        "bi_publication": publication(),
    }
    tables.update(replace)
    with duckdb.connect(str(path)) as con:
        for name, frame in tables.items():
            if frame is not None:
                con.register("frame", frame)
                con.execute(f"create table {name} as select * from frame")
                con.unregister("frame")
        con.execute(
            "create view verified_predictions as "
            "select error('the report must not read verified_predictions') as video_id"
        )
    return path


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.sources.append(dict(attrs)["src"] or "")


@pytest.fixture
def report(tmp_path: Path) -> tuple[Path, str]:
    database = write_bi_file(tmp_path / "bi.duckdb")
    index = render_report(database, tmp_path / "report")
    return index, index.read_text(encoding="utf-8")


def test_every_picture_is_a_readable_png_referenced_by_the_page(report):
    index, page = report
    assert index.name == "index.html"
    parser = _Images()
    parser.feed(page)
    assert sorted(parser.sources) == sorted(PICTURES)
    for name in PICTURES:
        path = index.parent / name
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
        with Image.open(path) as image:
            image.verify()
        pixels = matplotlib.image.imread(path)
        assert pixels.shape[0] > 200 and pixels.shape[1] > 400, name


def test_page_is_self_contained(report):
    _, page = report
    for external in ("http://", "https://", "<link", "@import", "url("):
        assert external not in page


def test_clear_findings_are_listed_and_no_clear_link_is_not(report):
    _, page = report
    summary = page.split("<h3>How far to trust")[0]
    assert MORE_LIKELY in summary
    assert LESS_LIKELY in summary
    assert summary.index(MORE_LIKELY) < summary.index(LESS_LIKELY)  # 4.2 is farther from 1
    assert NO_LINK not in page
    assert "No clear link (the interval includes 1): views." in summary


def test_trust_words_come_from_the_tables(report):
    _, page = report
    assert f"ROC AUC is {TEST_AUC:.2f} against 0.50" in page
    assert "flags 40 of the 108 test videos" in page  # 28 + 12 predicted verified
    assert "of 100 videos it flags, about 30 have a verified author" in page  # precision 0.3
    assert "picking at random would give about 19" in page  # prevalence 20 / 108
    assert "it finds about 60" in page  # recall 0.6
    # publication time and input size (428 scored + 7 rejected)
    assert "Published 2026-03-01 08:30 UTC" in page
    assert "input: 435 rows" in page


def test_findings_are_ordered_strongest_first(tmp_path):
    stronger_banned = coefficients()
    banned = stronger_banned["term_order"] == 3
    stronger_banned.loc[banned, ["odds_ratio", "odds_ratio_ci_low", "odds_ratio_ci_high"]] = [
        0.1,  # |ln 0.1| = 2.3 > |ln 4.2| = 1.4
        0.05,
        0.2,
    ]
    database = write_bi_file(tmp_path / "bi.duckdb", verified_coefficients=stronger_banned)
    page = render_report(database, tmp_path / "report").read_text(encoding="utf-8")
    assert page.index(LESS_LIKELY) < page.index(MORE_LIKELY)


def test_no_finding_is_said_in_words(tmp_path):
    database = write_bi_file(
        tmp_path / "bi.duckdb", verified_coefficients=coefficients(("no clear link",) * 3)
    )
    page = render_report(database, tmp_path / "report").read_text(encoding="utf-8")
    assert "None of the 3 video characteristics in the model has a clear link" in page
    assert MORE_LIKELY not in page


def test_a_missing_table_is_named(tmp_path):
    database = write_bi_file(tmp_path / "bi.duckdb", verified_metrics=None)
    with pytest.raises(ReportInputError, match="verified_metrics is missing"):
        render_report(database, tmp_path / "report")


def test_a_missing_column_is_named(tmp_path):
    database = write_bi_file(
        tmp_path / "bi.duckdb", verified_coefficients=coefficients().drop(columns="sentence")
    )
    with pytest.raises(ReportInputError, match="verified_coefficients lacks column.*sentence"):
        render_report(database, tmp_path / "report")


def test_long_curves_are_thinned_in_sql_keeping_both_ends(tmp_path):
    database = write_bi_file(tmp_path / "bi.duckdb", verified_roc_curve=roc_curve(10_001))
    data = load_report_data(database, max_curve_points=100)
    for split in ("test", "train"):
        points = data.roc_curve[data.roc_curve["split"] == split]
        assert 100 <= len(points) <= 102
        assert points["threshold"].is_monotonic_decreasing
        assert points["false_positive_rate"].iloc[0] == 0.0  # the infinite-threshold end
        assert points["false_positive_rate"].iloc[-1] == 1.0


def test_command_line_prints_the_report_path(tmp_path, capsys):
    database = write_bi_file(tmp_path / "bi.duckdb")
    out = tmp_path / "out"
    assert main(["--database", str(database), "--out", str(out)]) == 0
    printed = capsys.readouterr().out.strip().splitlines()
    assert printed[-1] == str((out / "index.html").resolve())


def test_command_line_fails_cleanly_without_the_file(tmp_path, capsys):
    assert main(["--database", str(tmp_path / "absent.duckdb"), "--out", str(tmp_path)]) == 2
    assert "does not exist" in capsys.readouterr().err
