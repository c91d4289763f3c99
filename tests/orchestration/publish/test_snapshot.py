"""Publishing mechanics: a snapshot is built aside, switched to in one rename, readable by DuckDB 1.x."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import duckdb
import pytest

from orchestration.cli.snapshots import main as snapshots_main
from orchestration.publish.snapshot import (
    activate_snapshot,
    build_snapshot,
    complete_snapshots,
    current_publish_id,
    prune_snapshots,
    rollback,
)
from tests.support.paths import REPO_ROOT
from tests.support.snapshot_fixtures import publish_small_snapshot, small_warehouse

DUCKDB1_PYTHON = REPO_ROOT / ".venv-duckdb1" / "bin" / "python"


def test_build_copies_tables_to_duckdb_and_parquet(tmp_path: Path) -> None:
    counts = publish_small_snapshot(tmp_path / "published", small_warehouse(tmp_path / "w.duckdb", 7), "p1")
    assert counts == {"indicator_values": 7, "areas": 1}
    published = tmp_path / "published"
    with duckdb.connect(str(published / "indicators.duckdb"), read_only=True) as connection:
        assert connection.execute("SELECT publish_id FROM snapshot_info").fetchone() == ("p1",)
        parquet = published / "parquet" / "areas.parquet"
        assert connection.execute(f"SELECT name_th FROM '{parquet}'").fetchone() == ("ชุมชนวัดใหญ่",)


def test_activation_switches_every_stable_name_at_once(tmp_path: Path) -> None:
    published = tmp_path / "published"
    publish_small_snapshot(published, small_warehouse(tmp_path / "a.duckdb", 3), "p1")
    publish_small_snapshot(published, small_warehouse(tmp_path / "b.duckdb", 5), "p2")
    assert current_publish_id(published) == "p2"
    # The stable names are links through `current`, so one rename moved all of them.
    for name in ("indicators.duckdb", "parquet", "manifest.json"):
        assert os.readlink(published / name) == f"current/{name}"
        assert (published / name).resolve().parent.name == "p2"
    with duckdb.connect(str(published / "indicators.duckdb"), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM indicator_values").fetchone() == (5,)


def test_prune_keeps_the_newest_and_never_the_current(tmp_path: Path) -> None:
    published = tmp_path / "published"
    warehouse = small_warehouse(tmp_path / "w.duckdb", 1)
    for publish_id in ("p1", "p2", "p3", "p4"):
        publish_small_snapshot(published, warehouse, publish_id)
    assert prune_snapshots(published, keep=2) == ["p1", "p2"]
    assert sorted(path.name for path in (published / "snapshots").iterdir()) == ["p3", "p4"]
    activate_snapshot(published, "p3")  # an operator rolled back
    assert prune_snapshots(published, keep=0) == ["p4"]
    assert current_publish_id(published) == "p3"


def test_a_failed_build_leaves_the_current_snapshot_alone(tmp_path: Path) -> None:
    published = tmp_path / "published"
    warehouse = small_warehouse(tmp_path / "w.duckdb", 2)
    publish_small_snapshot(published, warehouse, "p1")
    with pytest.raises(duckdb.CatalogException):
        build_snapshot(warehouse, published / "snapshots" / "p2", ["no_such_table"], "p2")
    assert current_publish_id(published) == "p1"


@pytest.mark.skipif(not DUCKDB1_PYTHON.exists(), reason="run through `make test`, which builds .venv-duckdb1")
def test_duckdb_1_0_readers_can_open_the_snapshot(tmp_path: Path) -> None:
    publish_small_snapshot(tmp_path / "published", small_warehouse(tmp_path / "w.duckdb", 4), "p1")
    script = (
        "import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
        "print(duckdb.__version__, c.execute('SELECT count(*) FROM indicator_values').fetchone()[0])"
    )
    output = subprocess.run(
        [str(DUCKDB1_PYTHON), "-c", script, str(tmp_path / "published" / "indicators.duckdb")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert output == ["1.0.0", "4"]


def test_a_half_written_snapshot_is_pruned_and_never_rolled_back_to(tmp_path: Path) -> None:
    published = tmp_path / "published"
    warehouse = small_warehouse(tmp_path / "w.duckdb", 1)
    publish_small_snapshot(published, warehouse, "p1")
    build_snapshot(warehouse, published / "snapshots" / "p2", ["areas"], "p2")  # crashed before its manifest
    publish_small_snapshot(published, warehouse, "p3")
    assert complete_snapshots(published) == ["p1", "p3"]
    assert rollback(published) == "p1"
    assert prune_snapshots(published) == ["p2"]


def test_rollback_is_one_command_and_switches_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITY_DATA_DIR", str(tmp_path))
    published = tmp_path / "published"
    publish_small_snapshot(published, small_warehouse(tmp_path / "a.duckdb", 3), "p1")
    publish_small_snapshot(published, small_warehouse(tmp_path / "b.duckdb", 5), "p2")
    assert snapshots_main(["rollback"]) == 0
    with duckdb.connect(str(published / "indicators.duckdb"), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM indicator_values").fetchone() == (3,)
    assert snapshots_main(["rollback", "--to", "p2"]) == 0
    assert current_publish_id(published) == "p2"
    assert snapshots_main(["rollback", "--to", "nope"]) == 2
