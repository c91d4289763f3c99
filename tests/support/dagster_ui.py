"""The real `dagster dev` (webserver + daemon) on a fresh instance, for tests that drive the UI.

A fresh instance is a temporary DAGSTER_HOME (settings from config/dagster.yaml, telemetry and the
first-use pop-up off) and a temporary CITY_DATA_DIR whose inbox starts empty (the inbox sensor would
otherwise launch a run as soon as the daemon starts). The server listens on a free loopback port and
runs in its own process group, which is stopped as a whole.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.support.paths import BANGKOK_SAMPLE, REPO_ROOT
from tests.support.servers import free_port, stop_process_group

ARTIFACTS = REPO_ROOT / "test-artifacts" / "ui"
CHROMIUM = Path("/usr/bin/chromium")

SERVER_START_TIMEOUT_S = 180
SERVER_STOP_TIMEOUT_S = 30
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Nothing but the loopback server: no DNS look-ups, no calls home.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


@dataclass(frozen=True)
class DagsterUI:
    base_url: str
    city_data_dir: Path
    dagster_home: Path
    artifacts: Path
    log_path: Path
    process: subprocess.Popen[bytes]

    def url(self, path: str) -> str:
        return self.base_url + path

    def deliver_sample(self) -> Path:
        """One real Traffy export into the service-request inbox (small, so the run stays short)."""
        target = self.city_data_dir / "inbox" / "service_requests" / BANGKOK_SAMPLE.name
        shutil.copyfile(BANGKOK_SAMPLE, target)  # copyfile: the fixture's mode stays behind
        return target

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]


def _write_instance_config(dagster_home: Path) -> None:
    settings = yaml.safe_load((REPO_ROOT / "config" / "dagster.yaml").read_text(encoding="utf-8")) or {}
    settings["telemetry"] = {"enabled": False}
    settings["nux"] = {"enabled": False}  # the first-use pop-up covers the UI
    (dagster_home / "dagster.yaml").write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")


def _wait_until_serving(ui: DagsterUI) -> None:
    """Poll /server_info until the webserver answers; fail at once if `dagster dev` has exited."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if ui.process.poll() is not None:
            pytest.fail(f"dagster dev exited with {ui.process.returncode} before serving:\n{ui.log_tail()}")
        try:
            with urllib.request.urlopen(ui.url("/server_info"), timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    pytest.fail(
        f"dagster dev did not serve {ui.base_url} within {SERVER_START_TIMEOUT_S} s:\n{ui.log_tail()}"
    )


def _default_interrupts() -> None:
    """`dagster dev` treats SIGTERM as SIGINT; a runner started in the background inherits SIGINT ignored,
    and then `dagster dev` would ignore SIGTERM too and only die by SIGKILL, leaving its children behind."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def fresh_instance(root: Path) -> tuple[Path, Path]:
    """A new DAGSTER_HOME and a CITY_DATA_DIR with empty inboxes under ``root``."""
    dagster_home = root / "dagster_home"
    dagster_home.mkdir()
    _write_instance_config(dagster_home)
    city = root / "city"
    (city / "inbox" / "service_requests").mkdir(parents=True)
    (city / "inbox" / "survey").mkdir(parents=True)
    return city, dagster_home


@contextlib.contextmanager
def dagster_dev(
    city: Path, dagster_home: Path, log_name: str = "dagster-dev.log", **extra_env: str
) -> Iterator[DagsterUI]:
    """`dagster dev` (webserver + daemon) over ``city`` and ``dagster_home``, stopped as a whole after."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / log_name
    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "CITY_DATA_DIR": str(city),
        "DAGSTER_HOME": str(dagster_home),
        "GX_ANALYTICS_ENABLED": "False",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        **extra_env,
    }
    port = free_port()
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [str(bin_dir / "dagster"), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so it can be stopped as a whole
            preexec_fn=_default_interrupts,
        )
    ui = DagsterUI(f"http://127.0.0.1:{port}", city, dagster_home, ARTIFACTS, log_path, process)
    try:
        _wait_until_serving(ui)
        yield ui
    finally:
        stop_process_group(process, SERVER_STOP_TIMEOUT_S)
