"""Validate pandas frames against the Great Expectations suites kept in ``expectations/``.

The platform validates DataFrames, never DuckDB tables directly: GX 1.x cannot validate DuckDB through
SQLAlchemy on this stack (every expectation fails with an ``IndexError``), so callers read the table
into pandas first. GX results are flattened into small frozen dataclasses so Dagster asset checks, the
ingest sensor and the CLI share one notion of "failed" and one human-readable message, and never have
to walk GX's nested result objects themselves.

A result is only a success when GX said so *and* nothing raised: an expectation whose metric raised
(a missing column, a bad row condition) is a failure, and so is a suite GX could not run at all.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orchestration.core.paths import EXPECTATIONS_DIR

if TYPE_CHECKING:
    import pandas as pd

MAX_EXAMPLES = 5
_DESCRIBED_EXAMPLES = 3
_POSITION_KEY = "_suite_position"
# GX's shared fluent objects are not documented as thread-safe; validations are fast, so serialise them.
_LOCK = threading.Lock()


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation's verdict, reduced to what a check description or metadata needs."""

    expectation_type: str
    column: str | None
    success: bool
    unexpected_count: int | None
    unexpected_examples: tuple[str, ...]
    exception: str | None
    # The rows the expectation was restricted to; without it two checks on `value` read the same.
    condition: str | None = None

    def label(self) -> str:
        on = f" on {self.column}" if self.column else ""
        where = f" where {self.condition}" if self.condition else ""
        return f"{self.expectation_type}{on}{where}"


@dataclass(frozen=True)
class SuiteResult:
    """A whole suite's verdict; ``outcomes`` follow the order of the suite file."""

    suite_name: str
    success: bool
    outcomes: tuple[ExpectationOutcome, ...]

    def failures(self) -> tuple[ExpectationOutcome, ...]:
        return tuple(outcome for outcome in self.outcomes if not outcome.success)

    def describe(self) -> str:
        """One paragraph a person can act on: which rule broke, on what, how often, with examples."""
        failures = self.failures()
        if self.success and not failures:
            return f"Suite {self.suite_name} passed all {len(self.outcomes)} expectations."
        parts = []
        for outcome in failures:
            if outcome.exception:
                parts.append(f"{outcome.label()} raised {outcome.exception.rstrip('.')}")
                continue
            text = f"{outcome.label()}: {outcome.unexpected_count} unexpected"
            if outcome.unexpected_examples:
                text += f" (e.g. {', '.join(outcome.unexpected_examples[:_DESCRIBED_EXAMPLES])})"
            parts.append(text)
        return f"Suite {self.suite_name} failed {len(failures)} of {len(self.outcomes)} expectations: " + (
            "; ".join(parts) + "."
        )

    def as_metadata(self) -> dict[str, str | int | float | bool]:
        """Flat, JSON-able values, because Dagster metadata cannot hold nested GX objects."""
        failures = self.failures()
        return {
            "suite": self.suite_name,
            "success": self.success,
            "evaluated_expectations": len(self.outcomes),
            "failed_expectations": len(failures),
            "unexpected_rows": sum(outcome.unexpected_count or 0 for outcome in failures),
            "summary": self.describe(),
        }


def load_suite_definition(name: str, expectations_dir: Path | None = None) -> dict:
    """Read ``<expectations_dir>/<name>.json``; the suites live in the repo so they are reviewed as code."""
    path = (expectations_dir or EXPECTATIONS_DIR) / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def validate_frame(
    suite_name: str,
    frame: pd.DataFrame,
    parameters: dict | None = None,
    expectations_dir: Path | None = None,
) -> SuiteResult:
    """Validate ``frame`` against a suite; ``parameters`` fill the suite's ``{"$PARAMETER": ...}`` slots.

    Never raises for a GX problem: a suite that cannot be loaded or run comes back as a failed result
    whose single outcome carries the error, so a broken check can never be mistaken for a passing one.
    """
    try:
        definition = load_suite_definition(suite_name, expectations_dir)
        return _run_suite(suite_name, definition, frame, parameters or {})
    except Exception as exc:
        return error_result(suite_name, exc)


def error_result(suite_name: str, exc: Exception) -> SuiteResult:
    """A failed result carrying ``exc``: a suite that could not run must never read as passing."""
    error = ExpectationOutcome(
        expectation_type="suite_validation",
        column=None,
        success=False,
        unexpected_count=None,
        unexpected_examples=(),
        exception=f"{type(exc).__name__}: {exc}",
    )
    return SuiteResult(suite_name=suite_name, success=False, outcomes=(error,))


@dataclass(frozen=True)
class RowFailures:
    """One expectation's verdict over a frame: the keys of the rows it rejected, or why it could not run."""

    keys: frozenset[Any]
    exception: str | None


def failing_rows(
    suite_name: str, expectations: list[dict], frame: pd.DataFrame, key: str
) -> tuple[RowFailures, ...]:
    """Which rows, named by their ``key`` column, break each expectation, from ONE validation of ``frame``.

    Follows the order of ``expectations``. An expectation that fails without naming rows is reported
    as an exception, so the caller can never read an unattributed failure as every row passing.
    """
    result_format = {"result_format": "COMPLETE", "unexpected_index_column_names": [key]}
    results = _validate(suite_name, expectations, frame, {}, {}, result_format)
    failures = []
    for res in results:
        keys = frozenset(row[key] for row in (res.result or {}).get("unexpected_index_list") or [])
        exception = _exception_text(res.exception_info)
        if not res.success and not keys and exception is None:
            exception = "the expectation failed without naming the rows it rejected"
        failures.append(RowFailures(keys=keys, exception=exception))
    return tuple(failures)


@cache
def _batch_definition() -> Any:
    """Build the ephemeral context once per process: creating it costs seconds, reusing it milliseconds."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    # tqdm bars would otherwise flood Dagster's captured stderr on every validation.
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = context.data_sources.add_pandas("frames").add_dataframe_asset("frame")
    return asset.add_batch_definition_whole_dataframe("whole_frame")


def _validate(
    suite_name: str,
    expectations: list[dict],
    frame: pd.DataFrame,
    meta: dict,
    parameters: dict,
    result_format: dict | None = None,
) -> list[Any]:
    """GX's results for ``expectations`` over ``frame``, one per expectation, in the given order."""
    import great_expectations as gx

    # GX may reorder results (errored expectations come first); tag each one to restore the file order.
    tagged = [
        {**exp, "meta": {**exp.get("meta", {}), _POSITION_KEY: position}}
        for position, exp in enumerate(expectations)
    ]
    suite = gx.ExpectationSuite(name=suite_name, expectations=tagged, meta=meta)
    options = {"result_format": result_format} if result_format else {}
    with _LOCK:
        batch = _batch_definition().get_batch(batch_parameters={"dataframe": frame})
        result = batch.validate(suite, expectation_parameters=parameters, **options)
    if len(result.results) != len(expectations):
        raise RuntimeError(f"GX returned {len(result.results)} results for {len(expectations)} expectations")
    return sorted(result.results, key=lambda res: res.expectation_config.meta[_POSITION_KEY])


def _run_suite(suite_name: str, definition: dict, frame: pd.DataFrame, parameters: dict) -> SuiteResult:
    expectations = definition.get("expectations", [])
    results = _validate(suite_name, expectations, frame, definition.get("meta", {}), parameters)
    outcomes = tuple(
        _outcome(res, expectation) for res, expectation in zip(results, expectations, strict=True)
    )
    success = all(o.success for o in outcomes)
    return SuiteResult(suite_name=suite_name, success=success, outcomes=outcomes)


def _outcome(res: Any, expectation: dict) -> ExpectationOutcome:
    exception = _exception_text(res.exception_info)
    details = res.result or {}
    return outcome_of(
        expectation,
        success=bool(res.success) and exception is None,
        unexpected_count=details.get("unexpected_count"),
        examples=tuple(str(example) for example in details.get("partial_unexpected_list") or []),
        exception=exception,
    )


def outcome_of(
    expectation: dict,
    success: bool,
    unexpected_count: int | None,
    examples: tuple[str, ...],
    exception: str | None,
) -> ExpectationOutcome:
    """An expectation's outcome, labelled from its suite-file definition (type, column, row condition)."""
    kwargs = expectation.get("kwargs", {})
    columns = kwargs.get("column_list") or [kwargs.get("column")]
    return ExpectationOutcome(
        expectation_type=expectation["type"],
        column=", ".join(str(column) for column in columns if column is not None) or None,
        success=success,
        unexpected_count=unexpected_count,
        unexpected_examples=examples[:MAX_EXAMPLES],
        exception=exception,
        condition=_condition_text(kwargs.get("row_condition")),
    )


def _exception_text(info: dict | None) -> str | None:
    """GX reports errors either flat or keyed by the metric that raised; collapse both to one string."""
    if not info:
        return None
    if "raised_exception" in info:
        return (info.get("exception_message") or "unknown error") if info["raised_exception"] else None
    messages = [entry.get("exception_message") or "unknown error" for entry in info.values()]
    return "; ".join(dict.fromkeys(messages)) or None


def _condition_text(condition: Any) -> str | None:
    if not condition:
        return None
    if isinstance(condition, str):
        return condition
    if condition.get("type") == "pass_through":
        return condition["pass_through_filter"]
    if condition.get("type") == "comparison":
        return f"{condition['column']['name']} {condition['operator']} {condition['parameter']!r}"
    return json.dumps(condition, sort_keys=True)
