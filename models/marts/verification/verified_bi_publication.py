"""Publish the marts to the BI file (env var TIKTOK_BI_PATH), atomically; return the manifest.

It runs after every mart it publishes and after their tests, so a failed test never reaches BI
users. The list below is the one place that says which tables BI users get.
"""

from dbt_common.events.functions import fire_event
from dbt_common.events.types import Note
from tiktok_verified.publish import publish_tables


def model(dbt, session):
    dbt.config(materialized="table")
    tables = {
        "verified_predictions": dbt.ref("verified_predictions"),
        "verified_confusion_matrix": dbt.ref("verified_confusion_matrix"),
        "verified_classification_report": dbt.ref("verified_classification_report"),
        "verified_metrics": dbt.ref("verified_metrics"),
        "verified_roc_curve": dbt.ref("verified_roc_curve"),
        "verified_pr_curve": dbt.ref("verified_pr_curve"),
        "verified_threshold_metrics": dbt.ref("verified_threshold_metrics"),
        "verified_metric_history": dbt.ref("verified_metric_history"),
        "verified_coefficients": dbt.ref("verified_coefficients"),
        "verified_classifier": dbt.ref("verified_classifier"),
        "verified_outlier_fences": dbt.ref("int_video_outlier_fences"),
        "video_rejects": dbt.ref("stg_tiktok__video_rejects"),
    }
    return publish_tables(
        session,
        tables,
        dbt.config.get("bi_path"),
        log=lambda message: fire_event(Note(msg=message)),
    )
