"""A data directory and inbox files named as people name them: a quote, spaces and Thai characters.

Paths go into SQL text (DuckDB cannot bind ATTACH, COPY or a file list); pasted unquoted, a quote in
`city's data ข้อมูล` ended the string and broke the staging views, the batch review and the snapshot.
Every path now goes through orchestration.core.sql_literals.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.cli import review
from orchestration.cli.run import materialize_inbox
from tests.support.paths import REPO_ROOT

SAMPLE = REPO_ROOT / "data" / "sample"
AWKWARD_NAME = "ร้องเรียน 'ฉบับแก้' {day}.csv"


@pytest.fixture(scope="module")
def awkward_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("paths") / "city's data ข้อมูล"
    inbox = root / "inbox" / "service_requests"
    inbox.mkdir(parents=True)
    for day in ("2024-11-01", "2024-11-02"):
        shutil.copyfile(
            SAMPLE / "service_requests" / f"traffy_plk_{day}.csv", inbox / AWKWARD_NAME.format(day=day)
        )
    (root / "inbox" / "survey").mkdir()
    shutil.copyfile(
        SAMPLE / "survey" / "wave1_2567Q4.csv", root / "inbox" / "survey" / "แบบสอบถาม 'รอบ 1'.csv"
    )
    return root


def _published_files(root: Path) -> int:
    with duckdb.connect(str(root / "published" / "indicators.duckdb"), read_only=True) as connection:
        return connection.execute(
            "SELECT sum(rows) FROM data_quality_summary WHERE outcome = 'accepted'"
        ).fetchone()[0]


def test_the_whole_platform_runs_on_awkward_paths(
    awkward_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CITY_DATA_DIR", str(awkward_root))
    with dg.DagsterInstance.ephemeral() as instance:
        assert materialize_inbox(instance).success
    assert _published_files(awkward_root) > 0


def test_a_batch_with_an_awkward_name_is_rejected_and_republished(
    awkward_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CITY_DATA_DIR", str(awkward_root))
    before = _published_files(awkward_root)
    name = AWKWARD_NAME.format(day="2024-11-02")
    assert review.main(["reject", name, "--note", "operator's check: wrong day"]) == 0
    with dg.DagsterInstance.ephemeral() as instance:
        assert materialize_inbox(instance).success
    assert _published_files(awkward_root) < before
