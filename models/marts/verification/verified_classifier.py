"""The fitted logistic regression, as a table: one row per term (see the package for the maths)."""

from dbt_common.events.functions import fire_event
from dbt_common.events.types import Note
from tiktok_verified.classifier import fit_verified_classifier

KEY_COLUMNS = ("video_id", "split", "is_verified")


def model(dbt, session):
    dbt.config(materialized="table")
    # Only training rows leave the warehouse, so test rows cannot influence the fit; ordered,
    # so that the seeded resampling draw picks the same rows on every run.
    train_rows = dbt.ref("int_video_features").filter("split = 'train'").order("video_id")
    features = train_rows.to_arrow_table().to_pandas()
    return fit_verified_classifier(
        features,
        [column for column in features.columns if column not in KEY_COLUMNS],
        resampling=dbt.config.get("resampling"),
        random_seed=int(dbt.config.get("random_seed")),
        regularisation_c=float(dbt.config.get("regularisation_c")),
        max_iter=int(dbt.config.get("max_iter")),
        ci_level=float(dbt.config.get("ci_level")),
        log=lambda message: fire_event(Note(msg=message)),
    )
