"""Staging end to end: every input row staged or rejected with a reason, on every input."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from tiktok_verified.ingest import DATA_COLUMNS

from tests.e2e.conftest import run_dbt

HEADER = ["#", *DATA_COLUMNS]
GOOD = ["claim", "1000000001", "30", "a plain fact", "not verified", "active", "900", "90", "9"]
GOOD += ["3", "1"]

SPACED_TEXT = "\u00a0 \u3000spaced out\u3000 \u00a0"
ACCENTED_TEXT = "\u00c9lan, caf\u00e9"

#: (row, expected reject reason or None when staged). The row label (#) is added when written.
CASES: list[tuple[list[str], str | None]] = [
    (GOOD, None),
    (
        ["  Opinion ", "1000000002", "31", "it\\'s A &amp; B", " VERIFIED", "Under Review"]
        + ["5.0", "4.0", "3", "2", "1"],
        None,
    ),
    (["claim", "", "30", "x", "verified", "active", "1", "1", "1", "1", "1"], "missing_video_id"),
    (
        ["claim", "12ab", "30", "x", "verified", "active", "1", "1", "1", "1", "1"],
        "invalid_video_id",
    ),
    (["", "1000000003", "30", "", "verified", "active"] + ["#N/A"] * 5, "missing_values"),
    (
        ["rumour", "1000000004", "30", "x", "verified", "active", "1", "1", "1", "1", "1"],
        "unknown_category_level",
    ),
    (
        ["claim", "1000000005", "30", "x", "verified", "active", "lots", "1", "1", "1", "1"],
        "invalid_count",
    ),
    (
        ["claim", "1000000006", "30", "x", "verified", "active", "1", "-4", "1", "1", "1"],
        "negative_count",
    ),
    (
        ["claim", "1000000007", "30", "x", "verified", "active", "1", "1", "2.5", "1", "1"],
        "non_integer_count",
    ),
    (
        ["claim", "1000000008", "0", "x", "verified", "active", "1", "1", "1", "1", "1"],
        "invalid_duration",
    ),
    (GOOD, "duplicate_video_id_exact_copy"),
    (
        ["claim", "1000000009", "30", "x", "verified", "active", "1", "1", "1", "1", "1"],
        "duplicate_video_id_conflicting",
    ),
    (
        ["claim", "1000000009", "30", "y", "verified", "active", "1", "1", "1", "1", "1"],
        "duplicate_video_id_conflicting",
    ),
    # Unicode spaces around the text are trimmed like ASCII ones (DuckDB's trim); a text that
    # starts or ends with a non-ASCII letter keeps it (the fast path of macro trim_spaces).
    (
        ["claim", "1000000010", "30", SPACED_TEXT, "verified", "active", "1", "1", "1", "1", "1"],
        None,
    ),
    (
        ["claim", "1000000011", "30", ACCENTED_TEXT, "verified", "active", "1", "1", "1", "1"]
        + ["1"],
        None,
    ),
]


def write_cases(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for number, (row, _) in enumerate(CASES, start=1):
            writer.writerow([str(number), *row])
    return path


def test_sample_build_accounts_for_every_row(sample_build):
    input_rows = sample_build.scalar("select count(*) from base_tiktok__video_rows")
    staged = sample_build.scalar("select count(*) from stg_tiktok__videos")
    rejected = sample_build.scalar("select count(*) from stg_tiktok__video_rejects")
    assert input_rows == 5_000
    assert staged + rejected == input_rows
    assert 0.010 < rejected / input_rows < 0.025  # the sample's ~1.5 % incomplete rows


def test_every_bad_row_gets_its_reason_and_good_rows_are_cleaned(tmp_path):
    run = run_dbt(
        tmp_path, csv_path=write_cases(tmp_path / "cases.csv"), dbt_vars={"max_reject_share": 1}
    )
    reasons = dict(
        run.query("select source_row_number, reject_reason from stg_tiktok__video_rejects")
    )
    expected = {n: reason for n, (_, reason) in enumerate(CASES, start=1) if reason}
    assert reasons == expected
    staged = run.query(
        "select source_row_number, claim_status, verified_status, author_ban_status, is_verified,"
        " video_transcription_text, video_view_count from stg_tiktok__videos order by 1"
    )
    assert staged == [
        (1, "claim", "not verified", "active", False, "a plain fact", 900),
        (2, "opinion", "verified", "under review", True, "it's A & B", 5),
        (14, "claim", "verified", "active", True, SPACED_TEXT.strip(), 1),
        (15, "claim", "verified", "active", True, ACCENTED_TEXT, 1),
    ]
    assert SPACED_TEXT.strip() == "spaced out"
    detail = run.scalar(
        "select reject_detail from stg_tiktok__video_rejects where source_row_number = 5"
    )
    assert detail.startswith("claim_status, video_transcription_text, video_view_count")
    raw = run.scalar(
        "select raw_video_like_count from stg_tiktok__video_rejects where source_row_number = 8"
    )
    assert raw == "-4"


def test_reject_share_above_the_limit_stops_the_build_naming_file_and_rows(tmp_path):
    csv_path = write_cases(tmp_path / "cases.csv")
    run = run_dbt(tmp_path, csv_path=csv_path, expect_success=False)
    assert run.returncode != 0
    assert str(csv_path) in run.output
    assert "var max_reject_share" in run.output
    assert "missing_video_id: 1 rows (first: row 3" in run.output


def test_unreadable_file_stops_the_build_naming_file_line_and_column(tmp_path):
    csv_path = write_cases(tmp_path / "cases.csv")
    with csv_path.open("a", encoding="utf-8") as handle:
        handle.write("99,claim,1,2,3\n")
    run = run_dbt(tmp_path, csv_path=csv_path, expect_success=False)
    assert run.returncode != 0
    assert str(csv_path) in run.output
    assert f"line {len(CASES) + 2}, column verified_status: missing columns" in run.output


STAGED_ROWS_HASH = """
    select md5(string_agg(staged::varchar, '\n' order by video_id))
    from stg_tiktok__videos as staged
"""


@pytest.mark.real_data
def test_real_copies_stage_identical_rows(real_builds):
    hashes = set()
    for name, run in real_builds.items():
        assert run.scalar("select count(*) from stg_tiktok__videos") == 19_084, name
        assert run.scalar("select count(*) filter (is_verified) from stg_tiktok__videos") == 1_200
        assert run.query(
            "select reject_reason, count(*) from stg_tiktok__video_rejects group by 1"
        ) == [("missing_values", 298)], name
        # 40 of the 298 incomplete rows are verified (the published fact)
        verified_rejects = "raw_verified_status = 'verified'"
        assert (
            run.scalar(f"select count(*) from stg_tiktok__video_rejects where {verified_rejects}")
            == 40
        )
        hashes.add(run.scalar(STAGED_ROWS_HASH))
    assert len(hashes) == 1
