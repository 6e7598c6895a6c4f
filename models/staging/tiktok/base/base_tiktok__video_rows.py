"""Every data row of the input CSV, as text, with its row number: the one ingestion path."""

from dbt_common.events.functions import fire_event
from dbt_common.events.types import Note
from tiktok_verified.ingest import read_video_rows


def model(dbt, session):
    dbt.config(materialized="table")
    csv_path = dbt.config.get("csv_path")
    return read_video_rows(session, csv_path, log=lambda message: fire_event(Note(msg=message)))
