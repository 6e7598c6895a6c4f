"""The report on a real build: rendered from the published BI file, then opened in Chromium.

Headless Chromium (Debian's `chromium` package) loads index.html from disk; the page's own
script writes each image's naturalWidth into the DOM on `load`, and `--dump-dom` hands that DOM
back. No browser driver or extra Python package is needed. Without Chromium the browser tests
skip and say why; under CI=true (where it is installed) they fail instead, like the real-data
tests, so a missing browser can never pass silently.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest
from tiktok_verified.report import PICTURES

from conftest import REPO_ROOT

CHROMIUM_NAMES = ("chromium", "chromium-browser")


def chromium() -> str:
    """Path of a Chromium binary, or skip (fail under CI=true) when there is none."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    message = (
        "headless Chromium is not installed (on Debian/Ubuntu: apt-get install -y chromium), "
        "so the rendered page cannot be opened in a browser"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}; CI=true requires it", pytrace=False)
    pytest.skip(message)


class _ImageWidths(HTMLParser):
    """Collects each <img>'s src and the data-natural-width its page script wrote."""

    def __init__(self) -> None:
        super().__init__()
        self.widths: dict[str, int | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            named = dict(attrs)
            width = named.get("data-natural-width")
            self.widths[named.get("src") or ""] = None if width is None else int(width)


def loaded_image_widths(browser: str, page: Path, profile: Path) -> dict[str, int | None]:
    """Open ``page`` in headless Chromium and return each image's naturalWidth (None when the
    page's script never ran)."""
    completed = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=5000",
            "--dump-dom",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    parser = _ImageWidths()
    parser.feed(completed.stdout)
    return parser.widths


def render(bi_file: Path, out: Path) -> Path:
    """`python -m tiktok_verified.report` as a user runs it; returns the printed path."""
    completed = subprocess.run(
        [sys.executable, "-m", "tiktok_verified.report", "--database", str(bi_file)]
        + ["--out", str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return Path(completed.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def sample_report(sample_build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of the sample build, rendered once for this module."""
    return render(sample_build.bi_file, tmp_path_factory.mktemp("report"))


def test_report_is_written_from_the_bi_file(sample_build, sample_report):
    assert sample_report.name == "index.html" and sample_report.is_file()
    for name in PICTURES:
        assert (sample_report.parent / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with duckdb.connect(str(sample_build.bi_file), read_only=True) as con:
        (auc,) = con.execute(
            "select metric_value from verified_metrics "
            "where split = 'test' and metric_name = 'roc_auc'"
        ).fetchone()
    assert f"ROC AUC is {auc:.2f} against" in sample_report.read_text(encoding="utf-8")


def test_every_image_loads_in_headless_chromium(sample_report, tmp_path):
    browser = chromium()
    widths = loaded_image_widths(browser, sample_report, tmp_path / "profile")
    assert sorted(widths) == sorted(PICTURES)
    not_loaded = {src: width for src, width in widths.items() if not width}
    assert not not_loaded, f"images that did not load (naturalWidth): {json.dumps(not_loaded)}"


def test_the_browser_check_sees_a_missing_image(sample_report, tmp_path):
    """The check above is not vacuous: with one PNG removed, Chromium reports width 0."""
    browser = chromium()
    copy = tmp_path / "report"
    shutil.copytree(sample_report.parent, copy)
    (copy / PICTURES[0]).unlink()
    widths = loaded_image_widths(browser, copy / "index.html", tmp_path / "profile")
    assert widths[PICTURES[0]] == 0
    assert all(widths[name] for name in PICTURES[1:])
