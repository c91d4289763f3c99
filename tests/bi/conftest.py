"""A real Apache Superset over a real published snapshot, for tests of what BI tools and partners read.

Superset lives in its own virtual environment (`.venv-superset`, from tests/bi/superset.lock; `make test`
builds it) and runs as a separate process: `superset run` on a free 127.0.0.1 port, with its SQLite
metadata database, secret key and admin password made fresh in a temporary folder. It boots in the
background (metadata migrations, admin user, roles: about 40 s) while the platform materializes, so the
two overlap. The test talks to it only through its REST API, as a city's own scripts or dashboards would.

A missing Superset environment fails the test instead of skipping it: `make test-setup` installs it.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.support.paths import REPO_ROOT
from tests.support.platform_runs import run_cli

SUPERSET_VENV = REPO_ROOT / ".venv-superset"
SUPERSET_CONFIG = Path(__file__).with_name("superset_config.py")
ARTIFACTS = REPO_ROOT / "test-artifacts" / "bi"
SAMPLE = REPO_ROOT / "data" / "sample"
# A slice of the bundled sample keeps the materialization short: six weeks of daily Traffy exports,
# then a few more days for the publish that runs while Superset is being queried, plus every survey wave.
FIRST_EXPORTS = sorted((SAMPLE / "service_requests").glob("traffy_plk_*.csv"))[:42]
LATER_EXPORTS = sorted((SAMPLE / "service_requests").glob("traffy_plk_*.csv"))[42:49]
SURVEY_EXPORTS = sorted(
    path for path in (SAMPLE / "survey").iterdir() if path.suffix.lower() in {".csv", ".xlsx"}
)

BOOT_TIMEOUT_S = 420
STOP_TIMEOUT_S = 30
REQUEST_TIMEOUT_S = 120


class SupersetError(AssertionError):
    """Superset answered a request with an error status."""


@dataclass
class SupersetAPI:
    """A logged-in REST API session: a JWT for authorisation plus the session cookie and CSRF token
    Superset requires on writes, exactly what an external client has to do."""

    base_url: str
    headers: dict[str, str] = field(default_factory=dict)
    opener: urllib.request.OpenerDirector = field(
        default_factory=lambda: urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
    )

    def request(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            self.base_url + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json", "Referer": self.base_url, **self.headers},
        )
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT_S) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", errors="replace")[:2000]
            raise SupersetError(f"{method} {path}: HTTP {error.code}: {detail}") from error

    def login(self, username: str, password: str) -> SupersetAPI:
        tokens = self.request(
            "POST",
            "/api/v1/security/login",
            {"username": username, "password": password, "provider": "db", "refresh": False},
        )
        self.headers["Authorization"] = f"Bearer {tokens['access_token']}"
        self.headers["X-CSRFToken"] = self.request("GET", "/api/v1/security/csrf_token/")["result"]
        return self


@dataclass(frozen=True)
class Superset:
    """The Superset process; `api()` waits for it to finish booting, then logs in."""

    base_url: str
    username: str
    password: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]

    def api(self) -> SupersetAPI:
        deadline = time.monotonic() + BOOT_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(
                    f"Superset exited with {self.process.returncode} while booting:\n{self.log_tail()}"
                )
            with (
                contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError),
                urllib.request.urlopen(self.base_url + "/health", timeout=5) as response,
            ):
                if response.status == 200:
                    return SupersetAPI(self.base_url).login(self.username, self.password)
            time.sleep(1)
        pytest.fail(f"Superset did not serve {self.base_url} within {BOOT_TIMEOUT_S} s:\n{self.log_tail()}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop_process_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM Superset's whole process group, then SIGKILL whatever is left."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=STOP_TIMEOUT_S)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=STOP_TIMEOUT_S)


@pytest.fixture(scope="session")
def superset(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Superset]:
    """Start Superset booting in the background; the first `api()` call waits until it serves."""
    superset_bin = SUPERSET_VENV / "bin" / "superset"
    if not os.access(superset_bin, os.X_OK):
        pytest.fail(f"{superset_bin} is missing; run `make test-setup` (make test does)")
    home = tmp_path_factory.mktemp("superset")
    password = secrets.token_urlsafe(16)
    env = {
        **os.environ,
        "SUPERSET_CONFIG_PATH": str(SUPERSET_CONFIG),
        "SUPERSET_SECRET_KEY": secrets.token_urlsafe(48),
        "SUPERSET_METADATA_DB": str(home / "superset.db"),
        "SUPERSET_HOME": str(home),
        "SUPERSET_ADMIN_PASSWORD": password,
        "PATH": f"{SUPERSET_VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    port = _free_port()
    boot = (
        "set -e; superset db upgrade; "
        "superset fab create-admin --username admin --firstname City --lastname Analyst "
        '--email admin@example.org --password "$SUPERSET_ADMIN_PASSWORD"; '
        f"superset init; exec superset run -h 127.0.0.1 -p {port} --with-threads"
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / "superset.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            ["bash", "-c", boot],
            cwd=home,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as a whole
        )
    try:
        yield Superset(f"http://127.0.0.1:{port}", "admin", password, process, log_path)
    finally:
        _stop_process_group(process)


def deliver(city: Path, exports: list[Path], source: str) -> None:
    inbox = city / "inbox" / source
    inbox.mkdir(parents=True, exist_ok=True)
    for export in exports:
        shutil.copyfile(export, inbox / export.name)


@pytest.fixture(scope="session")
def published_city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CITY_DATA_DIR with one publish of six weeks of service requests and every survey wave."""
    city = tmp_path_factory.mktemp("city")
    deliver(city, FIRST_EXPORTS, "service_requests")
    deliver(city, SURVEY_EXPORTS, "survey")
    result = run_cli(city)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return city
