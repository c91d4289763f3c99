"""The committed sample data is exactly what scripts/generate_sample_data.py produces, and keeps its mess.

Downstream tests and the README's first run rely on this data exercising every reader rule (two layouts,
BOMs, two timestamp forms, multi-line fields, rows to quarantine), so each property is asserted here
rather than trusted to stay true when someone tweaks the generator.
"""

from __future__ import annotations

import csv
import io
import math
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from tests.support.paths import REPO_ROOT

REPO = REPO_ROOT
SCRIPT = REPO / "scripts" / "generate_sample_data.py"
COMMITTED = {"sample": REPO / "data" / "sample", "seeds": REPO / "dbt_project" / "seeds"}
CITY_CENTRE = (16.8211, 100.2659)
BOM = b"\xef\xbb\xbf"
PUBLIC_DUMP_HEADER = (
    "ticket_id,type,organization,comment,coords,photo,photo_after,address,subdistrict,district,"
    "province,timestamp,state,star,count_reopen,last_activity"
)
API_V2_HEADER = (
    "ticket_id,type,organization,description,photo,latitude,longitude,address,subdistrict,district,"
    "province,timestamp,photo_after,timestamp_inprogress,timestamp_finished,org_finished,status,"
    "confirmed,star,count_reopen,last_activity"
)
UTC_FORM = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?\+00$")
BANGKOK_FORM = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")

ExportRows = dict[str, list[dict[str, str]]]  # file name -> its rows, by column name


def generate(target: Path) -> Path:
    """Run the script as a user would, into ``target``; a crash fails the test with its stderr."""
    command = [sys.executable, str(SCRIPT), "--out-dir", str(target / "sample")]
    result = subprocess.run(
        [*command, "--seeds-dir", str(target / "seeds")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return target


def tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("generated"))


@pytest.fixture(scope="module")
def areas(generated: Path) -> list[dict[str, str]]:
    with (generated / "seeds" / "ref_areas.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def exports(generated: Path) -> dict[str, bytes]:
    """File name -> raw bytes of every daily service-request export."""
    folder = generated / "sample" / "service_requests"
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.csv"))}


@pytest.fixture(scope="module")
def export_rows(exports: dict[str, bytes]) -> ExportRows:
    return {
        name: list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        for name, raw in exports.items()
    }


def parseable(stamp: str) -> bool:
    """One of the two Traffy forms and a real date and time (``2025-02-30 25:61:00`` is neither)."""
    if not (UTC_FORM.match(stamp) or BANGKOK_FORM.match(stamp)):
        return False
    try:
        datetime.fromisoformat(stamp)
    except ValueError:
        return False
    return True


def all_rows(export_rows: ExportRows) -> list[dict[str, str]]:
    return [row for rows in export_rows.values() for row in rows]


def test_generator_is_deterministic_and_matches_the_committed_files(generated: Path, tmp_path: Path) -> None:
    first, second = tree(generated), tree(generate(tmp_path))
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == [], "two runs with the same seed differ"
    differing = [
        name
        for name, content in first.items()
        if (COMMITTED[name.split("/")[0]] / name.split("/", 1)[1]).read_bytes() != content
    ]
    assert not differing, f"committed files are stale, re-run {SCRIPT.name}: {differing[:5]}"
    committed_exports = sorted(p.name for p in (COMMITTED["sample"] / "service_requests").iterdir())
    produced_exports = sorted(name.rsplit("/", 1)[1] for name in first if "/service_requests/" in name)
    assert committed_exports == produced_exports


def test_areas_header_count_and_unique_names(areas: list[dict[str, str]], generated: Path) -> None:
    header = (generated / "seeds" / "ref_areas.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "area_id,name_th,name_en,population,households,centroid_lat,centroid_lon"
    assert 55 <= len(areas) <= 65
    for column in ("area_id", "name_th", "name_en"):
        assert len({area[column] for area in areas}) == len(areas), f"duplicate {column}"
    assert all(re.fullmatch(r"PLK-C\d\d", area["area_id"]) for area in areas)


def test_population_sums_to_the_city(areas: list[dict[str, str]]) -> None:
    populations = [int(area["population"]) for area in areas]
    assert 67_500 <= sum(populations) <= 68_500
    assert all(400 <= population <= 2_500 for population in populations)
    for area in areas:
        assert 2.6 <= int(area["population"]) / int(area["households"]) <= 3.2 + 0.01


def test_centroids_inside_the_municipality_and_apart(areas: list[dict[str, str]]) -> None:
    points = [(float(area["centroid_lat"]), float(area["centroid_lon"])) for area in areas]
    assert all(distance_m(*CITY_CENTRE, lat, lon) <= 3_000 for lat, lon in points)
    closest = min(distance_m(*a, *b) for n, a in enumerate(points) for b in points[n + 1 :])
    assert closest >= 250


def test_both_layouts_present_and_switch_on_2025_05_01(exports: dict[str, bytes]) -> None:
    assert len(exports) == 365
    for name, raw in exports.items():
        header = raw.decode("utf-8-sig").split("\n", 1)[0]
        expected = PUBLIC_DUMP_HEADER if name < "traffy_plk_2025-05-01.csv" else API_V2_HEADER
        assert header == expected, name


def test_some_public_dump_files_carry_a_bom(exports: dict[str, bytes]) -> None:
    with_bom = sorted(name for name, raw in exports.items() if raw.startswith(BOM))
    assert with_bom, "no file starts with a UTF-8 BOM"
    assert all(name.endswith("-01.csv") and name < "traffy_plk_2025-05-01.csv" for name in with_bom)


def test_rows_to_quarantine_are_present_but_rare_per_file(export_rows: ExportRows) -> None:
    def rejected(row: dict[str, str]) -> bool:
        return row["ticket_id"] == "" or not parseable(row["timestamp"])

    rows = all_rows(export_rows)
    assert 5 <= sum(row["ticket_id"] == "" for row in rows) <= 20
    assert 1 <= sum(row["ticket_id"] != "" and rejected(row) for row in rows) <= 10
    for name, file_rows in export_rows.items():
        assert sum(map(rejected, file_rows)) <= 0.06 * len(file_rows), name


def test_some_comments_span_several_lines(export_rows: ExportRows) -> None:
    texts = [row.get("comment", row.get("description", "")) for row in all_rows(export_rows)]
    assert any("\n" in text for text in texts)
    assert any('"' in text for text in texts) and any("," in text for text in texts)


def test_both_timestamp_forms_present(export_rows: ExportRows) -> None:
    stamps = [
        row[column]
        for row in all_rows(export_rows)
        for column in ("timestamp", "last_activity")
        if parseable(row[column])
    ]
    assert any(UTC_FORM.match(stamp) and "." in stamp for stamp in stamps), "no UTC timestamp with a fraction"
    assert sum(bool(BANGKOK_FORM.match(stamp)) for stamp in stamps) > 100, "no Bangkok-local timestamps"
