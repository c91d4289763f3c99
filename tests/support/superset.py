"""Apache Superset for the BI tests: its own environment (.venv-superset), its REST API, the sample
exports a published snapshot is built from."""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.support.paths import REPO_ROOT

SUPERSET_VENV = REPO_ROOT / ".venv-superset"
SUPERSET_CONFIG = REPO_ROOT / "tests" / "bi" / "superset_config.py"
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


def deliver(city: Path, exports: list[Path], source: str) -> None:
    inbox = city / "inbox" / source
    inbox.mkdir(parents=True, exist_ok=True)
    for export in exports:
        shutil.copyfile(export, inbox / export.name)
