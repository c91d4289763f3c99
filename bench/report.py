"""The Markdown a reader looks at first: the targets and their verdicts, then one section per target.

The JSON beside it (written by ``bench.run``) holds every figure; this only lays them out.
"""

from __future__ import annotations

from bench.compare import ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE


def size_label(tickets: int) -> str:
    for factor, suffix in ((1_000_000, "M"), (1_000, "k")):
        if tickets >= factor and tickets % factor == 0:
            return f"{tickets // factor}{suffix}"
    return str(tickets)


def _figure(target: dict) -> str:
    return "–" if target["measured"] is None else f"{target['measured']:,} {target['unit']}"


def _verdict_line(target: dict) -> str:
    return (
        f"Target: {target['basis']}. Limit {target['limit']:,} {target['unit']}, measured "
        f"{_figure(target)}: **{target['verdict']}**."
    )


def _cost_table(rows: list[tuple[str, dict]]) -> list[str]:
    lines = [
        "| implementation | wall s | CPU s | peak RSS MiB (largest process) | exit |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {name} | {m['wall_seconds']} | {m['cpu_seconds']} | {m['peak_rss_mib']} | {m['returncode']} |"
        for name, m in rows
    ]
    return lines


def _platform_breakdown(platform: dict) -> list[str]:
    """Where the platform's wall time went: planning, then stages and steps from the Dagster instance."""
    return [
        f"Of {platform['wall_seconds']} s wall, the Dagster run (its steps) took "
        f"{platform['dagster_run_seconds']} s; before it, run planning wrote "
        f"{platform['planned_events']:,} planned-materialization and planned-check events in "
        f"{platform['planning_seconds']} s; the rest is interpreter start, code location load, finding "
        "the new inbox files, and exit.",
        "",
        "| stage | seconds |",
        "|---|---:|",
        *[f"| {stage} | {seconds} |" for stage, seconds in platform["stages"].items()],
        "",
        "| step | stage | seconds | status |",
        "|---|---|---:|---|",
        *[f"| {s['step_key']} | {s['stage']} | {s['seconds']} | {s['status']} |" for s in platform["steps"]],
    ]


def _equality_lines(equality: dict, expected: tuple[str, ...], reference: str) -> list[str]:
    lines = []
    for name in expected:
        if name not in equality:
            lines.append(f"- {name}: not compared (a process failed; see the exit codes above)")
            continue
        e = equality[name]
        verdict = "equal" if e["equal"] else f"**{e['differing_cells']:,} cells differ**"
        lines.append(
            f"- {name}: {verdict} ({e['reference_rows']:,} {reference} rows, {e['candidate_rows']:,} {name} "
            f"rows, largest relative difference {e['max_relative_difference']:.1e})"
        )
    return lines


def _full_run(result: dict) -> list[str]:
    impl = result["implementations"]
    lines = [
        "## Full run vs floor",
        "",
        _verdict_line(result["targets"]["full_run"]),
        "",
        f"All three read the first {result['days']} days.",
        "",
        *_cost_table([(name, impl[name]) for name in ("floor", "pandas", "platform")]),
        "",
        "| ratio | wall | CPU | peak RSS |",
        "|---|---:|---:|---:|",
        *[f"| {name} | {r['wall']} | {r['cpu']} | {r['peak_rss']} |" for name, r in result["ratios"].items()],
        "",
        "### Platform by stage",
        "",
        *_platform_breakdown(impl["platform"]),
    ]
    return lines


def _peak_rss(result: dict) -> list[str]:
    phases = [(f"{name} (full run)", m) for name, m in result["implementations"].items()]
    if result["daily"]:
        phases += [(f"{name} (daily run)", m) for name, m in result["daily"]["implementations"].items()]
    phases += [(f"load {n}", run) for n, run in enumerate(result["load"]["runs"], start=1)]
    return [
        "## Peak RSS per process",
        "",
        _verdict_line(result["targets"]["peak_rss"]),
        "",
        "| phase | process | peak RSS MiB |",
        "|---|---|---:|",
        *[
            f"| {phase} | `{p['command']}` | {p['peak_rss_mib']} |"
            for phase, m in phases
            for p in m["processes"]
        ],
    ]


def _daily_run(result: dict) -> list[str]:
    lines = ["## Daily run", "", _verdict_line(result["targets"]["daily_run"]), ""]
    daily = result["daily"]
    if not daily:
        return [*lines, "Not run: the full run failed."]
    impl = daily["implementations"]
    return [
        *lines,
        f"After the full run, `{daily['export']}` (day {result['days'] + 1}: {daily['export_rows']:,} rows, "
        f"{daily['export_mib']} MiB) was delivered into the platform's inbox and the platform ran again, "
        f"as `make run` would. The floor recomputed everything over all {result['days'] + 1} days, for "
        "context and as the reference for the values.",
        "",
        *_cost_table([("platform, daily run", impl["platform"]), ("floor over all days", impl["floor"])]),
        "",
        "### Daily run by stage",
        "",
        *_platform_breakdown(impl["platform"]),
    ]


def _load(result: dict) -> list[str]:
    load = result["load"]
    return [
        "## Code location load",
        "",
        _verdict_line(result["targets"]["code_location_load"]),
        "",
        f"`{load['command']}` with the platform's environment, after the runs: "
        + ", ".join(f"{run['wall_seconds']} s (exit {run['returncode']})" for run in load["runs"])
        + f"; median {load['median_seconds']} s.",
    ]


def _equality(result: dict) -> list[str]:
    lines = [
        "## Equality",
        "",
        "Reference: the sr_* rows of `indicator_values` in the published snapshot. Tolerance per value: "
        f"|a − b| ≤ {ABSOLUTE_TOLERANCE:g} + {RELATIVE_TOLERANCE:g} × |a|; counts must be equal, and so "
        "must the set of cells.",
        "",
        "Full run (first days):",
        "",
        *_equality_lines(result["equality"], ("floor", "pandas"), "platform"),
        "",
        "Daily run (all days; the floor recomputed from every export):",
        "",
    ]
    if result["daily"]:
        lines += _equality_lines(result["daily"]["equality"], ("floor",), "platform")
    else:
        lines.append("- not compared: the daily run did not run")
    return lines


def markdown(result: dict, machine: dict) -> str:
    """The results page for one size."""
    label = size_label(result["tickets"])
    lines = [
        f"# Benchmark: {label} tickets",
        "",
        f"{result['tickets']:,} tickets over {result['days'] + 1} days, {result['responses']:,} survey "
        f"responses; the full run reads the first {result['days']} days ({result['service_request_files']} "
        f"daily exports, {result['service_request_csv_mib']:,} MiB of CSV), the daily run adds the last. "
        f"Machine: {machine['cpus']} CPUs ({machine['cpu_model']}), {machine['memory_gib']} GiB; "
        f"Python {machine['python']}, DuckDB {machine['duckdb']}, pandas {machine['pandas']}, Dagster "
        f"{machine['dagster']}; commit {machine['commit']}; {result['measured_at']}. Generator: "
        f"{result['generator']['wall_seconds']} s. Scratch space used: {result['scratch_mib']:,} MiB.",
        "",
        "## Targets",
        "",
        "| target | limit | measured | verdict |",
        "|---|---:|---:|---|",
        *[
            f"| {t['title']} | {t['limit']:,} {t['unit']} | {_figure(t)} | {t['verdict']} |"
            for t in result["targets"].values()
        ],
        "",
        *_full_run(result),
        "",
        *_peak_rss(result),
        "",
        *_daily_run(result),
        "",
        *_load(result),
        "",
        *_equality(result),
        "",
        f"Result: **{'PASSED' if result['passed'] else 'FAILED'}**",
        "",
    ]
    return "\n".join(lines)
