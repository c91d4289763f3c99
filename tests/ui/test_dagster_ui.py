"""The Dagster UI as an engineer uses it (README, "The Dagster UI"): the real `dagster dev`, driven by
Chromium. The lineage shows the layers, their assets and the quality gates as asset checks; "Materialize
all" runs the platform; the run succeeds in the UI and the published snapshot is the one that run wrote.

The schedule and the inbox sensor are stopped from the Automation page first, as an operator running
the platform by hand would: otherwise the sensor, not the button, would launch the run for the export.

Screenshots land in test-artifacts/ui/ (git-ignored), with the server's log.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import duckdb
import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

    from tests.support.dagster_ui import DagsterUI

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

RUN_TIMEOUT_MS = 240_000
LAYERS = ("ingest", "staging", "reference", "intermediate", "marts", "publish")


def _expect():  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    return expect


def _shot(page: Page, ui: DagsterUI, name: str) -> None:
    page.screenshot(path=str(ui.artifacts / name))


def _open_lineage(page: Page, ui: DagsterUI, query: str = "") -> None:
    """The global asset lineage, optionally filtered with an asset selection; ready once it can launch."""
    expect = _expect()
    page.goto(ui.url("/asset-groups" + (f"~{query}" if query else "")))
    expect(page.get_by_role("button", name=re.compile(r"\bMaterialize\b")).first).to_be_enabled()


def _check_count(page: Page) -> int:
    """The number in an asset's "Checks (N)" heading."""
    heading = page.get_by_text(re.compile(r"^Checks \(\d+\)$"))
    _expect()(heading).to_be_visible()
    return int(re.search(r"\d+", heading.inner_text()).group())


def _stop_all_automations(page: Page, ui: DagsterUI) -> None:
    """Automation → select all → Actions → Stop, confirmed; the sensor and the schedule are listed."""
    expect = _expect()
    page.goto(ui.url("/automation"))
    expect(page.locator('a[href$="/sensors/inbox_arrivals"]')).to_be_visible()
    expect(page.locator('a[href$="/schedules/daily_refresh"]')).to_be_visible()
    page.get_by_text("Select all", exact=True).click()
    expect(page.get_by_role("checkbox", name="Select all")).to_be_checked()
    page.get_by_role("button", name=re.compile(r"^Actions")).click()
    page.get_by_role("menuitem", name=re.compile(r"Stop \d+ automations?$")).click()
    confirm = page.get_by_role("dialog").filter(has_text="Do you want to continue?")
    confirm.get_by_role("button", name=re.compile(r"^Stop \d+ automations?$")).click()
    expect(page.get_by_text(re.compile(r"^Successfully stopped \d+ automations?\.$"))).to_be_visible()
    _shot(page, ui, "00-automation-stopped.png")
    page.get_by_role("dialog").get_by_role("button", name="Done", exact=True).click()


def _graph(page: Page) -> Locator:
    """The lineage graph itself (an SVG), not the asset tree beside it."""
    return page.get_by_role("img").filter(has=page.get_by_text("Asset checks"))


def test_lineage_checks_and_materialize_all_from_the_ui(dagster_ui: DagsterUI, browser_page: Page) -> None:
    expect = _expect()
    page, ui = browser_page, dagster_ui

    # 0. Nothing runs by itself during the test; then a Traffy export arrives in the inbox.
    _stop_all_automations(page, ui)
    delivered = ui.deliver_sample()

    # 1. The lineage: one node per layer, ingest → staging / reference → intermediate → marts → publish.
    _open_lineage(page, ui)
    for layer in LAYERS:
        expect(page.get_by_role("button", name=layer, exact=False).first).to_be_visible()
    _shot(page, ui, "01-lineage-layers.png")

    # 2. The ingest layer's assets, each with its asset-checks row, not materialized yet.
    _open_lineage(page, ui, 'group:"ingest"')
    graph = _graph(page)
    expect(graph).to_be_visible()
    for asset in ("raw_service_requests", "raw_survey_responses"):
        expect(graph.get_by_text(asset, exact=True)).to_be_visible()
    expect(graph.get_by_text("Asset checks", exact=True)).to_have_count(2)
    # Both are partitioned by Bangkok day (node data loaded: none of the days is filled yet).
    expect(graph.get_by_text("0% filled", exact=True)).to_have_count(2)
    expect(graph.get_by_text(re.compile(r"^[\d,]+ partitions$"))).to_have_count(2)
    _shot(page, ui, "02-lineage-ingest-assets.png")

    # 3. The gates are asset checks: the raw-data suite, and the publish gate beside the dbt tests.
    page.goto(ui.url("/assets/raw_service_requests?view=checks"))
    expect(page.get_by_title("batches_pass_raw_suite", exact=True)).to_be_visible()
    expect(page.get_by_title("freshness_check", exact=True)).to_be_visible()  # Dagster's, by the daemon
    page.goto(ui.url("/assets/published_snapshot?view=checks"))
    expect(page.get_by_title("freshness_check", exact=True)).to_be_visible()
    page.goto(ui.url("/assets/indicator_values?view=checks"))
    expect(page.get_by_title("publish_gate_suite", exact=True)).to_be_visible()
    dbt_test = re.compile(r"^unique_combination_of_columns_indicator_values_")
    expect(page.get_by_title(dbt_test).first).to_be_visible()
    indicator_checks = _check_count(page)
    expect(page.get_by_text(re.compile(r"^not evaluated$", re.IGNORECASE)).first).to_be_visible()
    _shot(page, ui, "03-indicator-values-checks-before-run.png")

    # 4. "Materialize all" on the lineage page asks which Bangkok days to ingest: the latest (today, the
    # day the export arrived) is one run; its toast links to the run.
    _open_lineage(page, ui)
    page.get_by_role("button", name="Materialize all").click()
    dialog = page.get_by_role("dialog").filter(has_text="Partition selection")
    dialog.get_by_role("button", name="Latest", exact=True).click()
    _shot(page, ui, "04-launch-latest-day.png")
    dialog.get_by_role("button", name="Launch 1 run", exact=True).click()
    notifications = page.get_by_role("region", name=re.compile(r"^Notifications"))
    expect(notifications.get_by_text(re.compile(r"^Launched run "))).to_be_visible(timeout=60_000)
    href = notifications.get_by_role("link", name="View").get_attribute("href")
    assert href and re.fullmatch(r"/runs/[0-9a-f-]{36}", href), href
    run_id = href.removeprefix("/runs/")

    # 5. The run page shows the run through to success (the daemon dequeues it, one process runs it).
    page.goto(ui.url(href))
    expect(page.get_by_text(re.compile(rf"\b{run_id[:8]}\b")).first).to_be_visible()  # the run's header
    status = page.get_by_text(re.compile(r"^(Success|Failure|Canceled)$")).first
    expect(status).to_be_visible(timeout=RUN_TIMEOUT_MS)
    assert status.inner_text() == "Success", f"run {run_id} ended {status.inner_text()}:\n{ui.log_tail()}"
    expect(page.get_by_role("img", name="run_success").first).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Errored \(0\)"))).to_be_visible()
    _shot(page, ui, "05-run-succeeded.png")

    # 6. The checks passed, as the UI shows them after the run.
    page.goto(ui.url("/assets/indicator_values?view=checks"))
    expect(page.get_by_title("publish_gate_suite", exact=True)).to_be_visible()
    # Each check in the list reads "Succeeded" (the open one's detail reads "Passed").
    expect(page.get_by_text(re.compile(r"^succeeded$", re.IGNORECASE))).to_have_count(indicator_checks)
    expect(page.get_by_text("Passed", exact=True).first).to_be_visible()
    _shot(page, ui, "06-indicator-values-checks-passed.png")
    _open_lineage(page, ui, 'key:"indicator_values"')
    expect(_graph(page).get_by_text("indicator_values", exact=True)).to_be_visible()
    expect(_graph(page).get_by_role("link", name=re.compile(r"Passed")).first).to_be_visible()
    _shot(page, ui, "07-lineage-indicator-values-after-run.png")

    # 7. The published snapshot is the one this run wrote, from the export that arrived.
    published = ui.city_data_dir / "published"
    assert (published / "manifest.json").is_file()
    assert (published / "indicators.duckdb").is_file()
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["dagster_run_id"] == run_id
    assert [f["name"] for f in manifest["source_files"]] == [delivered.name]
    with duckdb.connect(str(published / "indicators.duckdb"), read_only=True) as connection:
        (rows,) = connection.execute("SELECT count(*) FROM indicator_values").fetchone()
    assert rows > 0

    # 8. The publish asset's page: its latest materialization shows the manifest and, a picture, the chart
    # of the last 12 months of the city headlines (decoded by the browser, not just present as text).
    page.goto(ui.url("/assets/published_snapshot?view=events"))
    row = page.get_by_role("row").filter(has=page.get_by_text("city_headlines", exact=True))
    expect(page.get_by_role("row").filter(has=page.get_by_text("manifest", exact=True))).to_be_visible()
    row.get_by_text("[Show Markdown]").click()
    chart = page.get_by_role("dialog").get_by_role("img", name="City headline indicators, last 12 months")
    expect(chart).to_be_visible()
    assert chart.evaluate("image => image.complete && image.naturalWidth") == 720
    _shot(page, ui, "08-publish-asset-headline-chart.png")
