"""The one reader: every real quirk read the same way, every untrustworthy file a clear error."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from tiktok_verified.ingest import DATA_COLUMNS, InputFileError, read_video_rows

from conftest import REAL_COPIES, real_copy

HEADER = "#," + ",".join(DATA_COLUMNS)
ROW_1 = "1,claim,1111111111,59,a plain fact,not verified,under review,343296,19425,241,1,0"
ROW_2 = '2,opinion,2222222222,32,"i think, truly, that ""this"" is it’s",verified,active,5,4,3,2,1'


def write(tmp_path: Path, text: str | bytes, name: str = "input.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def read(path: Path) -> list[dict]:
    con = duckdb.connect()
    relation = read_video_rows(con, path)
    return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]


def test_reads_quoted_commas_doubled_quotes_and_curly_apostrophes(tmp_path):
    rows = read(write(tmp_path, f"{HEADER}\n{ROW_1}\n{ROW_2}\n"))
    assert [r["source_row_number"] for r in rows] == [1, 2]
    assert rows[1]["video_transcription_text"] == 'i think, truly, that "this" is it’s'
    assert rows[0]["video_view_count"] == "343296"
    assert rows[0]["source_index"] is None and rows[0]["row_label"] == "1"


def test_crlf_bom_and_id_header_read_like_the_canonical_layout(tmp_path):
    canonical = read(write(tmp_path, f"{HEADER}\n{ROW_1}\n{ROW_2}\n", "a.csv"))
    variant_text = "\ufeff" + f"{HEADER}\r\n{ROW_1}\r\n{ROW_2}\r\n".replace("#,", "id,", 1)
    variant = read(write(tmp_path, variant_text, "b.csv"))
    strip = [{k: v for k, v in r.items() if k != "source_file"} for r in canonical]
    assert [{k: v for k, v in r.items() if k != "source_file"} for r in variant] == strip


def test_unnamed_index_column_and_reordered_columns(tmp_path):
    names = ["", "#", *reversed(DATA_COLUMNS)]
    values = ROW_1.split(",")
    row = ",".join(["0", values[0], *reversed(values[1:])])
    rows = read(write(tmp_path, ",".join(names) + "\n" + row + "\n"))
    assert rows[0]["source_index"] == "0"
    assert rows[0]["claim_status"] == "claim" and rows[0]["video_comment_count"] == "0"


def test_blank_lines_are_not_rows(tmp_path):
    rows = read(write(tmp_path, f"{HEADER}\n{ROW_1}\n\n{ROW_2}\n\n\n"))
    assert [r["row_label"] for r in rows] == ["1", "2"]


def test_empty_unquoted_field_is_null_but_quoted_empty_string_is_kept(tmp_path):
    row = '3,,3333333333,10,"",verified,active,#N/A,1,1,1,1'
    rows = read(write(tmp_path, f"{HEADER}\n{row}\n"))
    assert rows[0]["claim_status"] is None
    assert rows[0]["video_transcription_text"] == ""
    assert rows[0]["video_view_count"] == "#N/A"


@pytest.mark.parametrize(
    "name",
    ["with space.csv", 'it\'s "quoted".csv', "$$dollar$$.csv", "x'); drop table canary; --.csv"],
)
def test_any_file_name_is_read_and_cannot_inject_sql(tmp_path, name):
    path = write(tmp_path, f"{HEADER}\n{ROW_1}\n", name)
    con = duckdb.connect()
    con.execute("create table canary as select 1 as x")
    relation = read_video_rows(con, path)
    assert relation.fetchall()[0][1] == str(path)
    assert con.execute("select count(*) from canary").fetchall() == [(1,)]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"\n\n", "the file is empty"),
        (f"{HEADER}\n".encode(), "header but no data rows"),
        (HEADER.replace(",video_like_count", "").encode() + b"\n", "missing: video_like_count"),
        (HEADER.encode() + b",extra\n", "column 13: unknown column 'extra'"),
        (HEADER.encode() + b",video_id\n", "column 13: 'video_id' appears twice"),
        (HEADER.replace("#", "row", 1).encode() + b"\n", "found 'row'"),
        (HEADER.replace(",", ";").encode() + b"\n", "looks semicolon-separated"),
        (HEADER.replace(",", "\t").encode() + b"\n", "looks tab-separated"),
        (b"\xff\xfe" + HEADER.encode() + b"\n", "line 1 (header): bytes at position 0"),
        (
            f"{HEADER}\n{ROW_1},9\n".encode(),
            "line 2, column field 13 (beyond the header): too many columns",
        ),
        (
            f"{HEADER}\n{ROW_1}\n1,claim,5\n".encode(),
            "line 3, column video_duration_sec: missing columns",
        ),
        (f'{HEADER}\n{ROW_1}\n2,claim,2,3,"open quote,x,y,z\n'.encode(), "line 3"),
        (
            f"{HEADER}\n{ROW_1}\n".encode() + ROW_2.encode().replace(b"truly", b"tr\xffly") + b"\n",
            "line 3, column video_transcription_text: invalid encoding",
        ),
    ],
    ids=[
        "empty",
        "blank-lines",
        "header-only",
        "missing-column",
        "unknown-column",
        "repeated-column",
        "bad-row-label",
        "semicolon-separated",
        "tab-separated",
        "header-not-utf8",
        "too-many-fields",
        "too-few-fields",
        "unterminated-quote",
        "data-not-utf8",
    ],
)
def test_untrustworthy_file_stops_with_file_line_and_column(tmp_path, content, expected):
    path = write(tmp_path, content)
    with pytest.raises(InputFileError) as error:
        read(path)
    message = str(error.value)
    assert message.startswith(str(path)), message
    assert expected in message, message


def test_missing_file_names_the_var(tmp_path):
    with pytest.raises(InputFileError, match="tiktok_csv_path"):
        read(tmp_path / "nope.csv")


def test_malformed_lines_are_listed_with_a_count(tmp_path):
    bad = "\n".join(f"{ROW_1},x" for _ in range(8))
    with pytest.raises(InputFileError) as error:
        read(write(tmp_path, f"{HEADER}\n{ROW_1}\n{bad}\n"))
    message = str(error.value)
    assert "8 line(s)" in message and "and 3 more" in message
    assert "line 3, column" in message and "line 7, column" in message


@pytest.mark.real_data
def test_the_three_real_copies_read_the_same_rows():
    tables = {}
    for name in REAL_COPIES:
        con = duckdb.connect()
        relation = read_video_rows(con, real_copy(name))
        assert relation.shape[0] == 19_382
        tables[name] = relation.project("source_row_number, video_id, verified_status").fetchall()
    assert tables[REAL_COPIES[0]] == tables[REAL_COPIES[1]] == tables[REAL_COPIES[2]]
