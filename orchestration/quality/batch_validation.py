"""Validate many landed batches against a row-level GX suite at once, with one verdict per batch.

Validating each batch's rows through GX costs a fixed ~0.2 s per batch whatever its size, so a year of
daily files took over a minute. Here DuckDB scans the rows of all batches once and, per batch and per
expectation of the suite, counts the rows the expectation considers, the rows it would reject and a few
examples; GX then validates that summary (one row per batch) in ONE validation, each summary expectation
requiring the batch's share of passing rows to reach the rule's ``mostly`` (1.0 when absent). That is
exactly GX's own success test, ``(considered - unexpected) / considered >= mostly``, with nothing
considered counting as a pass, so every batch gets the verdict the row-level validation would give it.

The suite files stay the one statement of the rules, reviewed as code. Only the expectation types and
arguments the raw suites use are translated; anything else is refused, and a refusal fails every batch
rather than passing any. See docs/decisions/011-raw-gates-in-one-validation.md.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orchestration.core.sql_literals import sql_string
from orchestration.quality.gx_validation import (
    MAX_EXAMPLES,
    SuiteResult,
    error_result,
    failing_rows,
    load_suite_definition,
    outcome_of,
)

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

BATCH = "batch_id"
# GX leaves nulls out of every column rule but not_be_null; NaN counts as null in pandas.
_FLOAT_TYPES = {"FLOAT", "DOUBLE", "REAL"}
_COMMON_KWARGS = {"column", "row_condition", "mostly"}
_RULE_KWARGS = {
    "expect_column_values_to_not_be_null": set(),
    "expect_column_values_to_be_between": {"min_value", "max_value"},
    "expect_column_values_to_be_in_set": {"value_set"},
    "expect_column_values_to_not_be_in_set": {"value_set"},
}


class UnsupportedExpectation(ValueError):
    """The suite uses an expectation or argument this translation does not reproduce exactly."""


def validate_batches(
    suite_name: str,
    connection: duckdb.DuckDBPyConnection,
    rows: str,
    batch_ids: Sequence[str],
    expectations_dir: Path | None = None,
) -> dict[str, SuiteResult]:
    """The verdict of ``suite_name`` for each batch in ``batch_ids``, over the rows of query ``rows``.

    ``rows`` must yield a ``batch_id`` column plus the columns the suite names. A batch without rows
    passes, as an empty frame does in GX. A suite that cannot be translated or validated fails every
    batch with the error; an error reading the rows (the lake) propagates, so nothing is recorded.
    """
    try:
        expectations = load_suite_definition(suite_name, expectations_dir).get("expectations", [])
        types = dict(connection.execute(f"SELECT column_name, column_type FROM (DESCRIBE {rows})").fetchall())
        query = summary_query(expectations, rows, types)
    except Exception as exc:
        return dict.fromkeys(batch_ids, error_result(suite_name, exc))
    summary = connection.execute(query).df().set_index(BATCH).reindex(list(batch_ids))
    try:
        return _verdicts(suite_name, expectations, summary)
    except Exception as exc:
        return dict.fromkeys(batch_ids, error_result(suite_name, exc))


def summary_query(expectations: list[dict], rows: str, column_types: dict[str, str]) -> str:
    """One row per batch: for expectation i, ``share_i`` of considered rows passing, ``unexpected_i``
    and ``examples_i``; ``share_i`` is NULL when the expectation considers no row of the batch."""
    measures = []
    for position, expectation in enumerate(expectations):
        considered, unexpected, value = _rule_sql(expectation, column_types)
        measures += [
            f"count(*) FILTER (WHERE {considered}) AS considered_{position}",
            f"count(*) FILTER (WHERE {considered} AND {unexpected}) AS unexpected_{position}",
            f"list({value}) FILTER (WHERE {considered} AND {unexpected})[1:{MAX_EXAMPLES}] "
            f"AS examples_{position}",
        ]
    shares = [
        f"(considered_{i} - unexpected_{i})::DOUBLE / NULLIF(considered_{i}, 0) AS share_{i}, "
        f"unexpected_{i}, examples_{i}"
        for i in range(len(expectations))
    ]
    return (
        f"WITH counted AS (SELECT {BATCH}, {', '.join(measures)} FROM ({rows}) GROUP BY {BATCH}) "
        f"SELECT {', '.join([BATCH, *shares])} FROM counted"
    )


def _rule_sql(expectation: dict, column_types: dict[str, str]) -> tuple[str, str, str]:
    """(rows considered, rows rejected among them, the value to show) for one row-level expectation."""
    kind = expectation.get("type")
    kwargs = expectation.get("kwargs", {})
    if kind not in _RULE_KWARGS:
        raise UnsupportedExpectation(f"{kind} cannot be validated per batch")
    unknown = set(kwargs) - _COMMON_KWARGS - _RULE_KWARGS[kind]
    if unknown:
        raise UnsupportedExpectation(f"{kind} with {sorted(unknown)} cannot be validated per batch")
    column = kwargs["column"]
    if column not in column_types:
        raise UnsupportedExpectation(f"column {column!r} is not among the rows validated")
    value = _identifier(column)
    is_null = (
        f"({value} IS NULL OR isnan({value}))" if column_types[column] in _FLOAT_TYPES else f"{value} IS NULL"
    )
    condition = _condition_sql(kwargs.get("row_condition"))
    if kind == "expect_column_values_to_not_be_null":
        return condition, is_null, value
    considered = f"{condition} AND NOT {is_null}"
    if kind == "expect_column_values_to_be_between":
        bounds = [
            f"{value} {operator} {_literal(kwargs[bound])}"
            for bound, operator in (("min_value", ">="), ("max_value", "<="))
            if kwargs.get(bound) is not None
        ]
        if not bounds:
            raise UnsupportedExpectation("expect_column_values_to_be_between needs a bound")
        return considered, f"NOT ({' AND '.join(bounds)})", value
    members = f"{value} IN ({', '.join(_literal(item) for item in kwargs['value_set'])})"
    if kind == "expect_column_values_to_be_in_set":
        return considered, f"NOT {members}", value
    return considered, members, value


def _condition_sql(condition: Any) -> str:
    """GX's ``column == value`` row condition; a NULL column matches no row, as in pandas."""
    if not condition:
        return "TRUE"
    if not (isinstance(condition, dict) and condition.get("type") == "comparison"):
        raise UnsupportedExpectation(f"row_condition {condition!r} cannot be validated per batch")
    if condition.get("operator") != "==":
        raise UnsupportedExpectation(f"row_condition operator {condition.get('operator')!r} is not ==")
    return f"{_identifier(condition['column']['name'])} = {_literal(condition['parameter'])}"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return repr(value)
    if isinstance(value, str):
        return sql_string(value)
    raise UnsupportedExpectation(f"{value!r} cannot be compared per batch")


def _verdicts(suite_name: str, expectations: list[dict], summary: pd.DataFrame) -> dict[str, SuiteResult]:
    """Run GX once over the summary and read each batch's outcome of each expectation from it."""
    checks = [
        {
            "type": "expect_column_values_to_be_between",
            "kwargs": {"column": f"share_{position}", "min_value": expectation["kwargs"].get("mostly", 1.0)},
            "meta": expectation.get("meta", {}),
        }
        for position, expectation in enumerate(expectations)
    ]
    frame = summary[[f"share_{i}" for i in range(len(expectations))]].reset_index()
    failures = failing_rows(f"{suite_name}_per_batch", checks, frame, key=BATCH)
    verdicts = {}
    for batch_id, row in summary.iterrows():
        outcomes = tuple(
            outcome_of(
                expectation,
                success=failed.exception is None and batch_id not in failed.keys,
                unexpected_count=0 if math.isnan(row[f"share_{i}"]) else int(row[f"unexpected_{i}"]),
                examples=_examples(row[f"examples_{i}"]),
                exception=failed.exception,
            )
            for i, (expectation, failed) in enumerate(zip(expectations, failures, strict=True))
        )
        success = all(outcome.success for outcome in outcomes)
        verdicts[str(batch_id)] = SuiteResult(suite_name=suite_name, success=success, outcomes=outcomes)
    return verdicts


def _examples(values: Any) -> tuple[str, ...]:
    """DuckDB hands lists back as arrays; no unexpected row, or a batch without rows, as a missing value."""
    if not hasattr(values, "__len__"):
        return ()
    return tuple(str(value) for value in list(values)[:MAX_EXAMPLES])
