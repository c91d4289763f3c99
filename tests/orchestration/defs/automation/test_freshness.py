"""Freshness the daemon evaluates: Dagster's last-update checks on the raw sources and the snapshot, the
sensor that runs them without any run of the job, and the stale-data alert they raise, on a real
instance with the clock moved on as if the schedule had been stopped.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import pytest
from dagster._core.test_utils import freeze_time

from orchestration.definitions import defs
from orchestration.defs.automation.alerts import AlertSettings, stale_data_alert
from orchestration.defs.automation.freshness import (
    PUBLISHED_SNAPSHOT,
    freshness_checks,
    freshness_checks_sensor,
)
from orchestration.defs.ingest_metadata import landing_metadata
from orchestration.defs.service_requests.assets import RAW_SERVICE_REQUESTS
from orchestration.defs.survey.assets import RAW_SURVEY
from orchestration.operations.alert_messages import bangkok_time
from orchestration.sources.service_requests.lander import ensure_schema_files, land_file
from orchestration.sources.service_requests.source import service_request_lake
from orchestration.sources.survey.source import survey_lake
from tests.support.alert_receivers import WebhookReceiver, webhook_receiver
from tests.support.paths import BANGKOK_SAMPLE

BANGKOK = ZoneInfo("Asia/Bangkok")
FRESHNESS_JOB = dg.define_asset_job("freshness_only", selection=dg.AssetSelection.checks(*freshness_checks))
CHECKS = dg.Definitions.merge(defs, dg.Definitions(jobs=[FRESHNESS_JOB]))


@pytest.fixture
def hook() -> Iterator[WebhookReceiver]:
    with webhook_receiver() as receiver:
        yield receiver


def _evaluate_checks(instance: dg.DagsterInstance, at: datetime) -> dict[str, bool]:
    """Run the freshness checks as the sensor's run would, with the clock at ``at``."""
    with freeze_time(at):
        result = CHECKS.resolve_job_def("freshness_only").execute_in_process(instance=instance)
    return {
        evaluation.asset_key.to_user_string(): evaluation.passed
        for evaluation in result.get_asset_check_evaluations()
    }


def _alert(instance: dg.DagsterInstance, hook: WebhookReceiver, cursor: str | None) -> str | None:
    """One tick of the stale-data alert; returns its new cursor."""
    context = dg.build_sensor_context(
        instance=instance, cursor=cursor, resources={"alerts": AlertSettings(urls=hook.url())}
    )
    stale_data_alert(context)
    return context.cursor


def _about(asset: str, hook: WebhookReceiver) -> list:
    return [message for message in hook.messages if f"({asset})" in message.title]


def _latest_ten_past_six(before: datetime) -> datetime:
    local = before.astimezone(BANGKOK)
    candidate = local.replace(hour=6, minute=10, second=0, microsecond=0)
    return candidate if candidate <= local else candidate - timedelta(days=1)


def _next_half_past_eight(after: datetime) -> datetime:
    local = after.astimezone(BANGKOK)
    candidate = local.replace(hour=8, minute=30, second=0, microsecond=0)
    return candidate if candidate > local else candidate + timedelta(days=1)


def test_a_missed_morning_publish_fails_the_check_and_alerts_once(hook: WebhookReceiver) -> None:
    with dg.instance_for_test() as instance:
        # The schedule's publish of the latest Bangkok morning (06:10), whatever the hour the test runs:
        # a publish after 08:00 belongs to no morning's window.
        with freeze_time(_latest_ten_past_six(datetime.now(UTC))):
            instance.report_runless_asset_event(dg.AssetMaterialization(asset_key=PUBLISHED_SNAPSHOT))
        published_at = datetime.fromtimestamp(
            instance.get_latest_materialization_event(PUBLISHED_SNAPSHOT).timestamp, UTC
        )
        morning = _next_half_past_eight(published_at)
        assert _evaluate_checks(instance, morning)["published_snapshot"] is True
        cursor = _alert(instance, hook, None)
        assert _about("published_snapshot", hook) == []  # (the raw sources never landed: stale)

        # The schedule is stopped: no run, no publish. The daemon's sensor asks for the check anyway.
        next_morning = morning + timedelta(days=1)
        with freeze_time(next_morning):
            context = dg.build_sensor_context(instance=instance, repository_def=defs.get_repository_def())
            request = freshness_checks_sensor.evaluate_tick(context).run_requests[0]
        assert dg.AssetCheckKey(PUBLISHED_SNAPSHOT, "freshness_check") in request.asset_check_keys

        assert _evaluate_checks(instance, next_morning)["published_snapshot"] is False
        cursor = _alert(instance, hook, cursor)
        cursor = _alert(instance, hook, cursor)  # the next tick: nothing new
        assert _evaluate_checks(instance, next_morning + timedelta(days=1))["published_snapshot"] is False
        _alert(instance, hook, cursor)  # still stale: not a new alert

    (message,) = _about("published_snapshot", hook)
    assert "stale data (published_snapshot)" in message.title
    assert f"last updated: {bangkok_time(published_at)} (Bangkok time)" in message.body
    assert "by 08:00 Bangkok time" in message.body and "ภายในเวลา 08:00 น." in message.body
    assert "/assets/published_snapshot?view=checks" in message.body


def test_a_source_is_as_fresh_as_its_newest_landed_export_not_its_latest_run(
    city_data_dir: Path, hook: WebhookReceiver
) -> None:
    inbox = city_data_dir / "inbox" / "service_requests"
    shutil.copy(BANGKOK_SAMPLE, inbox)
    lake = service_request_lake()
    ensure_schema_files(lake)
    land_file(inbox / BANGKOK_SAMPLE.name, lake, 1)
    landed_at = datetime.now(UTC)
    with dg.instance_for_test() as instance:

        def ingest_run_over_an_empty_inbox(at: datetime) -> None:
            """What each later run reports: nothing new landed, the newest landing unchanged."""
            with freeze_time(at):
                for key, layout in ((RAW_SERVICE_REQUESTS, lake), (RAW_SURVEY, survey_lake())):
                    instance.report_runless_asset_event(
                        dg.AssetMaterialization(
                            asset_key=key, partition="2024-11-01", metadata=landing_metadata([], 0, layout)
                        )
                    )

        ingest_run_over_an_empty_inbox(landed_at)
        fresh = _evaluate_checks(instance, landed_at + timedelta(days=1))
        assert (fresh["raw_service_requests"], fresh["raw_survey_responses"]) == (True, False)  # never
        cursor = _alert(instance, hook, None)
        assert len(_about("raw_survey_responses", hook)) == 1 and _about("raw_service_requests", hook) == []
        hook.messages.clear()

        ingest_run_over_an_empty_inbox(landed_at + timedelta(days=3))
        stale = _evaluate_checks(instance, landed_at + timedelta(days=3))
        assert stale["raw_service_requests"] is False  # the run was recent, the export is not
        _alert(instance, hook, cursor)
    (message,) = hook.messages
    assert "stale data (raw_service_requests)" in message.title
    assert "a new export lands at least every 2 days" in message.body
    assert f"last updated: {bangkok_time(landed_at)}" in message.body
