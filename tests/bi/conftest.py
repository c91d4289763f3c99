"""A real Apache Superset over a real published snapshot, for tests of what BI tools and partners read.

Superset lives in its own virtual environment (`.venv-superset`, from tests/bi/superset.lock; `make test`
builds it) and runs as a separate process: `superset run` on a free 127.0.0.1 port, with its SQLite
metadata database, secret key and admin password made fresh in a temporary folder. It boots in the
background (metadata migrations, admin user, roles: about 40 s) while the platform materializes, so the
two overlap. The test talks to it only through its REST API, as a city's own scripts or dashboards would.

A missing Superset environment fails the test instead of skipping it: `make test-setup` installs it.
"""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.platform_runs import run_cli
from tests.support.servers import free_port, stop_process_group
from tests.support.superset import (
    ARTIFACTS,
    FIRST_EXPORTS,
    STOP_TIMEOUT_S,
    SUPERSET_CONFIG,
    SUPERSET_VENV,
    SURVEY_EXPORTS,
    Superset,
    deliver,
)


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
    port = free_port()
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
        stop_process_group(process, STOP_TIMEOUT_S)


@pytest.fixture(scope="session")
def published_city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CITY_DATA_DIR with one publish of six weeks of service requests and every survey wave."""
    city = tmp_path_factory.mktemp("city")
    deliver(city, FIRST_EXPORTS, "service_requests")
    deliver(city, SURVEY_EXPORTS, "survey")
    result = run_cli(city)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return city
