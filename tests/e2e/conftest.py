"""Run the real dbt project end to end, each test in its own warehouse file and target folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from conftest import REAL_COPIES, REPO_ROOT, real_copy

DBT = Path(sys.executable).with_name("dbt")


@dataclass(frozen=True)
class DbtRun:
    """One finished dbt invocation and the warehouse it wrote."""

    returncode: int
    output: str
    warehouse: Path
    bi_file: Path

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.warehouse), read_only=True) as con:
            return con.execute(sql).fetchall()

    def scalar(self, sql: str):
        return self.query(sql)[0][0]


def run_dbt(
    workdir: Path,
    *,
    csv_path: Path | None = None,
    dbt_vars: dict | None = None,
    command: tuple[str, ...] = ("build",),
    expect_success: bool = True,
    extra_env: dict[str, str] | None = None,
) -> DbtRun:
    """Run `dbt <command>` from the repo root, as a user would, writing only under `workdir`
    (warehouse, BI file, target and logs) unless `extra_env` points somewhere else."""
    workdir.mkdir(parents=True, exist_ok=True)
    all_vars = dict(dbt_vars or {})
    if csv_path is not None:
        all_vars["tiktok_csv_path"] = str(csv_path)
    warehouse = workdir / "warehouse.duckdb"
    bi_file = workdir / "bi.duckdb"
    env = {**os.environ, "TIKTOK_DUCKDB_PATH": str(warehouse), "TIKTOK_BI_PATH": str(bi_file)}
    env.update(extra_env or {})
    args = [str(DBT), *command, "--target-path", str(workdir / "target")]
    args += ["--log-path", str(workdir / "logs")]
    if all_vars:
        args += ["--vars", json.dumps(all_vars)]
    completed = subprocess.run(
        args, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=3600
    )
    run = DbtRun(completed.returncode, completed.stdout + completed.stderr, warehouse, bi_file)
    if expect_success and run.returncode != 0:
        pytest.fail(f"dbt {' '.join(command)} failed:\n{run.output[-6000:]}", pytrace=False)
    return run


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> DbtRun:
    """`dbt build` with no vars at all: the default input, as a newcomer runs it."""
    return run_dbt(tmp_path_factory.mktemp("sample_build"))


@pytest.fixture(scope="session")
def real_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, DbtRun]:
    """`dbt build` on each of the three real copies (skipped, or failed in CI, without them)."""
    paths = {name: real_copy(name) for name in REAL_COPIES}
    return {
        name: run_dbt(tmp_path_factory.mktemp(name.removesuffix(".csv")), csv_path=path)
        for name, path in paths.items()
    }


@pytest.fixture(scope="session")
def real_build(real_builds: dict[str, DbtRun]) -> DbtRun:
    """The build on the canonical real copy."""
    return real_builds[REAL_COPIES[0]]
