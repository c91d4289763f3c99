"""The daemon's alerts: a run failed, a blocking check stopped the publish, data went stale.

Thin sensors: each finds its facts in the instance, lets ``orchestration/operations/alert_messages.py`` word
them and ``orchestration/operations/notify.py`` send them to the operator's targets (``CITY_ALERT_URLS``).

A blocking check that fails fails its step, so that run is a failed run too: ``blocked_publish_alert``
reports it (naming the checks) and ``run_failure_alert`` leaves it alone, so one event is one message
per target. Both watch every run in the instance (``monitor_all_code_locations``), those of
``make run`` included, as long as a daemon is running. Each starts from its first tick: runs that
failed before it was first switched on are not reported.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import dagster as dg
from dagster._core.storage.asset_check_execution_record import (
    AssetCheckExecutionRecord,
    AssetCheckExecutionRecordStatus,
)
from dagster._core.storage.tags import WILL_RETRY_TAG
from dagster._utils.error import SerializableErrorInfo

from orchestration.defs.automation.freshness import FRESHNESS_RULES, freshness_check_keys
from orchestration.defs.ingest_metadata import LAST_UPDATED
from orchestration.lake.inbox import NEVER_LANDED
from orchestration.operations.alert_messages import (
    DEFAULT_UI_BASE_URL,
    FailedCheck,
    asset_checks_url,
    gate_failed_message,
    run_failed_message,
    run_url,
    stale_message,
)
from orchestration.operations.notify import Message, deliver, parse_targets

URLS_ENV = "CITY_ALERT_URLS"
UI_BASE_URL_ENV = "CITY_UI_BASE_URL"
ALERT_INTERVAL_SECONDS = 30
_DBT_ERRORS = "Errors parsed from dbt logs:"
_TRACEBACK = "Traceback (most recent call last)"


class AlertSettings(dg.ConfigurableResource):
    """Where alerts go (``urls``: space-separated apprise URLs) and the UI their links point into.

    Built from ``CITY_ALERT_URLS`` through ``dg.EnvVar``, so the UI's resource page shows the variable's
    name, never its value: the URLs hold passwords and tokens.
    """

    urls: str = ""
    ui_base_url: str = DEFAULT_UI_BASE_URL

    def send(self, log: dg.DagsterLogManager, message: Message) -> None:
        """Deliver ``message`` to every target, logging only target labels and masked warnings."""
        targets = parse_targets(self.urls)
        if not targets:
            log.info(f"no alert target configured ({URLS_ENV} is empty), not sent: {message.title}")
            return
        delivery = deliver(message, targets)
        for warning in delivery.warnings:
            log.warning(warning)
        outcome = f"sent to {', '.join(delivery.sent) or 'no target'}"
        if delivery.failed:
            outcome += f"; NOT sent to {', '.join(delivery.failed)}"
        log.info(f"alert {outcome}: {message.title}")


def alert_settings() -> AlertSettings:
    """The resource as the code location builds it: from the environment, the URLs masked.

    An unset ``dg.EnvVar`` is an error when the resource is built, so without ``CITY_ALERT_URLS`` the
    resource holds no target instead, and every alert becomes one info line in the sensor's log.
    """
    base_url = os.environ.get(UI_BASE_URL_ENV) or DEFAULT_UI_BASE_URL
    if os.environ.get(URLS_ENV, "").strip():
        return AlertSettings(urls=dg.EnvVar(URLS_ENV), ui_base_url=base_url)
    return AlertSettings(ui_base_url=base_url)


def failed_blocking_checks(instance: dg.DagsterInstance, run_id: str) -> list[FailedCheck]:
    """The blocking checks that failed in a run, in the order they were evaluated."""
    failed = []
    for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION):
        evaluation = entry.dagster_event.asset_check_evaluation_data if entry.dagster_event else None
        if evaluation is None or evaluation.passed or not evaluation.blocking:
            continue
        if evaluation.severity != dg.AssetCheckSeverity.ERROR:
            continue
        failed.append(
            FailedCheck(
                asset=evaluation.asset_key.to_user_string(),
                check=evaluation.check_name,
                description=evaluation.description or "",
            )
        )
    return failed


def _root_cause(error: SerializableErrorInfo) -> str:
    """The innermost error's message ("RuntimeError: ..."), not Dagster's "Error occurred while executing".

    dagster-dbt's error starts with dbt's command line and log path; dbt's own words come after
    "Errors parsed from dbt logs:", and that is what an operator needs in a short message, without the
    Python traceback dbt appends.
    """
    while error.cause is not None:
        error = error.cause
    message = error.message
    if _DBT_ERRORS in message:
        message = message.split(_DBT_ERRORS, 1)[1]
    return message.split(_TRACEBACK, 1)[0].strip()  # the run's page has the traceback


def _failed_at(context: dg.RunFailureSensorContext) -> datetime:
    """When the run ended (its failure was recorded); now, if the record has no end time yet."""
    record = context.instance.get_run_record_by_id(context.dagster_run.run_id)
    ended = record.end_time if record else None
    return datetime.fromtimestamp(ended, UTC) if ended else datetime.now(UTC)


@dg.run_failure_sensor(
    name="run_failure_alert",
    monitor_all_code_locations=True,
    minimum_interval_seconds=ALERT_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Alerts the operator's targets when a run fails for a reason other than a quality check.",
)
def run_failure_alert(context: dg.RunFailureSensorContext, alerts: AlertSettings) -> None:
    """One message per failed run: the error, the failed steps, whether it will be retried."""
    run = context.dagster_run
    if failed_blocking_checks(context.instance, run.run_id):
        return  # blocked_publish_alert reports this run
    steps = [event.step_key for event in context.get_step_failure_events() if event.step_key]
    step_errors = [
        _root_cause(event.step_failure_data.error)
        for event in context.get_step_failure_events()
        if event.step_failure_data.error
    ]
    alerts.send(
        context.log,
        run_failed_message(
            job=run.job_name,
            run_id=run.run_id,
            failed_at=_failed_at(context),
            reason=(step_errors[0] if step_errors else context.failure_event.message) or "unknown",
            failed_steps=steps,
            will_retry=context.instance.get_run_by_id(run.run_id).tags.get(WILL_RETRY_TAG) == "true",
            link=run_url(alerts.ui_base_url, run.run_id),
        ),
    )


@dg.run_failure_sensor(
    name="blocked_publish_alert",
    monitor_all_code_locations=True,
    minimum_interval_seconds=ALERT_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Alerts the operator's targets when a blocking quality check stops a publish.",
)
def blocked_publish_alert(context: dg.RunFailureSensorContext, alerts: AlertSettings) -> None:
    """One message per blocked run: every failed blocking check, its table or batch, and examples."""
    checks = failed_blocking_checks(context.instance, context.dagster_run.run_id)
    if not checks:
        return  # run_failure_alert reports this run
    run_id = context.dagster_run.run_id
    alerts.send(
        context.log,
        gate_failed_message(
            run_id=run_id,
            failed_at=_failed_at(context),
            checks=checks,
            link=run_url(alerts.ui_base_url, run_id),
        ),
    )


@dataclass(frozen=True)
class StaleEvaluation:
    """A freshness check that has just turned from passing (or never evaluated) to failing."""

    check_key: dg.AssetCheckKey
    record: AssetCheckExecutionRecord


_COMPLETED = {AssetCheckExecutionRecordStatus.SUCCEEDED, AssetCheckExecutionRecordStatus.FAILED}
_HISTORY = 20


def newly_stale(
    instance: dg.DagsterInstance, check_keys: Sequence[dg.AssetCheckKey], cursor: dict[str, int]
) -> tuple[list[StaleEvaluation], dict[str, int]]:
    """The freshness checks that started failing since ``cursor`` (check key -> last record id seen).

    A check that stays failing is reported once, when it turns: the freshness sensor does not
    re-evaluate a failing check, but every run of the job does, and a source that stays quiet for a
    week is one alert, not one per run. At most one alert per check per tick, for its latest turn.
    """
    stale = []
    cursor = dict(cursor)
    for key in check_keys:
        seen = cursor.get(key.to_user_string(), 0)
        history = instance.event_log_storage.get_asset_check_execution_history(
            key, limit=_HISTORY, status=_COMPLETED
        )
        newest_first = sorted(history, key=lambda record: record.id, reverse=True)
        if not newest_first or newest_first[0].id <= seen:
            continue
        cursor[key.to_user_string()] = newest_first[0].id
        oldest_first = newest_first[::-1]
        latest_turn = None
        for previous, record in zip([None, *oldest_first], oldest_first, strict=False):
            turned = record.status == AssetCheckExecutionRecordStatus.FAILED and (
                previous is None or previous.status == AssetCheckExecutionRecordStatus.SUCCEEDED
            )
            if turned and record.id > seen:
                latest_turn = record
        if latest_turn is not None:
            stale.append(StaleEvaluation(key, latest_turn))
    return stale, cursor


def _stale_message(stale: StaleEvaluation, base_url: str) -> Message:
    evaluation = stale.record.event.dagster_event.asset_check_evaluation_data
    last = evaluation.metadata.get(LAST_UPDATED)
    known = last is not None and last.value > NEVER_LANDED
    last_update = datetime.fromtimestamp(last.value, UTC) if known else None
    asset = stale.check_key.asset_key
    return stale_message(
        asset=asset.to_user_string(),
        rule=FRESHNESS_RULES[asset],
        last_update=last_update,
        evaluated_at=datetime.fromtimestamp(stale.record.event.timestamp, UTC),
        link=asset_checks_url(base_url, asset.to_user_string()),
    )


@dg.sensor(
    name="stale_data_alert",
    minimum_interval_seconds=ALERT_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Alerts the operator's targets when a freshness check turns failing: no publish by "
    "08:00, or a source with no new export for 2 days.",
)
def stale_data_alert(context: dg.SensorEvaluationContext, alerts: AlertSettings) -> dg.SkipReason:
    """One message per freshness check that turned stale since the last tick."""
    stale, cursor = newly_stale(context.instance, freshness_check_keys, json.loads(context.cursor or "{}"))
    for evaluation in stale:
        alerts.send(context.log, _stale_message(evaluation, alerts.ui_base_url))
    context.update_cursor(json.dumps(cursor, sort_keys=True))
    return dg.SkipReason(f"{len(stale)} stale-data alert(s)" if stale else "no freshness check turned stale")


alert_sensors = [run_failure_alert, blocked_publish_alert, stale_data_alert]
