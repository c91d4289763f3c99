"""Issue 6's targets, each as a limit, the figure the bench measured, and a verdict a reader can act on.

A target that is missed says by how much, in the target's own unit (seconds or MiB), so a reader sees
how far there is to go rather than only a ratio. Targets are reported, not enforced: the bench fails on
a crash or a different number, not on a slow machine.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

FLOOR_FACTOR = 2.0  # the full run's wall time may be at most this many times the floor's
PEAK_RSS_LIMIT_MIB = 2 * 1024.0  # in every process of the platform
DAILY_RUN_LIMIT_SECONDS = 60.0  # one more day on top of the history, end to end
LOAD_LIMIT_SECONDS = 5.0  # code location load


@dataclass(frozen=True)
class Target:
    """One target: met when ``measured <= limit``; ``measured`` is None when its phase did not run."""

    title: str
    limit: float
    measured: float | None
    unit: str
    basis: str  # what the limit and the figure are, in words

    @property
    def met(self) -> bool | None:
        return None if self.measured is None else self.measured <= self.limit

    @property
    def verdict(self) -> str:
        if self.measured is None:
            return "not measured"
        if self.measured <= self.limit:
            return "met"
        excess, times = self.measured - self.limit, self.measured / self.limit
        return f"missed by {excess:,.1f} {self.unit} ({times:.1f}× the limit)"

    def as_json(self) -> dict:
        return asdict(self) | {"met": self.met, "verdict": self.verdict}


def full_run(platform_seconds: float, floor_seconds: float) -> Target:
    return Target(
        title="Full run vs floor",
        limit=round(FLOOR_FACTOR * floor_seconds, 2),
        measured=platform_seconds,
        unit="s",
        basis=f"platform's wall time ≤ {FLOOR_FACTOR:g} × the floor's ({floor_seconds} s)",
    )


def peak_rss(largest_mib: float | None, process: str) -> Target:
    return Target(
        title="Peak RSS per process",
        limit=PEAK_RSS_LIMIT_MIB,
        measured=largest_mib,
        unit="MiB",
        basis=f"every platform process ≤ 2 GiB; the largest: {process}",
    )


def daily_run(platform_seconds: float | None, floor_seconds: float | None) -> Target:
    floor = "not measured" if floor_seconds is None else f"{floor_seconds} s"
    return Target(
        title="Daily run",
        limit=DAILY_RUN_LIMIT_SECONDS,
        measured=platform_seconds,
        unit="s",
        basis=f"one more day on top of the history, end to end (floor over all days: {floor})",
    )


def code_location_load(median_seconds: float | None) -> Target:
    return Target(
        title="Code location load",
        limit=LOAD_LIMIT_SECONDS,
        measured=median_seconds,
        unit="s",
        basis="`dagster definitions validate -m orchestration.definitions`, median of 3",
    )
