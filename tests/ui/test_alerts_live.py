"""Alerts under the real daemon (issue 19, "Alerts"): one `dagster dev`, runs launched by the inbox sensor,
messages delivered to a real SMTP server and a real JSON webhook on 127.0.0.1.

On a fresh instance nothing has landed or been published, so the freshness checks fail at once: one
stale-data alert per check. Then, in order:

1. a run that fails in a step (the warehouse file is a folder, so dbt cannot open it): one run-failure
   message per target, and no retry;
2. a mostly-garbage export: the raw gate blocks the publish: one message per target naming the check,
   the file and example rows (and not also a run-failure message), and no retry;
3. a good run: the operator rejects the garbage batch from the launchpad (the review_batch job, launched
   through the UI's GraphQL API), and no message follows. (A good platform run after a reject is
   tests/e2e/test_blocking_gate.py; here it would only add minutes of dbt.)

Finally, neither the SMTP password nor the webhook's token appears in dagster dev's output, anywhere
under DAGSTER_HOME (event log, run and schedule storage, the sensors' logs) or in what the UI's
resource page is served.
"""

from __future__ import annotations

import json
import shutil
import time
import urllib.request
from pathlib import Path

import dagster as dg
import pytest
from dagster._core.instance import DagsterInstance, InstanceRef
from dagster._core.storage.dagster_run import DagsterRunStatus, RunsFilter
from dagster._core.storage.tags import RUN_FAILURE_REASON_TAG, WILL_RETRY_TAG

from tests.support.alert_receivers import Received, smtp_receiver, webhook_receiver
from tests.support.dagster_ui import ARTIFACTS, DagsterUI, dagster_dev, fresh_instance
from tests.support.live import wait_for, write_garbage_export
from tests.support.paths import REPO_ROOT

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

SAMPLE = REPO_ROOT / "data" / "sample" / "service_requests"
UI_BASE_URL = "https://dagster.city.example"
WAIT_S = 420
QUIET_S = 35  # longer than the alert sensors' interval (30 s)
FINISHED = {DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED}
STALE, RUN_FAILED, BLOCKED = "stale data", "run failed", "blocked publishing"


def _kind(message: Received) -> str:
    return next(kind for kind in (STALE, RUN_FAILED, BLOCKED) if kind in message.title)


def _sensor_runs(instance: dg.DagsterInstance) -> list[dg.DagsterRun]:
    return list(instance.get_runs(filters=RunsFilter(tags={"dagster/sensor_name": "inbox_arrivals"})))


def _new_finished_run(instance: dg.DagsterInstance, known: set[str]) -> dg.DagsterRun | None:
    """The sensor's finished run that is not one of ``known``, once there is one."""
    runs = [r for r in _sensor_runs(instance) if r.status in FINISHED and r.run_id not in known]
    return runs[0] if runs else None


def _drop(inbox: Path, source: Path | None = None, name: str | None = None) -> str:
    """Put an export into the inbox whole (written aside, then renamed in) and aged past the settle time."""
    name = name or (source.name if source else "export.csv")
    staging = inbox.parent / f".staging-{name}"
    if source is None:
        write_garbage_export(staging, "2024-11-02")
    else:
        shutil.copyfile(source, staging)
    staging.rename(inbox / name)
    return name


def _resource_page(ui: DagsterUI) -> tuple[str, list[dict[str, str]]]:
    """What the UI's resource pages are served (the raw text), and the alerts resource's values."""
    query = (
        "{ repositoriesOrError { ... on RepositoryConnection { nodes { allTopLevelResourceDetails "
        "{ name configuredValues { key value type } } } } } }"
    )
    served = _graphql(ui, query)
    (repository,) = served["data"]["repositoriesOrError"]["nodes"]
    (alerts,) = [r for r in repository["allTopLevelResourceDetails"] if r["name"] == "alerts"]
    return json.dumps(served, ensure_ascii=False), alerts["configuredValues"]


def _graphql(ui: DagsterUI, query: str, variables: dict | None = None) -> dict:
    request = urllib.request.Request(
        ui.url("/graphql"),
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read().decode())


LAUNCH = """
mutation Launch($params: ExecutionParams!) {
  launchRun(executionParams: $params) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on PythonError { message }
  }
}
"""


def _launch_review(ui: DagsterUI, instance: dg.DagsterInstance, batch: str) -> dg.DagsterRun:
    """Launch review_batch (reject ``batch``) as the UI's launchpad does, and wait for its end."""
    locations = _graphql(
        ui, "{ repositoriesOrError { ... on RepositoryConnection { nodes { location { name } } } } }"
    )
    (location,) = {node["location"]["name"] for node in locations["data"]["repositoriesOrError"]["nodes"]}
    config = {"batch": batch, "action": "reject", "note": "garbage export", "decided_by": "operator"}
    params = {
        "selector": {
            "repositoryLocationName": location,
            "repositoryName": "__repository__",
            "jobName": "review_batch",
        },
        "runConfigData": {"ops": {"decide_on_batch": {"config": config}}},
    }
    launched = _graphql(ui, LAUNCH, {"params": params})["data"]["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    run_id = launched["run"]["runId"]

    def finished() -> dg.DagsterRun | None:
        run = instance.get_run_by_id(run_id)
        return run if run and run.status in FINISHED else None

    return wait_for(finished, "the review_batch run", ui.log_tail, WAIT_S)


def test_each_failure_alerts_every_target_once_and_a_good_run_alerts_none(tmp_path: Path) -> None:
    city, dagster_home = fresh_instance(tmp_path)
    inbox = city / "inbox" / "service_requests"
    (ARTIFACTS / "alerts-live.log").unlink(missing_ok=True)
    with smtp_receiver() as smtp, webhook_receiver() as hook:
        targets = {"mailto": smtp, "json": hook}
        env = {
            "CITY_ALERT_URLS": f"{smtp.url()} {hook.url()}",
            "CITY_UI_BASE_URL": UI_BASE_URL,
            "CITY_INBOX_SETTLE_SECONDS": "2",
        }

        def kinds() -> dict[str, list[str]]:
            return {name: [_kind(m) for m in t.messages] for name, t in targets.items()}

        def each_target_has(expected: list[str]) -> bool:
            return all(sorted(found) == sorted(expected) for found in kinds().values())

        with (
            dagster_dev(city, dagster_home, "alerts-live.log", **env) as ui,
            DagsterInstance.from_ref(InstanceRef.from_dir(str(dagster_home))) as instance,
        ):
            # 0. A fresh instance: nothing landed or published, every freshness check fails once.
            wait_for(
                lambda: each_target_has([STALE] * 3),
                "the stale-data alerts of a fresh instance",
                ui.log_tail,
                WAIT_S,
            )

            # 1. A run that fails in a step (the warehouse file is a folder).
            (city / "warehouse" / "warehouse.duckdb").mkdir(parents=True)
            _drop(inbox, SAMPLE / "traffy_plk_2024-11-01.csv")
            failed = wait_for(
                lambda: _new_finished_run(instance, set()), "the failing run", ui.log_tail, WAIT_S
            )
            assert failed.status == DagsterRunStatus.FAILURE, ui.log_tail()
            (city / "warehouse" / "warehouse.duckdb").rmdir()

            # 2. A garbage export: the raw gate blocks the publish.
            garbage = _drop(inbox, name="traffy_plk_2024-11-02.csv")
            blocked = wait_for(
                lambda: _new_finished_run(instance, {failed.run_id}), "the blocked run", ui.log_tail, WAIT_S
            )
            assert blocked.status == DagsterRunStatus.FAILURE, ui.log_tail()
            expected = [STALE] * 3 + [RUN_FAILED, BLOCKED]
            wait_for(
                lambda: each_target_has(expected),
                "one run-failure and one blocked-publish alert",
                ui.log_tail,
                WAIT_S,
            )

            # 3. A good run: the operator rejects the batch from the launchpad (the review_batch job).
            good = _launch_review(ui, instance, garbage)
            assert good.status == DagsterRunStatus.SUCCESS, ui.log_tail()
            time.sleep(QUIET_S)
            final = kinds()
            runs = list(instance.get_runs())
            resource_page, alert_values = _resource_page(ui)
            failed, blocked = instance.get_run_by_id(failed.run_id), instance.get_run_by_id(blocked.run_id)

    # Exactly one message per target per event, the good run none.
    for name, found in final.items():
        assert sorted(found) == sorted([STALE] * 3 + [RUN_FAILED, BLOCKED]), (name, found)
    # Neither failed run was retried: both failed in a step, not because the machine killed them.
    for run in (failed, blocked):
        assert (run.tags[RUN_FAILURE_REASON_TAG], run.tags[WILL_RETRY_TAG]) == ("STEP_FAILURE", "false")
    assert not [run for run in runs if run.parent_run_id], [run.run_id for run in runs]

    for name, receiver in targets.items():
        by_kind = {_kind(message): message for message in receiver.messages}
        run_failed, gate = by_kind[RUN_FAILED], by_kind[BLOCKED]
        assert "การรันล้มเหลว" in run_failed.title and "run failed (city_wellbeing)" in run_failed.title
        assert "ข้อมูลที่เผยแพร่ยังคงเป็นชุดเดิม" in run_failed.body and "will not be retried" in run_failed.body
        assert "Failed steps: city_dbt_models" in run_failed.body, (name, run_failed.body)
        assert "Reason: Encountered an error: IO Error" in run_failed.body  # dbt's words, not its command
        assert f"Details: {UI_BASE_URL}/runs/{failed.run_id}" in run_failed.body
        assert "raw_service_requests:batches_pass_raw_suite" in gate.title
        assert "การตรวจคุณภาพข้อมูลไม่ผ่าน" in gate.body and "nothing new was published" in gate.body
        assert f"{garbage}:" in gate.body and "e.g. row" in gate.body
        assert f"reject {garbage}" in gate.body
        assert f"Details: {UI_BASE_URL}/runs/{blocked.run_id}" in gate.body
        stale = sorted(m.title.rsplit("(", 1)[1] for m in receiver.messages if _kind(m) == STALE)
        assert stale == ["published_snapshot)", "raw_service_requests)", "raw_survey_responses)"]
        (ARTIFACTS / f"alerts-received-{name}.txt").write_text(
            "\n\n".join(f"{m.title}\n{m.body}" for m in receiver.messages), encoding="utf-8"
        )

    # The UI's resource page names the variable, never its value.
    assert {"key": "urls", "value": "CITY_ALERT_URLS", "type": "ENV_VAR"} in alert_values
    secrets = [smtp.password, hook.token]
    assert not [secret for secret in secrets if secret in resource_page]
    leaks = [
        str(path)
        for path in [ui.log_path, *dagster_home.rglob("*")]
        if path.is_file() and any(secret.encode() in path.read_bytes() for secret in secrets)
    ]
    assert leaks == []
