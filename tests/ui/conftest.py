"""The real `dagster dev` (webserver + daemon) and Debian's Chromium, for tests that click through the UI.

Every test gets a fresh instance: a temporary DAGSTER_HOME (settings from config/dagster.yaml, telemetry
and the first-use pop-up off) and a temporary CITY_DATA_DIR whose inbox starts empty (the inbox sensor
would otherwise launch a run as soon as the daemon starts); `deliver_sample()` drops one real Traffy
export into it. The server listens on a free loopback port and runs in its own process group, which is
stopped as a whole.

Neither Playwright nor Chromium is optional here: `make test` installs both (the dev extra and
scripts/install_browser.sh), so a missing one fails the test instead of skipping it.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.support.dagster_ui import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    DagsterUI,
    dagster_dev,
    fresh_instance,
)
from tests.support.paths import BANGKOK_SAMPLE


@pytest.fixture(scope="session")
def playwright_api() -> ModuleType:
    """Playwright's sync API, after checking that it and Chromium are installed (a failure, never a skip:
    `make test` installs both)."""
    try:
        from playwright import sync_api
    except ImportError as error:
        pytest.fail(f"Playwright is not installed ({error}); run `make test-setup`")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing; run scripts/install_browser.sh (make test does)")
    fonts = subprocess.run(["fc-list", ":lang=th", "family"], capture_output=True, text=True, check=False)
    if not fonts.stdout.strip():
        pytest.fail("no Thai font, so Thai shows as boxes; run scripts/install_browser.sh (make test does)")
    sync_api.expect.set_options(timeout=30_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for stale in ARTIFACTS.glob("*.png"):  # the artefacts show the latest run only
        stale.unlink()
    return sync_api


@pytest.fixture
def dagster_ui(playwright_api: ModuleType, tmp_path: Path) -> Iterator[DagsterUI]:
    """`dagster dev` over a fresh instance and an empty inbox, stopped (with all its children) after."""
    assert BANGKOK_SAMPLE.is_file(), f"missing the vendored Traffy sample {BANGKOK_SAMPLE}"
    (ARTIFACTS / "dagster-dev.log").unlink(missing_ok=True)
    with dagster_dev(*fresh_instance(tmp_path)) as ui:
        yield ui


@pytest.fixture
def browser_page(
    request: pytest.FixtureRequest, playwright_api: ModuleType, dagster_ui: DagsterUI
) -> Iterator[object]:
    """A Chromium page (en-US, Asia/Bangkok), closed before the server stops; a screenshot on failure."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(
            locale="en-US",
            timezone_id="Asia/Bangkok",
            viewport={"width": 1600, "height": 1000},
        )
        context.set_default_timeout(30_000)
        page = context.new_page()
        try:
            yield page
        finally:
            report = getattr(request.node, "rep_call", None)
            if report is not None and report.failed:
                page.screenshot(path=str(ARTIFACTS / f"FAILED-{request.node.name}.png"), full_page=True)
            context.close()
            browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Keep the call phase's report on the item, so fixtures can tell whether the test failed."""
    report = yield
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]
    return report
