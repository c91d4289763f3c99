"""A real PostgreSQL server for these tests: Debian's package, a throwaway cluster on 127.0.0.1 started
by scripts/postgres_cluster.sh (which installs the package when it is missing) and removed afterwards."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest
from psycopg2 import sql

from orchestration.lib.paths import SAMPLE_DIR
from tests.conftest import REPO_ROOT

CLUSTER_SCRIPT = REPO_ROOT / "scripts" / "postgres_cluster.sh"


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: str
    user: str
    password: str
    data_root: str

    def dsn(self, database: str) -> str:
        return psycopg2.extensions.make_dsn(
            host=self.host, port=self.port, user=self.user, password=self.password, dbname=database
        )

    def create_database(self, name: str) -> str:
        """A new, empty database; returns its DSN."""
        connection = psycopg2.connect(self.dsn("postgres"))
        connection.autocommit = True  # CREATE DATABASE cannot run in a transaction
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        finally:
            connection.close()
        return self.dsn(name)


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


# Nine daily exports across three months: enough for month roll-ups, finishes and a 30-day backlog,
# small enough that `make run` over them takes well under a minute.
EXPORT_DAYS = tuple(
    f"{month}-{day}" for month in ("2024-11", "2024-12", "2025-01") for day in ("01", "11", "21")
)


def with_sample_exports(root: Path) -> Path:
    """``root`` as a data root whose inbox holds the EXPORT_DAYS sample exports."""
    inbox = root / "inbox" / "service_requests"
    inbox.mkdir(parents=True)
    for day in EXPORT_DAYS:
        shutil.copy(SAMPLE_DIR / "service_requests" / f"traffy_plk_{day}.csv", inbox)
    return root


@dataclass(frozen=True)
class PlatformRun:
    """`make run` once over a few sample exports, with every PostgreSQL option of production on."""

    city_data_dir: Path
    dagster_home: Path
    instance_env: dict[str, str]
    serving_dsn: str
    output: str


@pytest.fixture(scope="session")
def platform_on_postgres(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> PlatformRun:
    from tests.e2e.conftest import CLI, cli_environment  # loads the code location: only when needed

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
