"""Benchmark `dbt build` against the plain pandas script (bench/pandas_baseline.py).

For each size (19k = the real file from ../shared/data when it is there, else 19,382 generated
rows; 1m; 5m) it makes the input in bench/out/ (generated once, then reused), then alternates
`dbt build` and the pandas script, --repeats times each, and measures every run's wall time and
peak resident memory (os.wait4 → ru_maxrss of the process; dbt runs its Python models in its
own process, so they are counted).

Every `dbt build` starts from a clean database: the warehouse and the BI file are deleted first.
dbt runs with the project's default vars except tiktok_csv_path. Each size keeps its own
target folder, and one untimed `dbt parse` per size fills it, so every timed build uses partial
parsing (what a user re-running the project gets); the full-parse time is reported separately.

Before each run the script waits (up to --quiet-wait seconds) until the machine is idle, and
records how busy it was, so a run shared with other work can be spotted.

    .venv/bin/python bench/run_bench.py --sizes 19k,1m,5m --repeats 3

--dbt-build-args measures a variant of the build against the same script, e.g. the floor with
no test at all ('--exclude test_type:unit test_type:data') or a profile with other DuckDB
settings ('--profiles-dir DIR'). Give each variant its own --out-dir.

Results: printed, and saved as bench/out/bench_results.{json,md}.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REAL_CSV = REPO.parent / "shared" / "data" / "tiktok_dataset.csv"
ROWS = {"19k": 19_382, "1m": 1_000_000, "5m": 5_000_000}
SEED = 42
TOP_STEPS = 12
TARGET_TIME_RATIO_1M = 1.25
TARGET_MEMORY_RATIO_1M = 1.5


# ------------------------------------------------------------------------------------------
# Measuring one process
# ------------------------------------------------------------------------------------------


def measure(cmd: list[str], env: dict[str, str], log_path: Path) -> dict:
    """Run ``cmd`` to completion; return wall time, peak RSS and CPU time of that process.

    ``other_cpu_s`` is the CPU time the rest of the machine used meanwhile (Linux only): near
    zero when nothing else competed with the measured process.
    """
    machine_cpu_before = machine_busy_seconds()
    with log_path.open("w") as log:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
    machine_cpu_after = machine_busy_seconds()
    proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    rss_mb = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    cpu = usage.ru_utime + usage.ru_stime
    other = None
    if machine_cpu_before is not None and machine_cpu_after is not None:
        other = round(max(machine_cpu_after - machine_cpu_before - cpu, 0.0), 2)
    return {
        "wall_s": round(wall, 3),
        "peak_rss_mb": round(rss_mb, 1),
        "cpu_s": round(cpu, 2),
        "other_cpu_s": other,
        "exit_code": proc.returncode,
        "log": shown(log_path),
    }


def shown(path: Path) -> str:
    """``path`` relative to the repo when it is inside it."""
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def machine_busy_seconds() -> float | None:
    """CPU seconds the whole machine has been busy since boot (None off Linux)."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    except OSError:
        return None
    busy = sum(fields[:8]) - fields[3] - fields[4]  # all but idle and iowait (no guest)
    return busy / os.sysconf("SC_CLK_TCK")


def cpu_busy(interval: float = 1.0) -> float | None:
    """Share of all CPU time that was busy over ``interval`` seconds (None off Linux)."""

    def read() -> tuple[int, int]:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        idle = fields[3] + fields[4]  # idle + iowait
        return idle, sum(fields)

    try:
        idle_0, total_0 = read()
        time.sleep(interval)
        idle_1, total_1 = read()
    except OSError:
        return None
    return 1.0 - (idle_1 - idle_0) / max(total_1 - total_0, 1)


def wait_until_quiet(max_wait: float, threshold: float = 0.15) -> float | None:
    """Wait (at most ``max_wait`` s) until under ``threshold`` of the CPU is busy."""
    deadline = time.monotonic() + max_wait
    busy = cpu_busy()
    while busy is not None and busy > threshold and time.monotonic() < deadline:
        busy = cpu_busy(2.0)
    return busy


def fail(message: str, log: Path | None = None) -> None:
    print(f"\nFAILED: {message}", file=sys.stderr)
    if log is not None and log.exists():
        print("".join(log.read_text().splitlines(keepends=True)[-40:]), file=sys.stderr)
    sys.exit(1)


# ------------------------------------------------------------------------------------------
# Inputs
# ------------------------------------------------------------------------------------------


def prepare_input(size: str, out_dir: Path) -> tuple[Path, str]:
    """The CSV for ``size`` and a description; generated files are reused when unchanged."""
    if size == "19k" and REAL_CSV.is_file():
        return REAL_CSV, "the real tiktok_dataset.csv (../shared/data)"
    rows = ROWS[size]
    path = out_dir / f"tiktok_{size}.csv"
    meta_path = path.with_suffix(".meta.json")
    meta = {"rows": rows, "seed": SEED}
    if path.is_file() and meta_path.is_file():
        saved = json.loads(meta_path.read_text())
        if saved.get("bytes") == path.stat().st_size and {k: saved.get(k) for k in meta} == meta:
            return path, f"{rows:,} generated rows (seed {SEED}), reused"
    print(f"[{size}] generating {rows:,} rows into {shown(path)} ...", flush=True)
    started = time.perf_counter()
    cmd = [sys.executable, "-m", "tiktok_verified.generate", "--rows", str(rows)]
    cmd += ["--seed", str(SEED), "--out", str(path)]
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        fail(f"generating {path} failed:\n{done.stdout}{done.stderr}")
    meta_path.write_text(json.dumps({**meta, "bytes": path.stat().st_size}))
    print(f"[{size}] generated in {time.perf_counter() - started:.1f} s", flush=True)
    return path, f"{rows:,} generated rows (seed {SEED})"


# ------------------------------------------------------------------------------------------
# One size
# ------------------------------------------------------------------------------------------


def dbt_args(command: str, work: Path, csv_path: Path) -> list[str]:
    return [
        str(BIN / "dbt"),
        command,
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
        "--vars",
        json.dumps({"tiktok_csv_path": str(csv_path)}),
    ]


def clean_database(work: Path) -> None:
    for pattern in ("warehouse.duckdb*", "bi.duckdb*", ".bi.duckdb.*.tmp"):
        for path in work.glob(pattern):
            path.unlink()


def step_times(run_results: Path) -> tuple[dict[str, float], float]:
    results = json.loads(run_results.read_text())
    times = {r["unique_id"]: r["execution_time"] for r in results["results"]}
    return times, results["elapsed_time"]


def compare_results(work: Path, split: str) -> dict:
    """How far the pandas script's test metrics and coefficients are from the dbt build's."""
    names = ("roc_auc", "average_precision", "log_loss", "brier_score", "accuracy", "recall")
    with duckdb.connect(str(work / "warehouse.duckdb"), read_only=True) as con:
        dbt_metrics = dict(
            con.execute(
                "select metric_name, metric_value from verified_metrics where split = 'test'"
            ).fetchall()
        )
        dbt_coef = dict(
            con.execute("select term, coefficient_standardised from verified_classifier").fetchall()
        )
        input_rows, staged = con.execute(
            "select (select count(*) from base_tiktok__video_rows),"
            " (select count(*) from stg_tiktok__videos)"
        ).fetchall()[0]
    with duckdb.connect(str(work / "pandas.duckdb"), read_only=True) as con:
        pandas_metrics = dict(
            con.execute(
                "select metric_name, metric_value from metrics where split = 'test'"
            ).fetchall()
        )
        pandas_coef = dict(
            con.execute("select term, coefficient_standardised from coefficients").fetchall()
        )
        pandas_rows = con.execute("select count(*) from predictions").fetchall()[0][0]
    return {
        "pandas_split": split,
        "input_rows": input_rows,
        "dbt_staged_videos": staged,
        "pandas_scored_videos": pandas_rows,
        "test_metrics": {n: {"dbt": dbt_metrics[n], "pandas": pandas_metrics[n]} for n in names},
        "max_abs_metric_diff": max(abs(dbt_metrics[n] - pandas_metrics[n]) for n in names),
        "max_abs_coefficient_diff": max(abs(dbt_coef[t] - pandas_coef[t]) for t in dbt_coef),
    }


def run_size(size: str, args: argparse.Namespace) -> dict:
    out_dir = Path(args.out_dir).resolve()
    csv_path, input_description = prepare_input(size, out_dir)
    work = out_dir / size
    (work / "logs").mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "TIKTOK_DUCKDB_PATH": str(work / "warehouse.duckdb"),
        "TIKTOK_BI_PATH": str(work / "bi.duckdb"),
    }

    print(f"[{size}] untimed full `dbt parse` (fills {work.name}/target for partial parsing) ...")
    clean_database(work)
    (work / "target" / "partial_parse.msgpack").unlink(missing_ok=True)
    parse = measure(dbt_args("parse", work, csv_path), env, work / "dbt_parse.log")
    if parse["exit_code"] != 0:
        fail(f"dbt parse exited with {parse['exit_code']}", work / "dbt_parse.log")
    print(f"[{size}] dbt parse (full): {parse['wall_s']:.1f} s", flush=True)

    runs: dict[str, list[dict]] = {"dbt": [], "pandas": []}
    steps: list[dict[str, float]] = []
    dbt_elapsed: list[float] = []
    for repeat in range(1, args.repeats + 1):
        for tool in ("dbt", "pandas"):
            busy = wait_until_quiet(args.quiet_wait)
            log = work / f"{tool}_run{repeat}.log"
            if tool == "dbt":
                clean_database(work)
                cmd = dbt_args("build", work, csv_path) + shlex.split(args.dbt_build_args)
            else:
                (work / "pandas.duckdb").unlink(missing_ok=True)
                cmd = [sys.executable, str(REPO / "bench" / "pandas_baseline.py")]
                cmd += ["--csv", str(csv_path), "--out", str(work / "pandas.duckdb")]
                cmd += ["--split", args.pandas_split]
            result = measure(cmd, env, log)
            result["cpu_busy_before"] = None if busy is None else round(busy, 3)
            if result["exit_code"] != 0:
                fail(f"{tool} run {repeat} on {size} exited with {result['exit_code']}", log)
            if tool == "dbt":
                text = log.read_text()
                result["full_parse"] = "Unable to do partial parsing" in text
                times, elapsed = step_times(work / "target" / "run_results.json")
                (work / f"run_results_{repeat}.json").write_text(
                    (work / "target" / "run_results.json").read_text()
                )
                steps.append(times)
                dbt_elapsed.append(elapsed)
                result["dbt_run_elapsed_s"] = round(elapsed, 3)
            runs[tool].append(result)
            busy_text = "" if busy is None else f", machine {busy:.0%} busy before"
            if result["other_cpu_s"] is not None:
                busy_text += f", other processes {result['other_cpu_s']:.1f} CPU-s during"
            print(
                f"[{size}] run {repeat}/{args.repeats} {tool:6}: {result['wall_s']:6.1f} s, "
                f"{result['peak_rss_mb']:7,.0f} MB{busy_text}",
                flush=True,
            )

    comparison = compare_results(work, args.pandas_split)
    input_rows = comparison["input_rows"]
    summary: dict = {
        "size": size,
        "input": str(csv_path),
        "input_description": input_description,
        "input_rows": input_rows,
        "full_parse_s": parse["wall_s"],
        "runs": runs,
        "comparison": comparison,
    }
    for tool in ("dbt", "pandas"):
        wall = statistics.median(r["wall_s"] for r in runs[tool])
        rss = statistics.median(r["peak_rss_mb"] for r in runs[tool])
        summary[tool] = {
            "median_wall_s": round(wall, 2),
            "median_peak_rss_mb": round(rss, 1),
            "rows_per_s": round(input_rows / wall),
        }
    summary["ratio_wall"] = round(
        summary["dbt"]["median_wall_s"] / summary["pandas"]["median_wall_s"], 2
    )
    summary["ratio_rss"] = round(
        summary["dbt"]["median_peak_rss_mb"] / summary["pandas"]["median_peak_rss_mb"], 2
    )
    median_elapsed = statistics.median(dbt_elapsed)
    summary["dbt"]["median_run_elapsed_s"] = round(median_elapsed, 2)
    summary["dbt"]["median_outside_run_s"] = round(
        summary["dbt"]["median_wall_s"] - median_elapsed, 2
    )
    node_ids = set().union(*steps)
    median_steps = {node: statistics.median(s.get(node, 0.0) for s in steps) for node in node_ids}
    by_kind: dict[str, float] = {}
    for node, seconds in median_steps.items():
        kind = node.split(".")[0]
        by_kind[kind] = by_kind.get(kind, 0.0) + seconds
    summary["dbt"]["step_seconds_by_kind"] = {k: round(v, 2) for k, v in sorted(by_kind.items())}
    summary["dbt"]["top_steps"] = [
        {"node": node, "median_s": round(seconds, 3)}
        for node, seconds in sorted(median_steps.items(), key=lambda kv: -kv[1])[:TOP_STEPS]
    ]
    return summary


# ------------------------------------------------------------------------------------------
# Report
# ------------------------------------------------------------------------------------------


def machine() -> dict:
    memory_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions = {}
    for package in ("dbt-core", "dbt-duckdb", "duckdb", "pandas", "scikit-learn", "numpy"):
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "cpus": os.cpu_count(),
        "memory_gb": memory_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
    }


def step_label(node: str) -> str:
    """``model.tiktok_verified.x`` -> ``x``; other kinds keep it: ``unit_test: x.y``."""
    kind, _, name = node.split(".", 2)
    return name if kind == "model" else f"{kind}: {name[:70]}"


def markdown(results: dict) -> str:
    sizes = results["sizes"]
    lines = [
        f"Measured {results['date']} on {results['machine']['cpus']} CPUs, "
        f"{results['machine']['memory_gb']} GB RAM; medians of {results['repeats']} runs each, "
        f"alternating; pandas split: `{results['pandas_split']}`.",
        "",
        f"Command: `{results['command']}`",
        "",
        "| input | rows | `dbt build` | pandas script | dbt / pandas | dbt peak RSS | "
        "pandas peak RSS | dbt / pandas | dbt rows/s | pandas rows/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in sizes:
        d, p = s["dbt"], s["pandas"]
        lines.append(
            f"| {s['size']} | {s['input_rows']:,} | {d['median_wall_s']:.1f} s | "
            f"{p['median_wall_s']:.1f} s | {s['ratio_wall']:.2f}× | "
            f"{d['median_peak_rss_mb']:,.0f} MB | {p['median_peak_rss_mb']:,.0f} MB | "
            f"{s['ratio_rss']:.2f}× | {d['rows_per_s']:,} | {p['rows_per_s']:,} |"
        )
    lines += [
        "",
        "Where `dbt build`'s time goes (median `execution_time` per node, run_results.json):",
        "",
    ]
    for s in sizes:
        d = s["dbt"]
        kinds = ", ".join(f"{k} {v:.1f} s" for k, v in d["step_seconds_by_kind"].items())
        lines += [
            f"**{s['size']}**: wall {d['median_wall_s']:.1f} s = dbt's run "
            f"{d['median_run_elapsed_s']:.1f} s + {d['median_outside_run_s']:.1f} s startup "
            f"(imports, partial parse) and teardown. Summed node times: {kinds}.",
            "",
            "| step | seconds |",
            "|---|---:|",
        ]
        lines += [f"| {step_label(t['node'])} | {t['median_s']:.2f} |" for t in d["top_steps"]]
        lines.append("")
    others = [
        r["other_cpu_s"]
        for s in sizes
        for tool in ("dbt", "pandas")
        for r in s["runs"][tool]
        if r.get("other_cpu_s") is not None
    ]
    if others:
        lines += [
            f"Other processes on the machine used at most {max(others):.1f} CPU-s during any "
            "one timed run.",
            "",
        ]
    checks = results.get("checks")
    if checks:
        lines += ["Targets:", ""] + [f"- {c}" for c in checks] + [""]
    lines += ["Agreement of the two pipelines (test split):", ""]
    for s in sizes:
        c = s["comparison"]
        lines.append(
            f"- {s['size']}: max |metric difference| {c['max_abs_metric_diff']:.2e}, max "
            f"|standardised coefficient difference| {c['max_abs_coefficient_diff']:.2e} "
            f"(test ROC AUC dbt {c['test_metrics']['roc_auc']['dbt']:.4f}, pandas "
            f"{c['test_metrics']['roc_auc']['pandas']:.4f})"
        )
    return "\n".join(lines) + "\n"


def target_checks(sizes: list[dict]) -> list[str]:
    by_size = {s["size"]: s for s in sizes}
    checks = []
    if "1m" in by_size:
        s = by_size["1m"]
        ok_t = s["ratio_wall"] <= TARGET_TIME_RATIO_1M
        ok_m = s["ratio_rss"] <= TARGET_MEMORY_RATIO_1M
        checks.append(
            f"1M wall time dbt/pandas {s['ratio_wall']:.2f}× (target ≤ {TARGET_TIME_RATIO_1M}×): "
            + ("met" if ok_t else "NOT met")
        )
        checks.append(
            f"1M peak memory dbt/pandas {s['ratio_rss']:.2f}× (target ≤ "
            f"{TARGET_MEMORY_RATIO_1M}×): " + ("met" if ok_m else "NOT met")
        )
    if "1m" in by_size and "5m" in by_size:
        small, big = by_size["1m"], by_size["5m"]
        rows = big["input_rows"] / small["input_rows"]
        for tool in ("dbt", "pandas"):
            t = big[tool]["median_wall_s"] / small[tool]["median_wall_s"]
            m = big[tool]["median_peak_rss_mb"] / small[tool]["median_peak_rss_mb"]
            verdict = "no faster than linear" if t <= rows and m <= rows else "faster than linear"
            checks.append(
                f"{tool} 1M → 5M ({rows:.1f}× rows): time {t:.2f}×, memory {m:.2f}× ({verdict})"
            )
    return checks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="19k,1m,5m", help="comma-separated: 19k, 1m, 5m")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--pandas-split",
        choices=["hash", "sklearn"],
        default="hash",
        help="hash: the project's split (same model, checked); sklearn: train_test_split",
    )
    parser.add_argument("--quiet-wait", type=float, default=60.0, help="max s to wait for idle")
    parser.add_argument(
        "--dbt-build-args",
        default="",
        help="extra arguments for every timed `dbt build`, to measure a variant, e.g. "
        "'--exclude test_type:unit test_type:data' (the build without its tests)",
    )
    parser.add_argument("--out-dir", default=str(REPO / "bench" / "out"))
    args = parser.parse_args()
    sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in ROWS]
    if unknown:
        parser.error(f"unknown size(s) {unknown}; choose from {', '.join(ROWS)}")
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    out_dir = Path(args.out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    results = {
        "date": dt.date.today().isoformat(),
        "command": "python bench/run_bench.py " + shlex.join(sys.argv[1:]),
        "repeats": args.repeats,
        "pandas_split": args.pandas_split,
        "dbt_build_args": args.dbt_build_args,
        "machine": machine(),
        "sizes": [],
    }
    for size in sizes:
        summary = run_size(size, args)
        results["sizes"].append(summary)
        d, p = summary["dbt"], summary["pandas"]
        print(
            f"[{size}] median dbt {d['median_wall_s']:.1f} s / {d['median_peak_rss_mb']:,.0f} MB,"
            f" pandas {p['median_wall_s']:.1f} s / {p['median_peak_rss_mb']:,.0f} MB -> "
            f"{summary['ratio_wall']:.2f}× time, {summary['ratio_rss']:.2f}× memory",
            flush=True,
        )
    results["checks"] = target_checks(results["sizes"])
    results["total_s"] = round(time.perf_counter() - started, 1)
    report = markdown(results)
    (out_dir / "bench_results.json").write_text(json.dumps(results, indent=2) + "\n")
    (out_dir / "bench_results.md").write_text(report)
    print("\n" + report)
    print(f"Saved {out_dir / 'bench_results.json'} and {out_dir / 'bench_results.md'}")


if __name__ == "__main__":
    main()
