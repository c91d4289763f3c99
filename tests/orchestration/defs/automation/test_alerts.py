"""Alerts: what each says (Thai and English), where it goes, that a failure is reported once and by the
right sensor, and that no password or token ever shows in what is logged.

Deliveries go to real receivers on 127.0.0.1 (tests/support/alert_receivers.py): an SMTP server that demands
its login and a webhook taking apprise's JSON posts under a secret path. The daemon end to end is
tests/ui/test_alerts_live.py.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from datetime import UTC, datetime

import dagster as dg
import pytest
from dagster._utils.error import SerializableErrorInfo

from orchestration.defs.automation.alerts import (
    URLS_ENV,
    AlertSettings,
    _root_cause,
    alert_settings,
    blocked_publish_alert,
    failed_blocking_checks,
    run_failure_alert,
)
from orchestration.defs.automation.freshness import FRESHNESS_RULES, PUBLISHED_SNAPSHOT
from orchestration.operations.alert_messages import (
    FailedCheck,
    gate_failed_message,
    run_failed_message,
    stale_message,
)
from orchestration.operations.notify import Message, deliver, parse_targets, redact, target_label
from tests.support.alert_receivers import SmtpReceiver, WebhookReceiver, smtp_receiver, webhook_receiver

FAILED_AT = datetime(2026, 12, 3, 11, 4, tzinfo=UTC)  # 18:04 in Bangkok
BATCH_TEXT = (
    "traffy_plk_2024-11-03.csv: 18 of 20 rows quarantined. quarantined rows by reason: "
    "malformed_csv_record 18; e.g. row 2 field record: malformed_csv_record. Decide with: "
    "python -m orchestration.cli.review --source service_requests reject traffy_plk_2024-11-03.csv"
)


class RecordingLog:
    """Stands in for a sensor's log: keeps every line it is given, by level."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, str]] = []

    def info(self, message: str) -> None:
        self.lines.append(("info", message))

    def warning(self, message: str) -> None:
        self.lines.append(("warning", message))

    def text(self) -> str:
        return "\n".join(message for _, message in self.lines)


@pytest.fixture
def receivers() -> Iterator[tuple[SmtpReceiver, WebhookReceiver]]:
    with smtp_receiver() as smtp, webhook_receiver() as hook:
        yield smtp, hook


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# What the messages say.


def test_a_run_failure_says_what_failed_in_thai_and_english_with_the_run_link() -> None:
    message = run_failed_message(
        job="city_wellbeing",
        run_id="0123456789abcdef",
        failed_at=FAILED_AT,
        reason="IO Error: Could not set lock on file warehouse.duckdb",
        failed_steps=["city_dbt_models"],
        will_retry=False,
        link="http://ui.example/runs/0123456789abcdef",
    )
    assert "การรันล้มเหลว" in message.title and "run failed (city_wellbeing)" in message.title
    assert "ล้มเหลวเมื่อ 2026-12-03 18:04 (เวลากรุงเทพฯ)" in message.body
    assert "failed at 2026-12-03 18:04 (Bangkok time)" in message.body
    assert "ระบบจะไม่รันใหม่ให้เอง" in message.body and "It will not be retried" in message.body
    assert "Reason: IO Error: Could not set lock" in message.body
    assert "Failed steps: city_dbt_models" in message.body
    assert message.body.endswith("Details: http://ui.example/runs/0123456789abcdef")
    retried = run_failed_message(
        job="city_wellbeing",
        run_id="0123456789abcdef",
        failed_at=FAILED_AT,
        reason="The run's process (pid 4242) is gone",
        failed_steps=[],
        will_retry=True,
        link="x",
    )
    assert "retried once automatically" in retried.body and "รันใหม่ให้อัตโนมัติ" in retried.body


def test_a_blocked_publish_names_the_check_the_batch_and_the_first_examples() -> None:
    checks = [FailedCheck("raw_service_requests", "batches_pass_raw_suite", BATCH_TEXT)]
    message = gate_failed_message(run_id="fedcba9876543210", failed_at=FAILED_AT, checks=checks, link="L")
    assert "ระงับการเผยแพร่" in message.title
    assert "(raw_service_requests:batches_pass_raw_suite)" in message.title
    assert "จึงไม่มีการเผยแพร่ข้อมูลชุดใหม่" in message.body and "nothing new was published" in message.body
    assert f"- raw_service_requests:batches_pass_raw_suite: {BATCH_TEXT}" in message.body
    long = [FailedCheck("indicator_values", "publish_gate_suite", "x" * 5000)] * 7
    body = gate_failed_message(run_id="r" * 16, failed_at=FAILED_AT, checks=long, link="L").body
    assert len(body) < 6000 and "… 2 more" in body  # cut, with the run page for the rest


def test_a_stale_publish_says_when_the_last_snapshot_was_made_and_what_to_check() -> None:
    message = stale_message(
        asset="published_snapshot",
        rule=FRESHNESS_RULES[PUBLISHED_SNAPSHOT],
        last_update=datetime(2026, 12, 1, 23, 10, tzinfo=UTC),
        evaluated_at=datetime(2026, 12, 3, 1, 30, tzinfo=UTC),
        link="http://127.0.0.1:3000/assets/published_snapshot?view=checks",
    )
    assert "ข้อมูลไม่เป็นปัจจุบัน" in message.title and "stale data (published_snapshot)" in message.title
    assert "ภายในเวลา 08:00 น." in message.body and "by 08:00 Bangkok time" in message.body
    assert "last updated: 2026-12-02 06:10 (Bangkok time)" in message.body
    assert "อัปเดตล่าสุด: 2026-12-02 06:10 (เวลากรุงเทพฯ)" in message.body
    assert "daily_refresh" in message.body
    never = stale_message(
        asset="raw_survey_responses",
        rule=FRESHNESS_RULES[dg.AssetKey("raw_survey_responses")],
        last_update=None,
        evaluated_at=FAILED_AT,
        link="L",
    )
    assert "last updated: never" in never.body and "ยังไม่เคยมี" in never.body


# Targets and secrets.


def test_targets_are_one_space_separated_setting() -> None:
    assert parse_targets(None) == [] and parse_targets("  \n ") == []
    assert parse_targets(" mailto://a@b.example \n json://127.0.0.1:9/x\tline://t/u ") == [
        "mailto://a@b.example",
        "json://127.0.0.1:9/x",
        "line://t/u",
    ]


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("mailto://alerts:Sm7p-Pass@mail.city.example?to=ops@city.example", "Sm7p-Pass"),
        ("line://ChannelAccessToken123/Uabc0123456789", "ChannelAccessToken123"),
        ("slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#ops", "TIiajkdnlazkcOXrIdevi7FQ"),
        (
            "https://prod-00.westus.logic.azure.com:443/workflows/abc123/triggers/manual/paths/invoke"
            "?api-version=2016-06-01&sv=1.0&sig=Teams5ig-Secret",
            "Teams5ig-Secret",
        ),
        ("json://hook.city.example/hooks/abc%2Fdef123", "abc/def123"),
    ],
)
def test_a_target_is_named_without_its_secret_and_its_secret_is_masked(url: str, secret: str) -> None:
    assert secret not in target_label(url, 3)
    assert target_label(url, 3) == f"target 3 ({url.split(':')[0]})"
    text = f"could not reach {url} ({secret})"
    assert secret not in redact(text, [url]) and "****" in redact(text, [url])


def test_one_message_reaches_each_real_receiver(receivers: tuple[SmtpReceiver, WebhookReceiver]) -> None:
    smtp, hook = receivers
    message = Message("หัวข้อ / Title", "ไทย: ข้อความ\nEnglish: text")
    delivery = deliver(message, [smtp.url(), hook.url()])
    assert (delivery.sent, delivery.failed) == (["target 1 (mailto)", "target 2 (json)"], [])
    assert [(m.title, m.body) for m in smtp.messages] == [("หัวข้อ / Title", "ไทย: ข้อความ\nEnglish: text")]
    assert [(m.title, m.body) for m in hook.messages] == [("หัวข้อ / Title", "ไทย: ข้อความ\nEnglish: text")]
    assert smtp.refused_logins == 0


def test_a_dead_or_refusing_target_fails_alone_and_its_secret_is_not_logged(
    receivers: tuple[SmtpReceiver, WebhookReceiver], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every library's records, the HTTP client's request lines included
    smtp, hook = receivers
    wrong_login = smtp.url().replace(smtp.password, "pw-wrong-guess-1234")
    dead = f"json://alerts:dead-hook-secret@127.0.0.1:{_closed_port()}/hooks/dead-path-token"
    log = RecordingLog()
    typo = "mailtoo://ops:typo-secret-99@mail.city.example"
    settings = AlertSettings(urls=" ".join([wrong_login, dead, hook.url(), typo]))
    settings.send(log, Message("t", "b"))  # type: ignore[arg-type]
    assert len(hook.messages) == 1 and smtp.messages == [] and smtp.refused_logins >= 1
    logged = log.text() + "\n" + caplog.text
    # apprise's request line is there (and reached even pytest's handler), its secret path masked
    assert f"JSON POST URL: http://127.0.0.1:{hook.port}/****/****" in caplog.text
    assert "sent to target 3 (json); NOT sent to target 1 (mailto), target 2 (json), target 4" in logged
    secrets = ("pw-wrong-guess-1234", "dead-hook-secret", "dead-path-token", "typo-secret-99")
    for secret in (*secrets, hook.token, smtp.password):
        assert secret not in logged


def test_no_target_means_no_alert_and_one_info_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(URLS_ENV, raising=False)
    log = RecordingLog()
    alert_settings().send(log, Message("a title", "b"))  # type: ignore[arg-type]
    assert log.lines == [("info", f"no alert target configured ({URLS_ENV} is empty), not sent: a title")]


def test_the_urls_come_from_the_environment_as_an_env_var_the_ui_masks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(URLS_ENV, "json://127.0.0.1:9/hooks/secret-token-42")
    monkeypatch.setenv("CITY_UI_BASE_URL", "https://dagster.city.example")
    settings = alert_settings()
    # The resource's stored config is the variable's name: that is what the UI's resource page shows.
    urls = settings._get_non_default_public_field_values()["urls"]
    assert isinstance(urls, dg.EnvVar) and urls == URLS_ENV
    assert settings.ui_base_url == "https://dagster.city.example"


# Routing: one failed run, one message, from the sensor whose job it is.


@dg.asset
def landed_rows() -> None:
    """A stand-in for a raw source."""


@dg.asset_check(asset=landed_rows, blocking=True)
def batches_pass_raw_suite() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=False, description=BATCH_TEXT)


@dg.asset(deps=[landed_rows])
def snapshot() -> None:
    """Never built while the check above blocks it."""


@dg.asset
def models() -> None:
    raise RuntimeError("IO Error: Could not set lock on file warehouse.duckdb")


def _failed_run(instance: dg.DagsterInstance, *assets: dg.AssetsDefinition) -> dg.ExecuteInProcessResult:
    result = dg.materialize([*assets, batches_pass_raw_suite], instance=instance, raise_on_error=False)
    assert not result.success
    return result


def _evaluate(sensor, instance, result, hook: WebhookReceiver) -> None:  # type: ignore[no-untyped-def]
    context = dg.build_run_status_sensor_context(
        sensor_name=sensor.name,
        dagster_event=result.get_run_failure_event(),
        dagster_instance=instance,
        dagster_run=result.dagster_run,
        resources={"alerts": AlertSettings(urls=hook.url(), ui_base_url="http://ui.example")},
    ).for_run_failure()
    sensor(context)


def test_a_failed_gate_is_one_message_from_the_gate_sensor(
    receivers: tuple[SmtpReceiver, WebhookReceiver],
) -> None:
    _, hook = receivers
    with dg.instance_for_test() as instance:
        result = _failed_run(instance, landed_rows, snapshot)
        assert failed_blocking_checks(instance, result.run_id) == [
            FailedCheck("landed_rows", "batches_pass_raw_suite", BATCH_TEXT)
        ]
        for sensor in (run_failure_alert, blocked_publish_alert):
            _evaluate(sensor, instance, result, hook)
    (message,) = hook.messages
    assert "(landed_rows:batches_pass_raw_suite)" in message.title
    assert BATCH_TEXT in message.body
    assert f"Details: http://ui.example/runs/{result.run_id}" in message.body


def test_a_failed_step_is_one_message_from_the_run_failure_sensor(
    receivers: tuple[SmtpReceiver, WebhookReceiver],
) -> None:
    _, hook = receivers
    with dg.instance_for_test() as instance:
        result = dg.materialize([models], instance=instance, raise_on_error=False)
        assert not result.success
        for sensor in (run_failure_alert, blocked_publish_alert):
            _evaluate(sensor, instance, result, hook)
    (message,) = hook.messages
    assert "run failed (__ephemeral_asset_job__)" in message.title
    assert "Reason: RuntimeError: IO Error: Could not set lock on file warehouse.duckdb" in message.body
    assert "Failed steps: models" in message.body
    assert f"Details: http://ui.example/runs/{result.run_id}" in message.body


def test_a_dbt_failure_is_told_in_dbt_s_own_words() -> None:
    dbt = SerializableErrorInfo(
        "dagster_dbt.errors.DagsterDbtCliRuntimeError: The dbt CLI process with command `dbt build` "
        "failed with exit code `2`. Errors parsed from dbt logs: Encountered an error: IO Error: "
        'Could not read from file "warehouse.duckdb": Is a directory Traceback (most recent call last): '
        'File "connections.py", line 110, in exception_handler\n',
        [],
        "DagsterDbtCliRuntimeError",
    )
    step = SerializableErrorInfo('Error occurred while executing op "city_dbt_models":', [], "E", cause=dbt)
    assert (
        _root_cause(step)
        == 'Encountered an error: IO Error: Could not read from file "warehouse.duckdb": Is a directory'
    )
