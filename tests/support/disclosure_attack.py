"""A differencing attacker on the published survey tables (issue 13): what an outsider can rebuild.

Given only what a snapshot publishes (indicator_values, citizen_priorities, citizen_needs,
wellbeing_components) and the public community populations, the attacker tries, for every survey
indicator and quarter, to recover a suppressed community's value, its sample size or its respondents'
choices. It knows the rules the platform documents and tries both city methods it could face:

- **individual weights** (each suppressed community its own public weight, the method before the
  pooled stratum): solve ``sum(pop_i * k_i / n_i) = city * sum(pop) - sum(published pop * value)`` over
  integers ``n_i`` (sizes adding up to the city sample size minus the published ones) and ``k_i``;
- **pooled stratum**: the suppressed communities' pooled mean is known; split it between them.

Every candidate size is at most the smallest published community's respondents (secondary suppression
takes the smallest), and the city interval, when given, must match too. When every solution consistent
with the published figures agrees on a suppressed value or size, the attacker *claims* it; a claim that
equals the true hidden figure (``leaks``) is a disclosure. A wrong method can yield a unique but false
solution: that misleads the attacker and discloses nothing. Rows that exist only because of a
suppressed community's answers, and choices left over by subtraction, are disclosures outright.

The group tables (survey_group_indicators, decision 026) add cells by sex and by age band. The attacker
runs the pooled-stratum attack on every group (the city group figure against its community cells: the
group figures are pooled by the documented rule, and never had individual weights, whose solutions on
such small cells agree with the truth by coincidence as often as not), and differences the tables
against each other: a group cell of a community whose totals are
suppressed; a community's total minus its published groups (a partly published community); the city's
total minus its published city group figures (one group hidden); and the city group figure's size
minus the published community cells of the group (a pool under the threshold).
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

Z_975 = 1.959963984540054
# Published doubles carry ~16 significant digits; a true solution matches to far better than this.
RELATIVE_TOLERANCE = 1e-9
# Beyond this many candidate combinations per half, the individual-weights search is not attempted
# (and says so in the report): a mean on 0-10 over many large hidden cells is out of brute-force reach.
MAX_HALF_COMBINATIONS = 3_000_000
MEAN_SCALE_MAX = 10
MIN_CELL = 10  # the published threshold (dbt var min_cell_respondents)


@dataclass(frozen=True)
class Cell:
    area_id: str
    population: float
    value: float | None
    sample_size: int | None


@dataclass(frozen=True)
class IndicatorQuarter:
    """One survey indicator in one quarter, as published."""

    indicator_id: str
    period_start: str
    city_value: float | None
    city_sample_size: int | None
    city_ci: tuple[float, float] | None
    published: tuple[Cell, ...]
    suppressed: tuple[Cell, ...]
    size_bound: int  # the smallest published respondents count: no hidden cell is larger

    @property
    def max_score(self) -> int:
        return MEAN_SCALE_MAX if self.indicator_id.endswith("_mean") else 1


@dataclass(frozen=True)
class Claim:
    """A suppressed figure the published tables pin down to one value."""

    indicator_id: str
    period_start: str
    area_id: str
    kind: str  # "value" or "size"
    figure: float
    method: str

    def __str__(self) -> str:
        return (
            f"{self.indicator_id} {self.period_start} {self.area_id}: {self.kind} {self.figure:.6g} "
            f"({self.method})"
        )


@dataclass
class Report:
    claims: list[Claim]
    findings: list[str]  # disclosures that need no truth to confirm (rows, subtracted choices)
    attempted: int = 0  # indicator-quarters with suppressed cells the attacker worked on
    skipped: int = 0  # individual-weights searches too large to run
    group_attempted: int = 0  # group x indicator-quarters with hidden community group cells

    def leaks(self, truth: dict[tuple[str, str, str], tuple[float, int]]) -> list[str]:
        """The claims that equal the true (value, size) of their cell, plus every finding."""
        correct = []
        for claim in self.claims:
            # A hidden group cell nobody answered has no estimate: its truth is size 0.
            value, size = truth.get((claim.indicator_id, claim.period_start, claim.area_id), (math.nan, 0))
            actual = value if claim.kind == "value" else size
            if math.isclose(actual, claim.figure, rel_tol=1e-9, abs_tol=1e-12):
                correct.append(str(claim))
        return correct + self.findings


def true_cells(warehouse: Path) -> dict[tuple[str, str, str], tuple[float, int]]:
    """Every community cell's unsuppressed (value, size), from the warehouse that built the snapshot;
    group cells under their group key (``group_key``)."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = connection.execute(
            "SELECT indicator_id, CAST(period_start AS VARCHAR), area_id, estimate, sample_size "
            "FROM int_survey__community_estimates"
        ).fetchall()
        group_rows = connection.execute(
            "SELECT indicator_id, dimension, group_value, CAST(period_start AS VARCHAR), area_id, "
            "CASE WHEN indicator_id = 'sv_respondents' THEN count(*) ELSE avg(x) END, count(*) "
            "FROM int_survey__group_answers WHERE area_id <> 'unknown' GROUP BY 1, 2, 3, 4, 5"
        ).fetchall()
    truth = {(indicator, period, area): (value, size) for indicator, period, area, value, size in rows}
    for indicator, dimension, group, period, area, value, size in group_rows:
        truth[(group_key(indicator, dimension, group), period, area)] = (value, size)
    return truth


def attack_snapshot(snapshot: Path) -> Report:
    """Run every attack on a published ``indicators.duckdb``."""
    with duckdb.connect(str(snapshot), read_only=True) as connection:
        quarters = list(load_indicator_quarters(connection))
        report = attack_indicator_quarters(quarters)
        report.findings += attack_per_problem_tables(connection)
        if _has_table(connection, "survey_group_indicators"):
            group_cells = load_group_cells(connection)
            group_report = attack_indicator_quarters(
                group_indicator_quarters(group_cells, quarters), individual_weights=False
            )
            report.claims += group_report.claims
            report.group_attempted = group_report.attempted
            report.skipped += group_report.skipped
            report.findings += difference_group_tables(group_cells, quarters)
    return report


def attack_indicator_quarters(
    quarters: Iterable[IndicatorQuarter], individual_weights: bool = True
) -> Report:
    """The city-equation attacks; ``individual_weights`` also tries the method before decision 017's pool,
    which the totals once used (the group figures never did: decision 026)."""
    report = Report(claims=[], findings=[])
    for quarter in quarters:
        if not quarter.suppressed or quarter.city_value is None or quarter.city_sample_size is None:
            continue
        report.attempted += 1
        hidden_size = quarter.city_sample_size - sum(cell.sample_size or 0 for cell in quarter.published)
        if quarter.indicator_id == "sv_respondents":
            report.claims += _unique_sizes(quarter, hidden_size)
            continue
        report.claims += _pooled_attack(quarter, hidden_size)
        if not individual_weights:
            continue
        claims = _individual_weights_attack(quarter, hidden_size)
        if claims is None:
            report.skipped += 1
        else:
            report.claims += claims
    return report


def load_indicator_quarters(connection: duckdb.DuckDBPyConnection) -> Iterator[IndicatorQuarter]:
    populations = dict(connection.execute("SELECT area_id, population FROM areas").fetchall())
    rows = connection.execute(
        "SELECT indicator_id, CAST(period_start AS VARCHAR), area_id, value, sample_size, ci_low, ci_high, "
        "suppressed FROM indicator_values WHERE indicator_id LIKE 'sv\\_%' ESCAPE '\\' "
        "ORDER BY indicator_id, period_start, area_id"
    ).fetchall()
    respondents = {
        (period, area): size
        for indicator, period, area, _, size, *_ in rows
        if indicator == "sv_respondents" and area != "ALL" and size is not None
    }
    grouped: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for row in rows:
        grouped[(row[0], row[1])].append(row)
    for (indicator_id, period), cells in grouped.items():
        city = next((cell for cell in cells if cell[2] == "ALL"), None)
        communities = [cell for cell in cells if cell[2] != "ALL"]
        published_respondents = [size for (p, _), size in respondents.items() if p == period]
        yield IndicatorQuarter(
            indicator_id=indicator_id,
            period_start=period,
            city_value=None if city is None else city[3],
            city_sample_size=None if city is None else city[4],
            city_ci=None if city is None or city[5] is None else (city[5], city[6]),
            published=tuple(
                Cell(area, populations[area], value, size)
                for _, _, area, value, size, _, _, suppressed in communities
                if not suppressed
            ),
            suppressed=tuple(
                Cell(area, populations[area], None, None)
                for _, _, area, _, _, _, _, suppressed in communities
                if suppressed
            ),
            size_bound=min(published_respondents, default=city[4] if city else 0) or 0,
        )


def _feasible_sizes(count: int, total: int, bound: int) -> range:
    """Sizes one of ``count`` hidden cells can have when all are in 1..bound and add up to total."""
    others = count - 1
    low = max(1, total - others * bound)
    high = min(bound, total - others)
    return range(low, high + 1)


def _unique_sizes(quarter: IndicatorQuarter, hidden_size: int) -> list[Claim]:
    sizes = _feasible_sizes(len(quarter.suppressed), hidden_size, max(quarter.size_bound, 1))
    if len(sizes) != 1:
        return []
    return [
        Claim(quarter.indicator_id, quarter.period_start, cell.area_id, "size", sizes[0], "subtraction")
        for cell in quarter.suppressed
    ]


def _pooled_attack(quarter: IndicatorQuarter, hidden_size: int) -> list[Claim]:
    """The pooled stratum's mean is public: can it be split between its members in one way only?"""
    total_population = sum(cell.population for cell in quarter.published + quarter.suppressed)
    published_part = sum(
        cell.population / total_population * (cell.value or 0.0) for cell in quarter.published
    )
    pool_weight = sum(cell.population for cell in quarter.suppressed) / total_population
    pooled_mean = (quarter.city_value - published_part) / pool_weight
    pooled_sum = pooled_mean * hidden_size
    if hidden_size < 1 or abs(pooled_sum - round(pooled_sum)) > 1e-6 * max(1.0, abs(pooled_sum)):
        return []  # not the pooled method (or not integral answers): nothing to split
    pooled_sum_int = round(pooled_sum)
    findings = []
    bound = max(quarter.size_bound, 1)
    others = len(quarter.suppressed) - 1
    for cell in quarter.suppressed:
        values = set()
        sizes = set()
        for size in _feasible_sizes(len(quarter.suppressed), hidden_size, bound):
            rest = hidden_size - size
            for answers_sum in range(size * quarter.max_score + 1):
                rest_sum = pooled_sum_int - answers_sum
                if others == 0:
                    feasible = rest == 0 and rest_sum == 0
                else:
                    feasible = 0 <= rest_sum <= rest * quarter.max_score
                if feasible:
                    values.add(answers_sum / size)
                    sizes.add(size)
        findings += _uniqueness(quarter, cell, values, sizes, "pooled")
    return findings


def _individual_weights_attack(quarter: IndicatorQuarter, hidden_size: int) -> list[Claim] | None:
    """Solve the city equation with each hidden cell at its own public weight (the audit's attack)."""
    total_population = sum(cell.population for cell in quarter.published + quarter.suppressed)
    residual = quarter.city_value * total_population - sum(
        cell.population * (cell.value or 0.0) for cell in quarter.published
    )
    cells = quarter.suppressed
    bound = max(quarter.size_bound, 1)
    options = [
        [
            (size, answers_sum)
            for size in range(1, bound + 1)
            for answers_sum in range(size * quarter.max_score + 1)
        ]
        for _ in cells
    ]
    half = len(cells) // 2
    left, right = options[:half], options[half:]
    if (
        math.prod(len(o) for o in left) > MAX_HALF_COMBINATIONS
        or math.prod(len(o) for o in right) > MAX_HALF_COMBINATIONS
    ):
        return None
    left_states = _half_states(left, cells[:half])
    right_states = _half_states(right, cells[half:])
    by_size: dict[int, list[tuple[float, tuple]]] = defaultdict(list)
    for size, value, choice in right_states:
        by_size[size].append((value, choice))
    for entries in by_size.values():
        entries.sort()
    tolerance = RELATIVE_TOLERANCE * max(1.0, abs(residual))
    solutions = []
    for size, value, choice in left_states:
        entries = by_size.get(hidden_size - size)
        if not entries:
            continue
        target = residual - value
        start = bisect.bisect_left(entries, (target - tolerance,))
        for entry_value, entry_choice in entries[start:]:
            if entry_value > target + tolerance:
                break
            solution = choice + entry_choice
            if _interval_matches(quarter, solution, total_population):
                solutions.append(solution)
    findings = []
    for index, cell in enumerate(cells):
        values = {s[index][1] / s[index][0] for s in solutions}
        sizes = {s[index][0] for s in solutions}
        findings += _uniqueness(quarter, cell, values, sizes, "individual weights")
    return findings


def _half_states(
    options: Sequence[list[tuple[int, int]]], cells: Sequence[Cell]
) -> list[tuple[int, float, tuple]]:
    states = []
    for choice in itertools.product(*options):
        size = sum(option[0] for option in choice)
        value = sum(cell.population * answers / n for cell, (n, answers) in zip(cells, choice, strict=True))
        states.append((size, value, choice))
    return states


def _interval_matches(quarter: IndicatorQuarter, solution: tuple, total_population: float) -> bool:
    """The city interval's half-width, when published, must follow from the candidate cells too (rates)."""
    if quarter.city_ci is None or quarter.max_score != 1 or any(size < 2 for size, _ in solution):
        return True  # a one-answer cell borrowed a pooled variance under that method: not comparable
    low, high = quarter.city_ci
    if low <= 0.0 or high >= 1.0:
        return True  # clipped: the half-width is not known exactly
    variance = sum(
        (cell.population / total_population) ** 2 * _rate_variance(cell.value or 0.0, cell.sample_size or 1)
        for cell in quarter.published
    )
    variance += sum(
        (cell.population / total_population) ** 2 * _rate_variance_of_counts(answers, size)
        for cell, (size, answers) in zip(quarter.suppressed, solution, strict=True)
    )
    half_width = (high - low) / 2
    return math.isclose(Z_975 * math.sqrt(variance), half_width, rel_tol=1e-6, abs_tol=1e-9)


def _rate_variance(rate: float, size: int) -> float:
    return _rate_variance_of_counts(round(rate * size), size)


def _rate_variance_of_counts(yes: int, size: int) -> float:
    """Sample variance of a 0/1 answer over its size, divided by the size (its mean's variance)."""
    if size < 2:
        return 0.0
    return yes * (size - yes) / (size * (size - 1)) / size


def _uniqueness(
    quarter: IndicatorQuarter, cell: Cell, values: set[float], sizes: set[int], method: str
) -> list[Claim]:
    key = (quarter.indicator_id, quarter.period_start, cell.area_id)
    claims = []
    if len(values) == 1:
        claims.append(Claim(*key, "value", next(iter(values)), method))
    if len(sizes) == 1:
        claims.append(Claim(*key, "size", next(iter(sizes)), method))
    return claims


def attack_per_problem_tables(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Rows or survey values of suppressed community-quarters, and choices left over by subtraction."""
    suppressed = set(
        connection.execute(
            "SELECT DISTINCT CAST(period_start AS VARCHAR), area_id FROM indicator_values "
            "WHERE indicator_id = 'sv_respondents' AND suppressed AND area_id <> 'ALL'"
        ).fetchall()
    )
    findings = _rows_that_tell_blank_answers(connection, suppressed)
    priorities = connection.execute(
        "SELECT CAST(period_start AS VARCHAR), area_id, top_problem, respondents FROM citizen_priorities"
    ).fetchall()
    findings += [
        f"citizen_priorities {period} {area}: a row for {problem}"
        for period, area, problem, _ in priorities
        if (period, area) in suppressed
    ]
    findings += _choices_by_subtraction(priorities, suppressed)
    needs = connection.execute(
        "SELECT CAST(period_start AS VARCHAR), area_id, top_problem, respondents, share, problem_rank, "
        "requests FROM citizen_needs"
    ).fetchall()
    for period, area, problem, respondents, share, rank, requests in needs:
        if (period, area) not in suppressed:
            continue
        if (respondents, share, rank) != (None, None, None):
            findings.append(
                f"citizen_needs {period} {area} {problem}: survey values of a suppressed community"
            )
        if not requests:
            findings.append(f"citizen_needs {period} {area} {problem}: a row only its respondents explain")
    return findings


def _rows_that_tell_blank_answers(
    connection: duckdb.DuckDBPyConnection, suppressed: set[tuple[str, str]]
) -> list[str]:
    """A suppressed community-quarter must have a row for every sv_* indicator, answered or not."""
    every = {
        row[0]
        for row in connection.execute(
            "SELECT DISTINCT indicator_id FROM indicator_values WHERE indicator_id LIKE 'sv\\_%' ESCAPE '\\'"
        ).fetchall()
    }
    present: dict[tuple[str, str], set[str]] = defaultdict(set)
    for indicator, period, area in connection.execute(
        "SELECT indicator_id, CAST(period_start AS VARCHAR), area_id FROM indicator_values WHERE suppressed"
    ).fetchall():
        present[(period, area)].add(indicator)
    return [
        f"indicator_values {period} {area}: rows only for {sorted(present[(period, area)])}"
        for period, area in sorted(suppressed)
        if present[(period, area)] != every
    ]


def _choices_by_subtraction(priorities: list[tuple], suppressed: set[tuple[str, str]]) -> list[str]:
    """City counts minus the published communities' leave the hidden ones' (and unknowns') choices."""
    findings = []
    hidden_by_period: dict[str, list[str]] = defaultdict(list)
    for period, area in suppressed:
        hidden_by_period[period].append(area)
    for period, hidden in hidden_by_period.items():
        residual: dict[str, int] = defaultdict(int)
        for row_period, area, problem, respondents in priorities:
            if row_period == period and respondents is not None:
                residual[problem] += respondents if area == "ALL" else -respondents
        chosen = [problem for problem, count in residual.items() if count > 0]
        if len(hidden) == 1 and chosen:
            findings.append(f"citizen_priorities {period} {hidden[0]}: choices {sorted(chosen)} recovered")
        elif len(chosen) == 1:
            findings.append(f"citizen_priorities {period} {sorted(hidden)}: all chose {chosen[0]}")
    return findings


@dataclass(frozen=True)
class GroupCell:
    """One published row of survey_group_indicators."""

    indicator_id: str
    period_start: str
    dimension: str
    group_value: str
    area_id: str
    value: float | None
    sample_size: int | None
    suppressed: bool


def group_key(indicator_id: str, dimension: str, group_value: str) -> str:
    """The name a group's cells go by in claims and in the truth: ``sv_x[sex=female]``."""
    return f"{indicator_id}[{dimension}={group_value}]"


def _has_table(connection: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(
        connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
        ).fetchone()[0]
    )


def load_group_cells(connection: duckdb.DuckDBPyConnection) -> list[GroupCell]:
    rows = connection.execute(
        "SELECT indicator_id, CAST(period_start AS VARCHAR), dimension, group_value, area_id, value, "
        "sample_size, suppressed FROM survey_group_indicators ORDER BY ALL"
    ).fetchall()
    return [GroupCell(*row) for row in rows]


def group_indicator_quarters(
    cells: Sequence[GroupCell], totals: Sequence[IndicatorQuarter]
) -> Iterator[IndicatorQuarter]:
    """Each group's cells as an indicator-quarter of its own: the city group figure and its community
    cells, attacked like the totals (the populations and the size bound are the totals')."""
    populations = {
        cell.area_id: cell.population for total in totals for cell in total.published + total.suppressed
    }
    bounds = {total.period_start: total.size_bound for total in totals}
    grouped: dict[tuple[str, str, str, str], list[GroupCell]] = defaultdict(list)
    for cell in cells:
        grouped[(cell.indicator_id, cell.period_start, cell.dimension, cell.group_value)].append(cell)
    for (indicator_id, period, dimension, group), members in grouped.items():
        city = next((cell for cell in members if cell.area_id == "ALL"), None)
        if city is None:
            continue
        communities = [cell for cell in members if cell.area_id != "ALL" and cell.area_id in populations]
        yield IndicatorQuarter(
            indicator_id=group_key(indicator_id, dimension, group),
            period_start=period,
            city_value=None if city.suppressed else city.value,
            city_sample_size=None if city.suppressed else city.sample_size,
            city_ci=None,
            published=tuple(
                Cell(cell.area_id, populations[cell.area_id], cell.value, cell.sample_size)
                for cell in communities
                if not cell.suppressed and cell.sample_size
            ),
            suppressed=tuple(
                Cell(cell.area_id, populations[cell.area_id], None, None)
                for cell in communities
                if cell.suppressed
            ),
            size_bound=bounds.get(period, 0),
        )


def difference_group_tables(cells: Sequence[GroupCell], totals: Sequence[IndicatorQuarter]) -> list[str]:
    """Every subtraction between the group tables and the totals that leaves a hidden cell's figure."""
    return (
        _groups_of_suppressed_communities(cells, totals)
        + _community_remainders(cells, totals)
        + _city_group_remainders(cells, totals)
        + _small_city_pools(cells)
    )


def _groups_of_suppressed_communities(
    cells: Sequence[GroupCell], totals: Sequence[IndicatorQuarter]
) -> list[str]:
    hidden = {(total.period_start, cell.area_id) for total in totals for cell in total.suppressed}
    return [
        f"survey_group_indicators {cell.period_start} {cell.area_id} {cell.dimension}={cell.group_value} "
        f"{cell.indicator_id}: published for a suppressed community"
        for cell in cells
        if not cell.suppressed and cell.area_id != "ALL" and (cell.period_start, cell.area_id) in hidden
    ]


def _by_dimension(cells: Sequence[GroupCell]) -> dict[tuple[str, str, str, str], list[GroupCell]]:
    grouped: dict[tuple[str, str, str, str], list[GroupCell]] = defaultdict(list)
    for cell in cells:
        grouped[(cell.indicator_id, cell.period_start, cell.dimension, cell.area_id)].append(cell)
    return grouped


def _remainder(total_size: int | None, groups: Sequence[GroupCell]) -> tuple[int, list[str]] | None:
    """Answers of the hidden groups left after subtracting the published ones from a published total,
    when some groups are published and some are hidden; None when nothing is left to rebuild."""
    hidden = [cell.group_value for cell in groups if cell.suppressed]
    if total_size is None or not hidden or len(hidden) == len(groups):
        return None
    left = total_size - sum(cell.sample_size or 0 for cell in groups if not cell.suppressed)
    return (left, hidden) if left > 0 else None


def _community_remainders(cells: Sequence[GroupCell], totals: Sequence[IndicatorQuarter]) -> list[str]:
    sizes = {
        (total.indicator_id, total.period_start, cell.area_id): cell.sample_size
        for total in totals
        for cell in total.published
    }
    findings = []
    for (indicator, period, dimension, area), groups in _by_dimension(cells).items():
        if area == "ALL":
            continue
        remainder = _remainder(sizes.get((indicator, period, area)), groups)
        if remainder:
            findings.append(
                f"survey_group_indicators {period} {area} {dimension} {indicator}: total minus published "
                f"groups leaves {remainder[0]} answers of {remainder[1]}"
            )
    return findings


def _city_group_remainders(cells: Sequence[GroupCell], totals: Sequence[IndicatorQuarter]) -> list[str]:
    """City total minus the published city group figures (matched communities' answers only: the city
    sv_respondents also counts unknown communities, so it is not subtracted)."""
    sizes = {
        (total.indicator_id, total.period_start): total.city_sample_size
        for total in totals
        if total.indicator_id != "sv_respondents"
    }
    findings = []
    for (indicator, period, dimension, area), groups in _by_dimension(cells).items():
        if area != "ALL":
            continue
        remainder = _remainder(sizes.get((indicator, period)), groups)
        if remainder and len(remainder[1]) == 1:
            findings.append(
                f"survey_group_indicators {period} ALL {dimension} {indicator}: city minus published groups "
                f"gives {remainder[1][0]} {remainder[0]} answers"
            )
    return findings


def _small_city_pools(cells: Sequence[GroupCell]) -> list[str]:
    """A city group figure's size minus its published community cells: the hidden communities' group
    answers, which must not be a cell under the threshold."""
    by_group: dict[tuple[str, str, str, str], list[GroupCell]] = defaultdict(list)
    for cell in cells:
        by_group[(cell.indicator_id, cell.period_start, cell.dimension, cell.group_value)].append(cell)
    findings = []
    for (indicator, period, dimension, group), members in by_group.items():
        city = next((cell for cell in members if cell.area_id == "ALL"), None)
        if city is None or city.suppressed or city.sample_size is None:
            continue
        pooled = city.sample_size - sum(
            cell.sample_size or 0 for cell in members if cell.area_id != "ALL" and not cell.suppressed
        )
        if 0 < pooled < MIN_CELL:
            findings.append(
                f"survey_group_indicators {period} {dimension}={group} {indicator}: the hidden communities "
                f"hold {pooled} answers"
            )
    return findings
