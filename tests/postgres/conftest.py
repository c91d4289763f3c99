"""A real PostgreSQL server for these tests: Debian's package, a throwaway cluster on 127.0.0.1 started
by scripts/postgres_cluster.sh (which installs the package when it is missing) and removed afterwards."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator

import pytest

from tests.support.cross_engine import with_sample_exports
from tests.support.paths import REPO_ROOT
from tests.support.platform_runs import CLI, cli_environment
from tests.support.postgres import CLUSTER_SCRIPT, PlatformRun, PostgresServer


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    started = subprocess.run(
        ["bash", str(CLUSTER_SCRIPT), "start"], capture_output=True, text=True, timeout=600, check=False
    )
    assert started.returncode == 0, f"could not start PostgreSQL:\n{started.stderr}"
    values = dict(line.split("=", 1) for line in started.stdout.splitlines() if "=" in line)
    server = PostgresServer(
        host=values["PGHOST"],
        port=values["PGPORT"],
        user=values["PGUSER"],
        password=values["PGPASSWORD"],
        data_root=values["PGDATA_ROOT"],
    )
    try:
        yield server
    finally:
        subprocess.run(["bash", str(CLUSTER_SCRIPT), "stop", server.data_root], timeout=120, check=True)


@pytest.fixture(scope="session")
def platform_on_postgres(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> PlatformRun:
    root = with_sample_exports(tmp_path_factory.mktemp("city"))
    home = tmp_path_factory.mktemp("dagster_home")
    shutil.copy(REPO_ROOT / "config" / "dagster.postgres.yaml", home / "dagster.yaml")
    postgres_server.create_database("dagster")
    instance_env = {
        "DAGSTER_PG_HOST": postgres_server.host,
        "DAGSTER_PG_PORT": postgres_server.port,
        "DAGSTER_PG_DB": "dagster",
        "DAGSTER_PG_USER": postgres_server.user,
        "DAGSTER_PG_PASSWORD": postgres_server.password,
    }
    serving_dsn = postgres_server.create_database("serving")
    environment = {
        **cli_environment(root),
        **instance_env,
        "DAGSTER_HOME": str(home),
        "CITY_SERVING_POSTGRES_DSN": serving_dsn,
    }
    result = subprocess.run(
        CLI, cwd=REPO_ROOT, env=environment, capture_output=True, text=True, timeout=900, check=False
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-5000:]
    return PlatformRun(root, home, instance_env, serving_dsn, output)
