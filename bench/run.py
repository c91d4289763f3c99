"""`make bench`: generate inputs, run the floor, the pandas peer and the platform on them, compare, report.

For each size: the generator writes D+1 days of inbox (``bench.inputs``) and the last day is held back.
Three phases follow, each implementation as its own process measured by ``bench.measure``:

1. full run: the floor, the pandas peer and the platform over the first D days; the platform's published
   sr_* rows are the reference the floor and the peer must match cell for cell;
2. daily run: the held-back export is delivered into the platform's inbox and the platform runs again;
   its published sr_* rows must match the floor recomputed over all D+1 days (timed, for context);
3. code location load: ``dagster definitions validate``, three times.

Results go to ``bench/results/tickets_<size>.{md,json}`` with a verdict per target of issue 6; the exit
status is non-zero when any process fails or any value differs (a missed target is reported, not fatal).

    python -m bench.run --tickets 100000 1000000 [--days 365] [--work /tmp/city-bench]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from bench import targets
from bench.compare import compare
from bench.inputs import SERVICE_REQUESTS, Inputs, generate, hold_back_last_day
from bench.measure import MIB, Measurement, disk_usage_bytes, measure
from bench.platform_run import (
    COMMAND,
    LOAD_COMMAND,
    deliver,
    environment,
    prepare,
    published_sr_rows,
    run_ids,
    run_timings,
)
from bench.reference import REPO_ROOT
from bench.report import markdown, size_label

RESULTS_DIR = REPO_ROOT / "bench" / "results"
RESPONSES_PER_TICKET = 1 / 50  # one survey response per 50 tickets unless --responses says otherwise
STAGES = ("ingest", "checks", "dbt", "publish")
PEERS = {"floor": "bench.floor", "pandas": "bench.pandas_peer"}
DAILY_PEERS = ("floor",)  # the daily run's reference: the floor over all D+1 days
LOAD_REPEATS = 3


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


def _measured(measurement: Measurement) -> dict:
    return {
        "returncode": measurement.returncode,
        "wall_seconds": round(measurement.wall_seconds, 2),
        "cpu_seconds": round(measurement.cpu_seconds, 2),
        "peak_rss_mib": round(measurement.peak_rss_bytes / MIB, 1),
        "processes": [
            {"pid": p.pid, "command": p.command, "peak_rss_mib": round(p.peak_rss_bytes / MIB, 1)}
            for p in measurement.processes
        ],
    }


def _run(label: str, name: str, command: Sequence[str], env: Mapping[str, str], log: Path) -> dict:
    """Measure one process, say how long it took, and return its figures."""
    measured = _measured(measure(command, env, REPO_ROOT, log))
    print(f"[{label}] {name}: {measured['wall_seconds']} s (exit {measured['returncode']})", flush=True)
    return measured


def _platform_timings(home: Path, earlier_runs: set[str]) -> dict:
    timings = run_timings(home, earlier_runs)
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


def compare_with_platform(label: str, reference: Path, candidates: dict[str, Path]) -> dict:
    """Compare each candidate's rows with the platform's published ones."""
    equality = {}
    for name, rows in candidates.items():
        comparison = compare(reference, rows)
        equality[name] = asdict(comparison) | {"equal": comparison.equal}
        print(f"[{label}] {comparison.describe('platform', name)}", flush=True)
    return equality


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 2) if b else None


def _full_phase(
    label: str, inputs: Inputs, work: Path, env: Mapping[str, str], outputs: Path
) -> tuple[dict, Path, Path]:
    """Floor, pandas peer and platform over the history; returns the figures and the platform's dirs."""
    python = sys.executable
    impl = {
        name: _run(
            label,
            name,
            [python, "-m", module, str(inputs.history), str(outputs / f"{name}.parquet")],
            env,
            outputs / f"{name}.log",
        )
        for name, module in PEERS.items()
    }
    data_dir, home = prepare(inputs.history, work / "platform")
    impl["platform"] = _run(
        label, "platform", [python, *COMMAND], environment(data_dir, home), outputs / "platform.log"
    ) | _platform_timings(home, set())
    equality = {}
    if impl["platform"]["returncode"] == 0:
        published_sr_rows(data_dir, outputs / "platform.parquet")
        candidates = {name: outputs / f"{name}.parquet" for name in PEERS if impl[name]["returncode"] == 0}
        equality = compare_with_platform(label, outputs / "platform.parquet", candidates)
    ratios = {
        f"platform/{peer}": {
            "wall": _ratio(impl["platform"]["wall_seconds"], impl[peer]["wall_seconds"]),
            "cpu": _ratio(impl["platform"]["cpu_seconds"], impl[peer]["cpu_seconds"]),
            "peak_rss": _ratio(impl["platform"]["peak_rss_mib"], impl[peer]["peak_rss_mib"]),
        }
        for peer in PEERS
    }
    return {"implementations": impl, "equality": equality, "ratios": ratios}, data_dir, home


def _export_rows(export: Path) -> int:
    with duckdb.connect() as connection:
        count = connection.execute(
            f"SELECT count(*) FROM read_csv('{export}', all_varchar = true, header = true)"
        ).fetchone()
    return int(count[0]) if count else 0


def _daily_phase(
    label: str, inputs: Inputs, data_dir: Path, home: Path, env: Mapping[str, str], outputs: Path
) -> dict:
    """The held-back day delivered, the platform run again, and checked against the floor over all days."""
    python = sys.executable
    earlier_runs = run_ids(home)
    deliver(inputs.last_day, data_dir, SERVICE_REQUESTS)
    impl = {
        "platform": _run(
            label,
            "platform, daily run",
            [python, *COMMAND],
            environment(data_dir, home),
            outputs / "platform_daily.log",
        )
        | _platform_timings(home, earlier_runs),
        "floor": _run(
            label,
            "floor over all days",
            [python, "-m", PEERS["floor"], str(inputs.everything), str(outputs / "floor_all_days.parquet")],
            env,
            outputs / "floor_all_days.log",
        ),
    }
    equality = {}
    if all(measured["returncode"] == 0 for measured in impl.values()):
        published_sr_rows(data_dir, outputs / "platform_daily.parquet")
        equality = compare_with_platform(
            label, outputs / "platform_daily.parquet", {"floor": outputs / "floor_all_days.parquet"}
        )
    return {
        "export": inputs.last_day.name,
        "export_rows": _export_rows(inputs.last_day),
        "export_mib": round(inputs.last_day.stat().st_size / MIB, 1),
        "implementations": impl,
        "equality": equality,
    }


def _load_phase(label: str, data_dir: Path, home: Path, outputs: Path) -> dict:
    """Load the code location ``LOAD_REPEATS`` times with the platform's environment; keep the median."""
    runs = [
        _run(
            label,
            f"code location load {attempt}",
            [sys.executable, *LOAD_COMMAND],
            environment(data_dir, home),
            outputs / f"load_{attempt}.log",
        )
        for attempt in range(1, LOAD_REPEATS + 1)
    ]
    return {
        "command": "dagster " + " ".join(LOAD_COMMAND[2:]),
        "runs": runs,
        "median_seconds": round(statistics.median(run["wall_seconds"] for run in runs), 2),
    }


def _largest_platform_process(result: dict) -> tuple[float | None, str]:
    """The platform's largest resident set over every phase, and which process it was."""
    phases = [("full run", result["implementations"]["platform"])]
    if result["daily"]:
        phases.append(("daily run", result["daily"]["implementations"]["platform"]))
    phases += [(f"load {attempt}", run) for attempt, run in enumerate(result["load"]["runs"], start=1)]
    candidates = [
        (process["peak_rss_mib"], f"`{process['command']}` ({phase})")
        for phase, measured in phases
        for process in measured["processes"]
    ]
    # The kernel's figure for each tree's largest process, in case one lived shorter than a poll.
    candidates += [(measured["peak_rss_mib"], f"a process of the {phase}") for phase, measured in phases]
    return max(candidates, key=lambda candidate: candidate[0], default=(None, "none measured"))


def verdicts(result: dict) -> dict[str, targets.Target]:
    """Issue 6's targets for one size, from the figures in ``result``."""
    impl, daily = result["implementations"], result["daily"]
    daily_impl = daily["implementations"] if daily else {}
    return {
        "full_run": targets.full_run(impl["platform"]["wall_seconds"], impl["floor"]["wall_seconds"]),
        "peak_rss": targets.peak_rss(*_largest_platform_process(result)),
        "daily_run": targets.daily_run(
            daily_impl["platform"]["wall_seconds"] if daily else None,
            daily_impl["floor"]["wall_seconds"] if daily else None,
        ),
        "code_location_load": targets.code_location_load(result["load"]["median_seconds"]),
    }


def _all_equal(equality: dict, expected: Sequence[str]) -> bool:
    return all(name in equality and equality[name]["equal"] for name in expected)


def passed(result: dict) -> bool:
    """Every process exited 0 and every comparison, full run and daily run, found the same values."""
    daily = result["daily"]
    if not daily:
        return False
    processes = [
        *result["implementations"].values(),
        *daily["implementations"].values(),
        *result["load"]["runs"],
    ]
    return (
        all(measured["returncode"] == 0 for measured in processes)
        and _all_equal(result["equality"], tuple(PEERS))
        and _all_equal(daily["equality"], DAILY_PEERS)
    )


def bench_size(tickets: int, responses: int, days: int, work: Path) -> dict:
    """Everything measured for one size; the caller writes it and decides the exit status."""
    label, outputs = size_label(tickets), work / "outputs"
    shutil.rmtree(work, ignore_errors=True)
    outputs.mkdir(parents=True)
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "False", "DBT_SEND_ANONYMOUS_USAGE_STATS": "False"}
    generator = generate(tickets, responses, days + 1, work / "generated", env, outputs / "generator.log")
    if generator.returncode != 0:
        raise SystemExit(f"the generator failed: see {outputs / 'generator.log'}")
    print(f"[{label}] generated {days + 1} days in {generator.wall_seconds:.1f} s", flush=True)
    inputs = hold_back_last_day(work / "generated", work / "history")
    history_files = list((inputs.history / SERVICE_REQUESTS).glob("*.csv"))
    result: dict = {
        "tickets": tickets,
        "responses": responses,
        "days": days,
        "service_request_files": len(history_files),
        "service_request_csv_mib": round(sum(p.stat().st_size for p in history_files) / MIB, 1),
        "generator": _measured(generator),
    }
    full, data_dir, home = _full_phase(label, inputs, work, env, outputs)
    result |= full
    platform_ok = result["implementations"]["platform"]["returncode"] == 0
    result["daily"] = _daily_phase(label, inputs, data_dir, home, env, outputs) if platform_ok else None
    result["load"] = _load_phase(label, data_dir, home, outputs)
    result["targets"] = {name: target.as_json() for name, target in verdicts(result).items()}
    result["scratch_mib"] = round(disk_usage_bytes(work) / MIB, 1)
    result["passed"] = passed(result)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, nargs="+", required=True)
    parser.add_argument(
        "--responses", type=int, help=f"survey responses (default: tickets × {RESPONSES_PER_TICKET})"
    )
    parser.add_argument("--days", type=int, default=365, help="days of history; one more day is generated")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "city-bench")
    parser.add_argument("--results", type=Path, default=RESULTS_DIR)
    parser.add_argument("--keep", action="store_true", help="keep the generated files and data directories")
    parser.add_argument("--commit", help="the source commit, when running from an export without .git")
    args = parser.parse_args(argv)
    if args.days < 1:
        parser.error("--days must be at least 1")
    machine = _machine(args.commit)
    args.results.mkdir(parents=True, exist_ok=True)
    all_passed = True
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
        all_passed = all_passed and result["passed"]
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if all_passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
