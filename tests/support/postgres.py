"""A throwaway PostgreSQL server on 127.0.0.1 (Debian's package, started by scripts/postgres_cluster.sh,
which installs it when missing), and what a platform run against it leaves behind."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import psycopg2
from psycopg2 import sql

from tests.support.paths import REPO_ROOT

CLUSTER_SCRIPT = REPO_ROOT / "scripts" / "postgres_cluster.sh"


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: str
    user: str
    password: str
    data_root: str

    def dsn(self, database: str, user: str | None = None, password: str | None = None) -> str:
        """How to connect to ``database``, as the superuser unless another role is given."""
        return psycopg2.extensions.make_dsn(
            host=self.host,
            port=self.port,
            user=user or self.user,
            password=password or self.password,
            dbname=database,
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


@dataclass(frozen=True)
class PlatformRun:
    """`make run` once over a few sample exports, with every PostgreSQL option of production on."""

    city_data_dir: Path
    dagster_home: Path
    instance_env: dict[str, str]
    serving_dsn: str
    output: str
