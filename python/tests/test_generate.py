"""Tests for tiktok_verified.generate: reproducibility, exact file format, calibration.

Calibration is checked against the PUBLISHED facts of the canonical tiktok_dataset.csv (see
``../shared/data/README.md``), written here as constants, never against the generator's own
output.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from tiktok_verified.generate import CHUNK_ROWS, COLUMNS, generate_rows, write_csv

from conftest import SAMPLE_CSV, real_copy

SAMPLE_ROWS, SAMPLE_SEED = 5_000, 42  # documented: python -m tiktok_verified.generate ...

HEADER = (
    "#,claim_status,video_id,video_duration_sec,video_transcription_text,verified_status,"
    "author_ban_status,video_view_count,video_like_count,video_share_count,video_download_count,"
    "video_comment_count"
)
COUNTS = [
    "video_view_count",
    "video_like_count",
    "video_share_count",
    "video_download_count",
    "video_comment_count",
]

# Published facts of the canonical file (19,382 rows).
REAL_INCOMPLETE_SHARE = 298 / 19_382  # 1.54 %
REAL_INCOMPLETE_VERIFIED_SHARE = 40 / 298  # 13.4 %
REAL_VERIFIED_SHARE = 1_200 / 19_084  # 6.29 % of complete rows
REAL_CLAIM_SHARE = 9_608 / 19_084
REAL_VERIFIED_CLAIM = 209 / 9_608
REAL_VERIFIED_OPINION = 991 / 9_476
REAL_BAN_SHARE = {
    "active": 15_663 / 19_382,
    "under review": 2_080 / 19_382,
    "banned": 1_639 / 19_382,
}
REAL_MEDIAN_VIEWS = {"claim": 501_555, "opinion": 4_953}
REAL_TEXT_MEDIAN = 87
REAL_VIEWS_LIKES_R = 0.80


def _csv_bytes(n_rows: int, seed: int) -> bytes:
    buf = io.BytesIO()
    write_csv(buf, n_rows, seed)
    return buf.getvalue()


def _parse(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


@pytest.fixture(scope="module")
def sample_bytes() -> bytes:
    assert SAMPLE_CSV.is_file(), f"committed sample {SAMPLE_CSV} is missing"
    return SAMPLE_CSV.read_bytes()


@pytest.fixture(scope="module")
def big() -> pd.DataFrame:
    """A 50,000-row sample generated in memory (seed unrelated to the committed sample)."""
    return generate_rows(50_000, seed=7)


@pytest.fixture(scope="module")
def big_complete(big: pd.DataFrame) -> pd.DataFrame:
    return big[big["video_view_count"].notna()]


# --- reproducibility --------------------------------------------------------------------------


def test_committed_sample_is_reproduced_byte_for_byte(sample_bytes: bytes) -> None:
    assert _csv_bytes(SAMPLE_ROWS, SAMPLE_SEED) == sample_bytes


def test_same_arguments_give_identical_bytes_and_other_seed_differs() -> None:
    first = _csv_bytes(3_000, 123)
    assert _csv_bytes(3_000, 123) == first
    assert _csv_bytes(3_000, 124) != first


def test_cli_stdout_and_out_file_match_library(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "tiktok_verified.generate", "--rows", "700", "--seed", "9"]
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}  # stdout must not depend on it
    stdout = subprocess.run(cmd, capture_output=True, check=True, env=env).stdout
    assert stdout == _csv_bytes(700, 9)
    out = tmp_path / "out.csv"
    done = subprocess.run([*cmd, "--out", str(out)], capture_output=True, check=True)
    assert done.stdout == b""
    assert out.read_bytes() == stdout


def test_path_binary_and_text_targets_agree(tmp_path: Path) -> None:
    expected = _csv_bytes(1_000, 3)
    path = tmp_path / "x.csv"
    write_csv(path, 1_000, 3)
    assert path.read_bytes() == expected
    text = io.StringIO(newline="")
    write_csv(text, 1_000, 3)
    assert text.getvalue().encode("utf-8") == expected


def test_dataframe_holds_the_rows_the_csv_holds() -> None:
    df = generate_rows(2_000, 11)
    text_cols = ["claim_status", "video_transcription_text"]
    buf = io.StringIO()
    df.fillna({c: "" for c in text_cols}).to_csv(
        buf, index=False, lineterminator="\n", na_rep="#N/A"
    )
    assert buf.getvalue().encode("utf-8") == _csv_bytes(2_000, 11)


def test_invalid_arguments_raise() -> None:
    with pytest.raises(ValueError):
        generate_rows(-1, 0)
    with pytest.raises(ValueError):
        _csv_bytes(10, -5)


# --- format -----------------------------------------------------------------------------------


def _check_format(data: bytes, n_rows: int) -> list[list[str]]:
    assert not data.startswith(b"\xef\xbb\xbf"), "BOM"
    assert b"\r" not in data, "CR found: line endings must be LF"
    assert data.endswith(b"\n") and not data.endswith(b"\n\n")
    assert data.split(b"\n", 1)[0].decode() == HEADER
    rows = _parse(data)
    assert rows[0] == list(COLUMNS)
    body = rows[1:]
    assert len(body) == n_rows
    assert all(len(r) == 12 for r in body)
    assert [int(r[0]) for r in body] == list(range(1, n_rows + 1))
    ids = [r[2] for r in body]
    assert all(len(v) == 10 and v.isdigit() and v[0] != "0" for v in ids)
    assert len(set(ids)) == n_rows
    assert all(5 <= int(r[3]) <= 60 for r in body)
    assert {r[5] for r in body} <= {"verified", "not verified"}
    assert {r[6] for r in body} <= {"active", "under review", "banned"}
    for r in body:
        if r[1] == "":
            assert r[4] == "" and r[7:] == ["#N/A"] * 5, r
        else:
            assert r[1] in ("claim", "opinion") and r[4] != ""
            assert all(v.isdigit() for v in r[7:]), r
    # Quoting is exactly csv.QUOTE_MINIMAL with "\n" line endings.
    out = io.StringIO(newline="")
    csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\n").writerows(rows)
    assert out.getvalue().encode("utf-8") == data
    return body


def test_sample_format(sample_bytes: bytes) -> None:
    body = _check_format(sample_bytes, SAMPLE_ROWS)
    kinds = [r[1] for r in body]
    # Row order like the real file: claim block, opinion block, incomplete rows at the end.
    first_opinion, first_missing = kinds.index("opinion"), kinds.index("")
    assert set(kinds[:first_opinion]) == {"claim"}
    assert set(kinds[first_opinion:first_missing]) == {"opinion"}
    assert set(kinds[first_missing:]) == {""}
    lines = sample_bytes.decode("utf-8").split("\n")
    assert any(line.count('"') >= 4 and '""' in line for line in lines), "no doubled quotes"
    assert any("’" in line for line in lines)


def test_multi_chunk_format_and_unique_ids() -> None:
    n = CHUNK_ROWS + 500  # crosses a chunk boundary
    _check_format(_csv_bytes(n, 5), n)


def test_tiny_outputs() -> None:
    assert _csv_bytes(0, 1) == (HEADER + "\n").encode()
    _check_format(_csv_bytes(1, 1), 1)
    assert len(generate_rows(0, 1).columns) == 12


# --- calibration against the published facts --------------------------------------------------


def test_incomplete_rows(big: pd.DataFrame) -> None:
    missing = big["video_view_count"].isna()
    assert abs(missing.mean() - REAL_INCOMPLETE_SHARE) <= 0.004
    inc = big[missing]
    assert inc["claim_status"].isna().all() and inc["video_transcription_text"].isna().all()
    assert inc[COUNTS].isna().all().all()
    assert big.loc[~missing, COUNTS].notna().all().all()
    verified = (inc["verified_status"] == "verified").mean()
    assert abs(verified - REAL_INCOMPLETE_VERIFIED_SHARE) <= 0.05


def test_verified_and_claim_mix(big: pd.DataFrame, big_complete: pd.DataFrame) -> None:
    c = big_complete
    verified = c["verified_status"] == "verified"
    assert abs(verified.mean() - REAL_VERIFIED_SHARE) <= 0.006
    assert abs((c["claim_status"] == "claim").mean() - REAL_CLAIM_SHARE) <= 0.02
    v_claim = verified[c["claim_status"] == "claim"].mean()
    v_opinion = verified[c["claim_status"] == "opinion"].mean()
    assert v_claim < v_opinion
    assert abs(v_claim - REAL_VERIFIED_CLAIM) <= 0.006
    assert abs(v_opinion - REAL_VERIFIED_OPINION) <= 0.012
    # Verified authors: more opinion videos, hence lower engagement.
    views = c["video_view_count"].astype(float)
    assert views[verified].median() < 0.5 * views[~verified].median()
    shares = big["author_ban_status"].value_counts(normalize=True)
    for status, share in REAL_BAN_SHARE.items():
        assert abs(shares[status] - share) <= 0.015, status
    # Claim videos are banned / under review far more often than opinion videos.
    active = (c["author_ban_status"] == "active").groupby(c["claim_status"]).mean()
    assert abs(active["claim"] - 6_566 / 9_608) <= 0.02
    assert abs(active["opinion"] - 8_817 / 9_476) <= 0.01


def test_engagement(big_complete: pd.DataFrame) -> None:
    c = big_complete
    counts = c[COUNTS].astype("int64")
    assert (counts >= 0).all().all()
    views = counts["video_view_count"]
    med = views.groupby(c["claim_status"]).median()
    assert 50 <= med["claim"] / med["opinion"] <= 200
    for kind, real in REAL_MEDIAN_VIEWS.items():
        assert abs(med[kind] / real - 1) <= 0.05, kind
    assert views.max() < 1_000_000
    corr = counts.corr()
    assert abs(corr.loc["video_view_count", "video_like_count"] - REAL_VIEWS_LIKES_R) <= 0.08
    # Likes are the most collinear count (as in the real file).
    assert corr.loc["video_like_count"].drop("video_like_count").min() > 0.6
    assert (counts["video_like_count"] <= views).all()


def test_durations(big: pd.DataFrame) -> None:
    d = big["video_duration_sec"]
    assert d.min() == 5 and d.max() == 60
    assert abs(d.mean() - 32.5) <= 0.5


def test_transcriptions(big_complete: pd.DataFrame) -> None:
    t = big_complete["video_transcription_text"].astype(str)
    lengths = t.str.len()
    assert lengths.min() >= 31 and lengths.max() <= 182
    assert abs(lengths.median() - REAL_TEXT_MEDIAN) <= 8
    by_kind = lengths.groupby(big_complete["claim_status"]).median()
    assert by_kind["claim"] > by_kind["opinion"]
    assert (t == t.str.lower()).all()
    assert 0.04 <= t.str.contains("’").mean() <= 0.14
    assert 0.05 <= t.str.contains(",").mean() <= 0.15
    assert 0.002 <= t.str.contains('"').mean() <= 0.04
    assert t.str.contains("'").mean() >= 0.05
    assert t.nunique() > 0.8 * len(t)


@pytest.mark.real_data
def test_sample_texts_are_not_copied_from_the_real_file(sample_bytes: bytes) -> None:
    """No generated transcription may occur in the real file (skips without ../shared/data)."""
    real = pd.read_csv(real_copy(), keep_default_na=False, dtype=str)
    real_texts = set(real["video_transcription_text"]) - {""}
    generated = {r[4] for r in _parse(sample_bytes)[1:]} - {""}
    assert not generated & real_texts
    # Not even the fact part: no real transcription ends with one of our bodies or vice versa.
    real_tails = {" ".join(s.split()[-6:]) for s in real_texts}
    ours_tails = {" ".join(s.split()[-6:]) for s in generated}
    assert not real_tails & ours_tails
    assert not set(real["video_id"]) & {r[2] for r in _parse(sample_bytes)[1:]}
