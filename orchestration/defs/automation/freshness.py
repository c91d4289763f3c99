"""Freshness that Dagster's daemon evaluates: Dagster's own last-update checks and their sensor.

An in-run check only runs when a run runs: a stopped schedule or a dead daemon produced no run, so no
warning either. These checks are evaluated by ``freshness_checks_sensor`` in the daemon whenever one can
have gone overdue, and by every run of the job, so a source gone quiet or a missed morning publish
shows on the asset's Checks tab and raises the stale-data alert (``orchestration/defs/automation/alerts.py``).

- raw sources: the newest landed export is at most 2 days old. A run over an empty inbox still
  materializes the ingest asset, so the ingest assets report the newest landing time as
  ``dagster/last_updated_timestamp`` (``orchestration/lake/inbox.py``), which these checks read instead
  of the materialization's time.
- ``published_snapshot``: a new snapshot every Bangkok day by 08:00 (the 06:00 schedule's publish),
  that is a publish between 00:00 and 08:00 Asia/Bangkok once 08:00 has passed.
"""

from __future__ import annotations

import warnings
from datetime import timedelta

import dagster as dg

from orchestration.defs.service_requests.assets import RAW_SERVICE_REQUESTS
from orchestration.defs.survey.assets import RAW_SURVEY
from orchestration.operations.alert_messages import FreshnessRule

PUBLISHED_SNAPSHOT = dg.AssetKey("published_snapshot")
SOURCE_MAX_SILENCE = timedelta(days=2)
PUBLISH_DEADLINE_CRON = "0 8 * * *"
PUBLISH_TIMEZONE = "Asia/Bangkok"
# From the deadline back to the start of the Bangkok day: the publish must be that day's.
PUBLISH_WINDOW = timedelta(hours=8)

# Dagster 1.13 marks these builders as superseded by asset-level FreshnessPolicy. That policy judges an
# asset by its last materialization's time, which every run refreshes whether or not an export landed,
# so it cannot say "no new export for 2 days"; these checks read the landing time (decision 018).
with warnings.catch_warnings():
    warnings.simplefilter("ignore", dg.SupersessionWarning)
    source_freshness_checks = dg.build_last_update_freshness_checks(
        assets=[RAW_SERVICE_REQUESTS, RAW_SURVEY], lower_bound_delta=SOURCE_MAX_SILENCE
    )
    publish_freshness_checks = dg.build_last_update_freshness_checks(
        assets=[PUBLISHED_SNAPSHOT],
        lower_bound_delta=PUBLISH_WINDOW,
        deadline_cron=PUBLISH_DEADLINE_CRON,
        timezone=PUBLISH_TIMEZONE,
    )
    freshness_checks = [*source_freshness_checks, *publish_freshness_checks]
    freshness_checks_sensor = dg.build_sensor_for_freshness_checks(
        freshness_checks=freshness_checks,
        name="freshness_checks_sensor",
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.RUNNING,
    )
freshness_check_keys = [spec.key for checks in freshness_checks for spec in checks.check_specs]

_SOURCE_RULE = FreshnessRule(
    expectation_th="ต้องมีไฟล์ส่งออกใหม่เข้ามาอย่างน้อยทุก 2 วัน",
    expectation_en="a new export lands at least every 2 days.",
    look_at_th="ตรวจสอบการส่งออกจากระบบต้นทางและโฟลเดอร์ inbox",
    look_at_en="Check the export from the source system and the inbox folder.",
)
FRESHNESS_RULES: dict[dg.AssetKey, FreshnessRule] = {
    RAW_SERVICE_REQUESTS: _SOURCE_RULE,
    RAW_SURVEY: _SOURCE_RULE,
    PUBLISHED_SNAPSHOT: FreshnessRule(
        expectation_th="ต้องมีการเผยแพร่ข้อมูลชุดใหม่ทุกวันภายในเวลา 08:00 น. (เวลากรุงเทพฯ)",
        expectation_en="a new snapshot is published every day by 08:00 Bangkok time.",
        look_at_th="ตรวจสอบว่า schedule daily_refresh และ daemon ทำงานอยู่ และดูการรันล่าสุด",
        look_at_en="Check that the daily_refresh schedule and the daemon are running, and the latest runs.",
    ),
}
