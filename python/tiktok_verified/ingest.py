"""One robust reader for every copy of ``tiktok_dataset.csv``.

The reader never lets DuckDB's CSV sniffer guess the layout: it reads the header line itself,
maps each named column to its position, then asks DuckDB for exactly that many text columns with
the delimiter, quote and escape stated. Every value stays text here; typing, trimming and the
checks that turn a row into a staged video or a reject live in the dbt staging SQL.

What it accepts (the quirks of the real public copies):

* the first column named ``#`` or ``id`` (the file's row label);
* an optional unnamed leading column (an index written by ``pandas.DataFrame.to_csv``);
* LF or CRLF line endings, a UTF-8 byte-order mark, blank lines (skipped);
* the required columns in any order.

What stops it, with a message that names the file, the line and the column:

* a missing or empty file, a header with no data rows;
* a header that lacks a required column, repeats one, or has a column it does not know;
* a data line with the wrong number of fields, bad quoting, or bytes that are not UTF-8.

The returned relation has one row per data row of the file, with ``source_row_number`` (1 for
the first data row, in file order), the file path, the row label, the optional index, and the
eleven data columns as raw text (``NULL`` where the field was empty and unquoted).
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

#: Accepted names of the row-label column (the canonical file calls it ``#``).
ROW_LABEL_NAMES: tuple[str, ...] = ("#", "id")

#: Names an unnamed leading index column may carry (empty, or what pandas writes back).
INDEX_COLUMN_NAMES: tuple[str, ...] = ("", "Unnamed: 0")

#: The eleven data columns every copy must have, in the canonical file's order.
DATA_COLUMNS: tuple[str, ...] = (
    "claim_status",
    "video_id",
    "video_duration_sec",
    "video_transcription_text",
    "verified_status",
    "author_ban_status",
    "video_view_count",
    "video_like_count",
    "video_share_count",
    "video_download_count",
    "video_comment_count",
)

#: How many malformed lines an error message lists before it summarises the rest.
MAX_LINES_IN_MESSAGE = 5

_HEADER_PEEK_BYTES = 1 << 16
_scan_counter = itertools.count(1)


class InputFileError(ValueError):
    """The input file cannot be trusted; the message names the file, the line and the column."""


@dataclass(frozen=True)
class HeaderLayout:
    """Where each column sits in the file, as read from its header line."""

    path: Path
    column_names: tuple[str, ...]
    row_label_position: int
    index_position: int | None
    data_positions: dict[str, int]

    @property
    def field_count(self) -> int:
        return len(self.column_names)

    def describe_field(self, position: int) -> str:
        """The header's name for the field at 0-based ``position`` (the index has none)."""
        if position >= len(self.column_names):
            return f"field {position + 1} (beyond the header)"
        return self.column_names[position] or "(unnamed index)"


def _fail(path: Path, message: str) -> InputFileError:
    return InputFileError(f"{path}: {message}")


def inspect_header(path: str | Path) -> HeaderLayout:
    """Read and check the header line of ``path`` and return the column layout.

    Raises:
        InputFileError: the file is missing or empty, the header is not UTF-8, or a column is
            missing, repeated or unknown.
    """
    path = Path(path)
    if not path.is_file():
        raise _fail(path, "input file not found (set the dbt var tiktok_csv_path to a CSV file)")
    with path.open("rb") as handle:
        head = handle.read(_HEADER_PEEK_BYTES)
    if not head.strip():
        raise _fail(path, "the file is empty: expected a header line and data rows")
    header_bytes = head.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        header_text = header_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _fail(
            path, f"line 1 (header): bytes at position {err.start} are not valid UTF-8"
        ) from err
    if "," not in header_text:
        for delimiter, name in ((";", "semicolon"), ("\t", "tab"), ("|", "pipe")):
            if delimiter in header_text:
                raise _fail(
                    path,
                    f"line 1 (header): no commas, but {name}s: the file looks "
                    f"{name}-separated; export it as comma-separated CSV",
                )
    names = next(csv.reader(io.StringIO(header_text)))
    names = [name.strip() for name in names]

    index_position: int | None = None
    first = 0
    if names and names[0] in INDEX_COLUMN_NAMES and len(names) > 1:
        index_position, first = 0, 1
    if len(names) <= first or names[first] not in ROW_LABEL_NAMES:
        found = names[first] if len(names) > first else "(nothing)"
        raise _fail(
            path,
            f"line 1 (header): the first column must be the row label named "
            f"{' or '.join(repr(n) for n in ROW_LABEL_NAMES)} (after an optional unnamed "
            f"index column), found {found!r}",
        )

    data_positions: dict[str, int] = {}
    for position in range(first + 1, len(names)):
        name = names[position]
        if name not in DATA_COLUMNS:
            raise _fail(path, f"line 1 (header), column {position + 1}: unknown column {name!r}")
        if name in data_positions:
            raise _fail(path, f"line 1 (header), column {position + 1}: {name!r} appears twice")
        data_positions[name] = position
    missing = [name for name in DATA_COLUMNS if name not in data_positions]
    if missing:
        raise _fail(path, f"line 1 (header): required column(s) missing: {', '.join(missing)}")
    return HeaderLayout(
        path=path,
        column_names=tuple(names),
        row_label_position=first,
        index_position=index_position,
        data_positions=data_positions,
    )


def _describe_rejects(
    con: duckdb.DuckDBPyConnection, table: str, layout: HeaderLayout
) -> tuple[int, list[str]]:
    """Count the malformed lines and describe the first few (DuckDB lists one entry per field)."""
    rows = con.execute(
        f"""
        select
            line,
            arg_min(column_idx, column_idx) as column_idx,
            arg_min(column_name, column_idx) as column_name,
            arg_min(error_type, column_idx) as error_type,
            arg_min(error_message, column_idx) as error_message,
            arg_min(csv_line, column_idx) as csv_line,
            count(*) over () as line_count
        from {table}
        group by line
        order by line
        limit {MAX_LINES_IN_MESSAGE}
        """
    ).fetchall()
    descriptions = []
    for line, column_idx, column_name, error_type, error_message, csv_line, _ in rows:
        # DuckDB names the field it expected (field_N) where it can, else counts from 1.
        number = column_name.removeprefix("field_") if column_name else str(column_idx)
        where = f"line {line}, column {layout.describe_field(int(number) - 1)}"
        descriptions.append(
            f"  {where}: {error_type.lower()}: {error_message} | {csv_line[:120]!r}"
        )
    return (rows[0][-1] if rows else 0), descriptions


def read_video_rows(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    *,
    log: Callable[[str], None] | None = None,
) -> duckdb.DuckDBPyRelation:
    """Read every data row of ``path`` as text into a temporary table and return a relation on it.

    Args:
        con: the DuckDB connection the relation belongs to (dbt-duckdb's ``session``).
        path: the CSV file; any characters are safe (it is passed as a bound parameter).
        log: an optional callable for progress messages.

    Raises:
        InputFileError: see the module docstring.
    """
    layout = inspect_header(path)
    path_text = str(layout.path)
    scan_id = next(_scan_counter)
    raw_table = f"tiktok_raw_rows_{scan_id}"
    rejects_table = f"tiktok_raw_rejects_{scan_id}"
    rejects_scan = f"tiktok_raw_scans_{scan_id}"
    positional = ", ".join(f"'field_{i + 1}': 'VARCHAR'" for i in range(layout.field_count))
    # All options are stated: no sniffing. Values stay text; '' (unquoted) reads as NULL and a
    # quoted "" stays an empty string (allow_quoted_nulls=false).
    con.execute(
        f"""
        create or replace temp table {raw_table} as
        select * from read_csv(
            ?,
            columns = {{{positional}}},
            header = true,
            auto_detect = false,
            delim = ',',
            quote = '"',
            escape = '"',
            encoding = 'utf-8',
            strict_mode = true,
            allow_quoted_nulls = false,
            null_padding = false,
            store_rejects = true,
            rejects_table = '{rejects_table}',
            rejects_scan = '{rejects_scan}'
        )
        """,
        [path_text],
    )
    bad_lines, details = _describe_rejects(con, rejects_table, layout)
    if bad_lines:
        more = bad_lines - len(details)
        raise _fail(
            layout.path,
            f"{bad_lines} line(s) cannot be read as {layout.field_count} comma-separated "
            f"UTF-8 fields (line numbers count the header as line 1):\n"
            + "\n".join(details)
            + (f"\n  … and {more} more" if more else ""),
        )
    (row_count,) = con.execute(f"select count(*) from {raw_table}").fetchall()[0]
    if row_count == 0:
        raise _fail(layout.path, "the file has a header but no data rows")
    if log:
        log(f"read {row_count:,} rows of {layout.field_count} fields from {path_text}")

    def field(position: int | None) -> str:
        return "null::varchar" if position is None else f"field_{position + 1}"

    data_columns = ",\n    ".join(
        f"{field(layout.data_positions[name])} as {name}" for name in DATA_COLUMNS
    )
    # rowid follows insertion order, which DuckDB keeps as file order for a CSV scan.
    return con.sql(
        f"""
        select
            rowid + 1 as source_row_number,
            ?::varchar as source_file,
            {field(layout.index_position)} as source_index,
            {field(layout.row_label_position)} as row_label,
            {data_columns}
        from {raw_table}
        """,
        params=[path_text],
    )
