"""The scale generator writes what `make bench` needs: real layouts, deterministic bytes, landable files.

The benchmark's figures only mean something if the platform reads the generated files the way it reads
real exports, so these tests hand the files to the platform's own layout detection, landing and survey
instrument matching rather than re-checking the generator against itself.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from orchestration.lake.store import LakeLayout
from orchestration.sources.service_requests.lander import land_file
from orchestration.sources.service_requests.layout import LAYOUTS, detect_layout, read_header
from orchestration.sources.survey.instruments import load_instruments, match_instrument
from tests.support.scale_data import GENERATOR

TICKETS, RESPONSES, DAYS = 12_000, 600, 30
UTC_FORM = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?\+00$")
BANGKOK_FORM = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
BOM = b"\xef\xbb\xbf"


def _generate(out: Path, **overrides: int) -> dict[str, int]:
    arguments = {"tickets": TICKETS, "responses": RESPONSES, "days": DAYS} | overrides
    return GENERATOR.generate(GENERATOR.ScaleSpec(**arguments), out)


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scale") / "inbox"
    _generate(out)
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_same_arguments_give_byte_identical_files(inbox: Path, tmp_path: Path) -> None:
    _generate(tmp_path / "again")
    first = {path.relative_to(inbox): path.read_bytes() for path in inbox.rglob("*.csv")}
    second = {
        path.relative_to(tmp_path / "again"): path.read_bytes()
        for path in (tmp_path / "again").rglob("*.csv")
    }
    assert first == second
    _generate(tmp_path / "other_seed", seed=1)
    assert (tmp_path / "other_seed" / next(iter(first))).read_bytes() != first[next(iter(first))]


def test_one_export_per_bangkok_day_in_both_layouts(inbox: Path) -> None:
    files = sorted((inbox / "service_requests").iterdir())
    assert [path.name for path in files] == [
        f"traffy_{day}.csv"
        for day in (GENERATOR.DEFAULT_LAST_DAY - GENERATOR.timedelta(days=n) for n in range(DAYS - 1, -1, -1))
    ]
    layouts = [detect_layout(path).name for path in files]
    assert layouts == ["public_dump"] * (DAYS // 2) + ["exchange_api_v2"] * (DAYS - DAYS // 2)
    for path, layout in zip(files, layouts, strict=True):
        assert read_header(path) == LAYOUTS[layout]  # exactly the real columns, in the real order
        assert path.read_bytes().startswith(BOM) == path.name.endswith("-01.csv")


def test_tickets_progress_across_days_with_both_timestamp_forms(inbox: Path) -> None:
    rows = [row for path in sorted((inbox / "service_requests").iterdir()) for row in _rows(path)]
    ids = Counter(row["ticket_id"] for row in rows if row["ticket_id"])
    assert TICKETS * 0.99 <= len(ids) <= TICKETS  # a ticket created in the window is seen at least once
    assert 1.3 < sum(ids.values()) / len(ids) < 2.5  # and again when it starts and finishes
    forms = Counter(
        "utc"
        if UTC_FORM.match(row["last_activity"])
        else "bangkok"
        if BANGKOK_FORM.match(row["last_activity"])
        else "?"
        for row in rows
    )
    assert forms["?"] == 0 and forms["utc"] > 0 and forms["bangkok"] > 0
    assert {row.get("state") or row.get("status") for row in rows} >= {"รอรับเรื่อง", "เสร็จสิ้น", "รอตรวจสอบ"}
    assert {row["type"] for row in rows} >= {"{}"}
    assert any("," in row["type"] for row in rows)


def test_the_platform_lands_the_files_with_a_little_quarantine(inbox: Path, tmp_path: Path) -> None:
    lake = LakeLayout(lake_dir=tmp_path / "lake", quarantine_dir=tmp_path / "quarantine")
    records = [
        land_file(path, lake, batch_seq=seq)
        for seq, path in enumerate(sorted((inbox / "service_requests").iterdir())[::3], start=1)
    ]
    assert all(record is not None for record in records)
    read = sum(record.rows_read for record in records)
    quarantined = sum(record.rows_quarantined for record in records)
    assert 0 < quarantined < read * 0.002  # rows without an id or a timestamp, never a broken file
    assert max(record.rows_quarantined / record.rows_read for record in records) < 0.01
    codes = duckdb.sql(
        f"SELECT DISTINCT reason_code FROM read_parquet('{tmp_path}/quarantine/*.parquet')"
    ).fetchall()
    assert {code for (code,) in codes} <= {"missing_ticket_id", "unparseable_timestamp"}
    warnings = duckdb.sql(
        f"SELECT DISTINCT unnest(warnings) FROM read_parquet('{tmp_path}/lake/observations/*.parquet')"
    ).fetchall()
    assert ("coords_outside_thailand",) in warnings


def test_survey_exports_match_the_reference_instrument(inbox: Path) -> None:
    files = sorted((inbox / "survey").iterdir())
    assert files and all(path.name.startswith("survey_plk_wellbeing_v1_") for path in files)
    instruments = load_instruments()
    total = 0
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            assert match_instrument(next(reader), instruments).instrument_id == "plk_wellbeing_v1"
            rows = list(reader)
        total += len(rows)
        assert all(re.match(r"^\d\d/\d\d/25\d\d \d\d:\d\d:\d\d$", row[0]) for row in rows)  # B.E. dates
        assert all(row[-3:] == ["", "", ""] for row in rows)  # no personal data in synthetic bulk data
    assert total == RESPONSES


def test_no_responses_means_no_survey_file(tmp_path: Path) -> None:
    counts = _generate(tmp_path, tickets=500, responses=0, days=4)
    assert counts["survey_responses"] == 0
    assert not list((tmp_path / "survey").iterdir())
    assert len(list((tmp_path / "service_requests").iterdir())) == 4
