"""A small hand-made survey export: published sv_* figures equal hand computation, small cells are
suppressed (with secondary suppression), and personal data never reaches a published byte."""

from __future__ import annotations

import json
import math
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.cli.run import materialize_inbox
from orchestration.defs.publish.assets import published_snapshot
from orchestration.privacy.pii import RespondentName
from orchestration.privacy.scan import scan_snapshot
from tests.support.survey_exports import areas, response, write_export

Z95 = 1.959963984540054
T_975_11 = 2.200985160082949  # Student t, 11 degrees of freedom
PHONE = "081-234-5678"
NAME = "สมชาย ใจดีมาก"


def _valid_national_id(first12: str = "110170020345") -> str:
    total = sum(int(digit) * (13 - index) for index, digit in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


NATIONAL_ID = _valid_national_id()


def write_handmade_export(path: Path) -> None:
    """A: 12 answers (life 5 x6, 7 x6; safe 9 of 12), B: 10 (life 8), C: 3 (life 4), one unknown
    community, one refusal. The first response carries personal data everywhere it can."""
    a, b, c = (area["name_th"] for area in areas(3))
    rows = [response(a, 5 if i < 6 else 7, i < 9) for i in range(12)]
    rows[0].update(
        full_name=NAME,
        phone=PHONE,
        national_id=NATIONAL_ID,
        comment=f"ติดต่อ {NAME} โทร {PHONE} บัตร {NATIONAL_ID}",
    )
    rows += [response(f"  {b} ", 8, True) for _ in range(10)]  # stray spaces still match
    rows += [response(c, 4, False) for _ in range(3)]
    rows.append(response("ชุมชนที่ไม่มีอยู่จริง", 10, True))
    rows.append(response(a, 0, False, consent="ไม่ยินยอม"))
    write_export(path, rows)


@pytest.fixture(scope="module")
def survey_run(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("survey") / "city"
    (root / "inbox" / "survey").mkdir(parents=True)
    write_handmade_export(root / "inbox" / "survey" / "handmade.csv")
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


def _wilson(yes: int, n: int) -> tuple[float, float]:
    p, z2 = yes / n, Z95 * Z95
    centre, half = p + z2 / (2 * n), Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return (centre - half) / (1 + z2 / n), (centre + half) / (1 + z2 / n)


def test_community_mean_and_rate_with_intervals(survey_run) -> None:
    root, _ = survey_run
    area_a = areas(3)[0]["area_id"]
    value, _, _, n, low, high, suppressed = _values(root, "sv_life_satisfaction_mean", area_a)
    half_width = T_975_11 * math.sqrt((12 / 11) / 12)  # sample variance of six 5s and six 7s is 12/11
    assert (value, n, suppressed) == (6.0, 12, False)
    assert (low, high) == pytest.approx((6 - half_width, 6 + half_width))

    value, numerator, denominator, n, low, high, _ = _values(root, "sv_feel_safe_night_rate", area_a)
    assert (value, numerator, denominator, n) == (0.75, 9, 12, 12)
    assert (low, high) == pytest.approx((0.4677, 0.9111), abs=1e-4)  # Wilson 9/12, by hand
    assert (low, high) == pytest.approx(_wilson(9, 12))


def test_city_mean_pools_the_suppressed_communities_into_one_stratum(survey_run) -> None:
    """A is published; B (10 answers of 8) and C (3 answers of 4) are suppressed: one pooled stratum
    weighted by their total population, estimated by the mean of their 13 pooled answers."""
    root, _ = survey_run
    population_a, population_b, population_c = (int(area["population"]) for area in areas(3))
    total = population_a + population_b + population_c
    weight_a, weight_pool = population_a / total, (population_b + population_c) / total
    pool_mean = (10 * 8 + 3 * 4) / 13
    pool_variance = (10 * (8 - pool_mean) ** 2 + 3 * (4 - pool_mean) ** 2) / 12
    expected = weight_a * 6 + weight_pool * pool_mean  # the unknown community's 10 is left out
    half_width = Z95 * math.sqrt(weight_a**2 * (12 / 11) / 12 + weight_pool**2 * pool_variance / 13)
    value, numerator, _, n, low, high, suppressed = _values(root, "sv_life_satisfaction_mean", "ALL")
    assert value == pytest.approx(expected)
    assert (numerator, n, suppressed) == (None, 25, False)
    assert (low, high) == pytest.approx((expected - half_width, expected + half_width))
    assert _values(root, "sv_respondents", "ALL")[0] == 26  # 12 + 10 + 3 + unknown; the refusal is out


def test_a_unanimous_pool_suppresses_the_city_figure(survey_run) -> None:
    """Every respondent of B and C is satisfied with services: a city figure would tell each one's answer."""
    root, _ = survey_run
    assert _values(root, "sv_service_satisfied_rate", "ALL") == (None,) * 6 + (True,)
    assert _values(root, "sv_service_satisfied_rate", areas(3)[0]["area_id"])[0] == 1.0


def test_small_cells_are_suppressed_with_secondary_suppression(survey_run) -> None:
    root, _ = survey_run
    area_a, area_b, area_c = (area["area_id"] for area in areas(3))
    for area_id in (area_c, area_b):  # C has 3 answers; B (10) is the next-smallest and goes too
        assert _values(root, "sv_life_satisfaction_mean", area_id) == (None,) * 6 + (True,)
    with duckdb.connect(str(root / "published" / "indicators.duckdb"), read_only=True) as connection:
        priorities = connection.execute(
            "SELECT area_id, respondents, share, problem_rank FROM citizen_priorities ORDER BY area_id"
        ).fetchall()
    # B and C have no rows at all; the city has none either, since its pool (B and C) all named flooding.
    assert priorities == [(area_a, 12, 1.0, 1)]


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


@pytest.fixture(scope="module")
def cumulative_run(tmp_path_factory: pytest.TempPathFactory):
    """Two downloads of one online form: day 2's 80 rows repeat day 1's 60 and add 20."""
    root = tmp_path_factory.mktemp("cumulative") / "city"
    inbox = root / "inbox" / "survey"
    inbox.mkdir(parents=True)
    a, b, _ = (area["name_th"] for area in areas(3))
    rows = [
        {
            **response(a if n % 2 else b, n % 11, n % 3 == 0),
            "submitted_at": f"17/11/2567 14:{n // 60:02d}:{n % 60:02d}",
        }
        for n in range(80)
    ]
    write_export(inbox / "form_download_2024-11-17.csv", rows[:60])
    write_export(inbox / "form_download_2024-11-18.csv", rows)
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
    a = areas(3)[0]["name_th"]
    rows = [response(a, 7, True) for _ in range(11)]
    rows.append(response("ชุมชนบ้านแขก", 6, True, full_name="บ้านแขก"))
    write_export(inbox / COMPLAINT_FILE, rows)
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
