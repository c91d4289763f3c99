"""A small hand-made survey export: published sv_* figures equal hand computation, small cells are
suppressed (with secondary suppression), and personal data never reaches a published byte."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import dagster as dg
import duckdb
import pytest
import yaml

from orchestration.defs.publish.snapshot import published_snapshot
from orchestration.lib.pii import RespondentName
from orchestration.lib.pii_scan import scan_snapshot
from orchestration.run import materialize_inbox
from tests.conftest import REPO_ROOT

Z95 = 1.96
PHONE = "081-234-5678"
NAME = "สมชาย ใจดีมาก"


def _valid_national_id(first12: str = "110170020345") -> str:
    total = sum(int(digit) * (13 - index) for index, digit in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


NATIONAL_ID = _valid_national_id()


def _areas() -> list[dict[str, str]]:
    with (REPO_ROOT / "dbt_project" / "seeds" / "ref_areas.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))[:3]


def _headers() -> dict[str, str]:
    instrument = yaml.safe_load(
        (REPO_ROOT / "config" / "survey_instruments" / "plk_wellbeing_v1.yaml").read_text(encoding="utf-8")
    )
    return {name: spec["header"] for name, spec in instrument["fields"].items()}


def _response(community: str, life: int, safe: bool, consent: str = "ยินยอม", **extra: str) -> dict[str, str]:
    return {
        "submitted_at": "17/11/2567 14:03:21",  # B.E. 2567 = 2024, fourth quarter
        "consent": consent,
        "community": community,
        "sex": "หญิง",
        "age": "๔๒",  # Thai digits
        "life_satisfaction": str(life),
        "service_satisfaction": "มาก",
        "feel_safe_night": "ใช่" if safe else "ไม่ใช่",
        "health": "ดี",
        "environment_satisfaction": "ปานกลาง",
        "top_problem": "น้ำท่วม",
        "comment": "",
        **extra,
    }


def write_export(path: Path) -> None:
    """A: 12 answers (life 5 x6, 7 x6; safe 9 of 12), B: 10 (life 8), C: 3 (life 4), one unknown
    community, one refusal. The first response carries personal data everywhere it can."""
    a, b, c = (area["name_th"] for area in _areas())
    rows = [_response(a, 5 if i < 6 else 7, i < 9) for i in range(12)]
    rows[0].update(
        full_name=NAME,
        phone=PHONE,
        national_id=NATIONAL_ID,
        comment=f"ติดต่อ {NAME} โทร {PHONE} บัตร {NATIONAL_ID}",
    )
    rows += [_response(f"  {b} ", 8, True) for _ in range(10)]  # stray spaces still match
    rows += [_response(c, 4, False) for _ in range(3)]
    rows.append(_response("ชุมชนที่ไม่มีอยู่จริง", 10, True))
    rows.append(_response(a, 0, False, consent="ไม่ยินยอม"))
    headers = _headers()
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers.values())
        for row in rows:
            writer.writerow(row.get(name, "") for name in headers)


@pytest.fixture(scope="module")
def survey_run(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("survey") / "city"
    (root / "inbox" / "survey").mkdir(parents=True)
    write_export(root / "inbox" / "survey" / "handmade.csv")
    instance = dg.DagsterInstance.ephemeral()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CITY_DATA_DIR", str(root))
        result = materialize_inbox(instance)
        assert result.success
        yield root, instance


def _values(root: Path, indicator_id: str, area_id: str) -> tuple:
    with duckdb.connect(str(root / "published" / "indicators.duckdb"), read_only=True) as connection:
        return connection.execute(
            "SELECT value, numerator, denominator, sample_size, ci_low, ci_high, suppressed "
            "FROM indicator_values "
            "WHERE indicator_id = ? AND area_id = ? AND period_start = DATE '2024-10-01'",
            [indicator_id, area_id],
        ).fetchone()


def test_community_mean_and_rate_with_intervals(survey_run) -> None:
    root, _ = survey_run
    area_a = _areas()[0]["area_id"]
    value, _, _, n, low, high, suppressed = _values(root, "sv_life_satisfaction_mean", area_a)
    half_width = Z95 * math.sqrt((12 / 11) / 12)  # sample variance of six 5s and six 7s is 12/11
    assert (value, n, suppressed) == (6.0, 12, False)
    assert (low, high) == pytest.approx((6 - half_width, 6 + half_width))

    value, numerator, denominator, n, low, high, _ = _values(root, "sv_feel_safe_night_rate", area_a)
    half_width = Z95 * math.sqrt((2.25 / 11) / 12)  # 9 ones and 3 zeros: sample variance 2.25/11
    assert (value, numerator, denominator, n) == (0.75, 9, 12, 12)
    assert (low, high) == pytest.approx((0.75 - half_width, min(1.0, 0.75 + half_width)))  # clipped to [0, 1]


def test_city_mean_is_population_weighted(survey_run) -> None:
    root, _ = survey_run
    populations = [int(area["population"]) for area in _areas()]
    weights = [population / sum(populations) for population in populations]
    expected = weights[0] * 6 + weights[1] * 8 + weights[2] * 4  # the unknown community's 10 is left out
    half_width = Z95 * math.sqrt(weights[0] ** 2 * (12 / 11) / 12)  # B and C have zero variance
    value, numerator, _, n, low, high, suppressed = _values(root, "sv_life_satisfaction_mean", "ALL")
    assert value == pytest.approx(expected)
    assert (numerator, n, suppressed) == (None, 25, False)
    assert (low, high) == pytest.approx((expected - half_width, expected + half_width))
    assert _values(root, "sv_respondents", "ALL")[0] == 26  # 12 + 10 + 3 + unknown; the refusal is out


def test_small_cells_are_suppressed_with_secondary_suppression(survey_run) -> None:
    root, _ = survey_run
    _, area_b, area_c = (area["area_id"] for area in _areas())
    for area_id in (area_c, area_b):  # C has 3 answers; B (10) is the next-smallest and goes too
        assert _values(root, "sv_life_satisfaction_mean", area_id) == (None,) * 6 + (True,)
    with duckdb.connect(str(root / "published" / "indicators.duckdb"), read_only=True) as connection:
        priorities = connection.execute(
            "SELECT area_id, respondents, share, suppressed FROM citizen_priorities ORDER BY area_id"
        ).fetchall()
    assert (area_c, None, None, True) in priorities
    assert (area_b, None, None, True) in priorities
    assert ("ALL", 26, 1.0, False) in priorities


def test_refusal_is_counted_in_the_quality_report(survey_run) -> None:
    root, _ = survey_run
    with duckdb.connect(str(root / "published" / "indicators.duckdb"), read_only=True) as connection:
        rows = dict(
            connection.execute(
                "SELECT coalesce(reason, outcome), rows FROM data_quality_summary WHERE source = 'survey'"
            ).fetchall()
        )
    assert rows["accepted"] == 26
    assert rows["no_consent"] == 1
    assert rows["unmatched_community"] == 1


def test_personal_data_reaches_no_published_byte_nor_the_lake(survey_run) -> None:
    root, _ = survey_run
    needles = [PHONE.encode(), PHONE.replace("-", "").encode(), NATIONAL_ID.encode(), NAME.encode()]
    for folder in (root / "published" / "current", root / "lake", root / "quarantine", root / "warehouse"):
        for path in folder.resolve().rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert not [needle for needle in needles if needle in data], path
    respondents = [RespondentName(NAME, "handmade.csv", 1)]
    assert scan_snapshot((root / "published" / "current").resolve(), respondents) == []


def test_personal_data_planted_in_a_published_table_blocks_publishing(survey_run) -> None:
    root, instance = survey_run
    before = (root / "published" / "current").resolve()
    with duckdb.connect(str(root / "warehouse" / "warehouse.duckdb")) as connection:
        connection.execute(
            f"UPDATE areas SET name_en = 'call {PHONE}' WHERE area_id = (SELECT min(area_id) FROM areas)"
        )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CITY_DATA_DIR", str(root))
        publish_only = dg.materialize([published_snapshot], instance=instance, raise_on_error=False)
    assert not publish_only.success
    failure = publish_only.get_step_failure_events()[0].step_failure_data.error.message
    assert "personal-data scan" in failure and "phone" in failure
    assert (root / "published" / "current").resolve() == before


def _write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    headers = _headers()
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers.values())
        for row in rows:
            writer.writerow(row.get(name, "") for name in headers)


@pytest.fixture(scope="module")
def cumulative_run(tmp_path_factory: pytest.TempPathFactory):
    """Two downloads of one online form: day 2's 80 rows repeat day 1's 60 and add 20."""
    root = tmp_path_factory.mktemp("cumulative") / "city"
    inbox = root / "inbox" / "survey"
    inbox.mkdir(parents=True)
    a, b, _ = (area["name_th"] for area in _areas())
    rows = [
        {
            **_response(a if n % 2 else b, n % 11, n % 3 == 0),
            "submitted_at": f"17/11/2567 14:{n // 60:02d}:{n % 60:02d}",
        }
        for n in range(80)
    ]
    _write_rows(inbox / "form_download_2024-11-17.csv", rows[:60])
    _write_rows(inbox / "form_download_2024-11-18.csv", rows)
    instance = dg.DagsterInstance.ephemeral()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CITY_DATA_DIR", str(root))
        assert materialize_inbox(instance).success
    return root


def test_cumulative_downloads_count_each_response_once(cumulative_run) -> None:
    root = cumulative_run
    assert _values(root, "sv_respondents", "ALL")[0] == 80
    with duckdb.connect(str(root / "published" / "indicators.duckdb"), read_only=True) as connection:
        rows = dict(
            connection.execute(
                "SELECT coalesce(reason, outcome), rows FROM data_quality_summary WHERE source = 'survey'"
            ).fetchall()
        )
    assert (rows["accepted"], rows["duplicate_response"]) == (80, 60)  # 140 read = 80 + 60


COMPLAINT_FILE = "ร้องเรียน นายสมชาย 0812345678 2024-11-10.csv"


@pytest.fixture(scope="module")
def awkward_names_run(tmp_path_factory: pytest.TempPathFactory):
    """An export named with a complainant's phone, whose respondent typed their community as a name."""
    root = tmp_path_factory.mktemp("awkward") / "city"
    inbox = root / "inbox" / "survey"
    inbox.mkdir(parents=True)
    a = _areas()[0]["name_th"]
    rows = [_response(a, 7, True) for _ in range(11)]
    rows.append(_response("ชุมชนบ้านแขก", 6, True, full_name="บ้านแขก"))
    _write_rows(inbox / COMPLAINT_FILE, rows)
    instance = dg.DagsterInstance.ephemeral()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CITY_DATA_DIR", str(root))
        result = materialize_inbox(instance)
    return root, instance, result


def test_a_phone_in_a_file_name_and_a_community_typed_as_a_name_do_not_block_publishing(
    awkward_names_run,
) -> None:
    root, instance, result = awkward_names_run
    failures = [event.step_failure_data.error.message for event in result.get_step_failure_events()]
    assert result.success, failures
    manifest = json.loads((root / "published" / "manifest.json").read_text(encoding="utf-8"))
    assert [entry["name"] for entry in manifest["source_files"]] == [
        "ร้องเรียน นายสมชาย [phone] 2024-11-10.csv"
    ]
    warnings = [
        entry.user_message
        for entry in instance.all_logs(result.run_id)
        if entry.step_key == "published_snapshot"
    ]
    assert any(f"{COMPLAINT_FILE.replace('0812345678', '[phone]')} row 12" in text for text in warnings)
