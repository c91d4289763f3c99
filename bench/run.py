"""`make bench`: generate inputs, run the floor, the pandas peer and the platform on them, compare, report.

For each size: the generator writes the inbox (``scripts/generate_scale_data.py``), then each
implementation runs as its own process, one after the other, measured by ``bench.measure``. The
platform's published sr_* rows are the reference: the floor and the pandas peer must match them cell for
cell within ``bench.compare``'s tolerance. Results go to ``bench/results/tickets_<size>.{md,json}``; the
exit status is non-zero when any implementation fails or any value differs.

    python -m bench.run --tickets 100000 1000000 [--days 365] [--work /tmp/city-bench]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from bench.compare import ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE, compare
from bench.measure import Measurement, measure
from bench.platform_run import COMMAND, environment, prepare, published_sr_rows, run_timings
from bench.reference import REPO_ROOT

RESULTS_DIR = REPO_ROOT / "bench" / "results"
GENERATOR = REPO_ROOT / "scripts" / "generate_scale_data.py"
RESPONSES_PER_TICKET = 1 / 50  # one survey response per 50 tickets unless --responses says otherwise
STAGES = ("ingest", "checks", "dbt", "publish")
MIB = 1024 * 1024


def size_label(tickets: int) -> str:
    for factor, suffix in ((1_000_000, "M"), (1_000, "k")):
        if tickets >= factor and tickets % factor == 0:
            return f"{tickets // factor}{suffix}"
    return str(tickets)


def _source_commit() -> str:
    """The commit measured, marked '+dirty' when the working tree has uncommitted changes."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "unknown (not a git checkout)"
    # Results written by earlier bench runs do not change what is measured.
    changes = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)bench/results")
    return commit + ("+dirty" if changes else "")


def _machine(commit: str | None) -> dict:
    with open("/proc/meminfo", encoding="utf-8") as handle:
        total_kib = int(handle.readline().split()[1])
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")),
        platform.processor(),
    )
    import dagster
    import duckdb
    import pandas

    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_gib": round(total_kib / 1024 / 1024, 1),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "pandas": pandas.__version__,
        "dagster": dagster.__version__,
        "commit": commit or _source_commit(),
    }


def _measured(name: str, measurement: Measurement) -> dict:
    return {
        "returncode": measurement.returncode,
        "wall_seconds": round(measurement.wall_seconds, 2),
        "cpu_seconds": round(measurement.cpu_seconds, 2),
        "peak_rss_mib": round(measurement.peak_rss_bytes / MIB, 1),
        "processes": [
            {"pid": p.pid, "command": p.command, "peak_rss_mib": round(p.peak_rss_bytes / MIB, 1)}
            for p in measurement.processes
        ],
        "name": name,
    }


def _platform_timings(home: Path) -> dict:
    timings = run_timings(home)
    return {
        "dagster_run_seconds": round(timings.run_seconds, 2),
        "planned_events": timings.planned_events,
        "planning_seconds": round(timings.planning_seconds, 2),
        "steps": [asdict(step) | {"seconds": round(step.seconds, 2)} for step in timings.steps],
        "stages": {
            stage: round(sum(step.seconds for step in timings.steps if step.stage == stage), 2)
            for stage in STAGES
        },
    }


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 2) if b else None


def bench_size(tickets: int, responses: int, days: int, work: Path) -> dict:
    """Everything measured for one size; the caller writes it and decides the exit status."""
    python = sys.executable
    inbox, outputs = work / "inbox", work / "outputs"
    shutil.rmtree(work, ignore_errors=True)
    outputs.mkdir(parents=True)
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "False", "DBT_SEND_ANONYMOUS_USAGE_STATS": "False"}
    generator = measure(
        [
            python,
            str(GENERATOR),
            "--tickets",
            str(tickets),
            "--responses",
            str(responses),
            "--days",
            str(days),
            "--out",
            str(inbox),
        ],
        env,
        REPO_ROOT,
        outputs / "generator.log",
    )
    if generator.returncode != 0:
        raise SystemExit(f"the generator failed: see {outputs / 'generator.log'}")
    csv_files = list((inbox / "service_requests").glob("*.csv"))
    result: dict = {
        "tickets": tickets,
        "responses": responses,
        "days": days,
        "service_request_files": len(csv_files),
        "service_request_csv_mib": round(sum(p.stat().st_size for p in csv_files) / MIB, 1),
        "generator": _measured("generator", generator),
        "implementations": {},
        "equality": {},
    }
    print(f"[{size_label(tickets)}] generated in {generator.wall_seconds:.1f} s", flush=True)
    for name, module in (("floor", "bench.floor"), ("pandas", "bench.pandas_peer")):
        measurement = measure(
            [python, "-m", module, str(inbox), str(outputs / f"{name}.parquet")],
            env,
            REPO_ROOT,
            outputs / f"{name}.log",
        )
        result["implementations"][name] = _measured(name, measurement)
        print(f"[{size_label(tickets)}] {name}: {measurement.wall_seconds:.1f} s", flush=True)
    data_dir, home = prepare(inbox, work / "platform")
    measurement = measure(
        [python, *COMMAND], environment(data_dir, home), REPO_ROOT, outputs / "platform.log"
    )
    platform_result = _measured("platform", measurement)
    platform_result |= _platform_timings(home)
    result["implementations"]["platform"] = platform_result
    print(f"[{size_label(tickets)}] platform: {measurement.wall_seconds:.1f} s", flush=True)
    reference = outputs / "platform.parquet"
    if measurement.returncode == 0:
        published_sr_rows(data_dir, reference)
        for name in ("floor", "pandas"):
            if result["implementations"][name]["returncode"] != 0:
                continue
            comparison = compare(reference, outputs / f"{name}.parquet")
            result["equality"][name] = asdict(comparison) | {"equal": comparison.equal}
            print(f"[{size_label(tickets)}] {comparison.describe('platform', name)}", flush=True)
    impl = result["implementations"]
    result["ratios"] = {
        f"platform/{peer}": {
            "wall": _ratio(impl["platform"]["wall_seconds"], impl[peer]["wall_seconds"]),
            "cpu": _ratio(impl["platform"]["cpu_seconds"], impl[peer]["cpu_seconds"]),
            "peak_rss": _ratio(impl["platform"]["peak_rss_mib"], impl[peer]["peak_rss_mib"]),
        }
        for peer in ("floor", "pandas")
    }
    result["passed"] = (
        all(i["returncode"] == 0 for i in impl.values())
        and len(result["equality"]) == 2
        and all(e["equal"] for e in result["equality"].values())
    )
    return result


def markdown(result: dict, machine: dict) -> str:
    """The results table a reader looks at first; the JSON beside it has every figure."""
    impl = result["implementations"]
    label = size_label(result["tickets"])
    lines = [
        f"# Benchmark: {label} tickets",
        "",
        f"{result['tickets']:,} tickets ({result['service_request_files']} daily exports, "
        f"{result['service_request_csv_mib']:,} MiB of CSV), {result['responses']:,} survey responses, "
        f"{result['days']} days. Machine: {machine['cpus']} CPUs ({machine['cpu_model']}), "
        f"{machine['memory_gib']} GiB; Python {machine['python']}, DuckDB {machine['duckdb']}, "
        f"pandas {machine['pandas']}, Dagster {machine['dagster']}; commit {machine['commit']}; "
        f"{result['measured_at']}. Generator: {result['generator']['wall_seconds']} s.",
        "",
        "| implementation | wall s | CPU s | peak RSS MiB (largest process) | exit |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in ("floor", "pandas", "platform"):
        i = impl[name]
        lines.append(
            f"| {name} | {i['wall_seconds']} | {i['cpu_seconds']} | {i['peak_rss_mib']} | {i['returncode']} |"
        )
    lines += ["", "| ratio | wall | CPU | peak RSS |", "|---|---:|---:|---:|"]
    for name, ratio in result["ratios"].items():
        lines.append(f"| {name} | {ratio['wall']} | {ratio['cpu']} | {ratio['peak_rss']} |")
    platform_result = impl["platform"]
    lines += [
        "",
        "## Platform by stage",
        "",
        f"Of {platform_result['wall_seconds']} s wall, the Dagster run (its steps) took "
        f"{platform_result['dagster_run_seconds']} s; before it, run planning wrote "
        f"{platform_result['planned_events']:,} planned-materialization and planned-check events in "
        f"{platform_result['planning_seconds']} s; the rest is interpreter start, code location load "
        "and exit.",
        "",
        "| stage | seconds |",
        "|---|---:|",
        *[f"| {stage} | {seconds} |" for stage, seconds in platform_result["stages"].items()],
        "",
        "| step | stage | seconds | status |",
        "|---|---|---:|---|",
        *[
            f"| {s['step_key']} | {s['stage']} | {s['seconds']} | {s['status']} |"
            for s in platform_result["steps"]
        ],
        "",
        "## Peak RSS per process",
        "",
        "| implementation | process | peak RSS MiB |",
        "|---|---|---:|",
    ]
    for name in ("floor", "pandas", "platform"):
        for process in impl[name]["processes"]:
            lines.append(f"| {name} | `{process['command']}` | {process['peak_rss_mib']} |")
    lines += [
        "",
        "## Equality",
        "",
        f"Reference: the sr_* rows of `indicator_values` in the published snapshot. Tolerance per value: "
        f"|a − b| ≤ {ABSOLUTE_TOLERANCE:g} + {RELATIVE_TOLERANCE:g} × |a|; counts must be equal, and so "
        "must the set of cells.",
        "",
    ]
    for name, equality in result["equality"].items():
        verdict = "equal" if equality["equal"] else f"**{equality['differing_cells']:,} cells differ**"
        lines.append(
            f"- {name}: {verdict} ({equality['reference_rows']:,} platform rows, "
            f"{equality['candidate_rows']:,} {name} rows, largest relative difference "
            f"{equality['max_relative_difference']:.1e})"
        )
    if len(result["equality"]) < 2:
        lines.append("- not compared: an implementation failed (see the exit codes above)")
    lines += ["", f"Result: **{'PASSED' if result['passed'] else 'FAILED'}**", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, nargs="+", required=True)
    parser.add_argument(
        "--responses", type=int, help=f"survey responses (default: tickets × {RESPONSES_PER_TICKET})"
    )
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "city-bench")
    parser.add_argument("--results", type=Path, default=RESULTS_DIR)
    parser.add_argument("--keep", action="store_true", help="keep the generated files and data directories")
    parser.add_argument("--commit", help="the source commit, when running from an export without .git")
    args = parser.parse_args(argv)
    machine = _machine(args.commit)
    args.results.mkdir(parents=True, exist_ok=True)
    passed = True
    for tickets in args.tickets:
        responses = args.responses if args.responses is not None else int(tickets * RESPONSES_PER_TICKET)
        work = args.work / size_label(tickets)
        result = bench_size(tickets, responses, args.days, work)
        result["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        stem = args.results / f"tickets_{size_label(tickets)}"
        stem.with_suffix(".json").write_text(
            json.dumps({"machine": machine, **result}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        stem.with_suffix(".md").write_text(markdown(result, machine), encoding="utf-8")
        print(f"[{size_label(tickets)}] {'passed' if result['passed'] else 'FAILED'}: {stem}.md", flush=True)
        passed = passed and result["passed"]
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
