"""Exports built to be attackable, run through the platform, then attacked from the snapshot alone.

Three quarters, each a shape the audit broke: one community under 10 with one secondary and one
published; two primary cells in one quarter; five suppressed cells. The attacker
(tests/support/disclosure_attack.py) knows the public populations and the documented rules, and must recover
no suppressed value, size or choice from any published table, the tables by sex and age band included
(decision 026). A deliberately leaky copy of the snapshot, publishing one group of a suppressed
community and one group of a partly hidden one, must be caught.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.cli.run import materialize_inbox
from tests.support.disclosure_attack import attack_snapshot, true_cells
from tests.support.survey_exports import areas, response, write_export

SERVICE = ["มากที่สุด", "มาก", "ปานกลาง", "น้อย", "น้อยที่สุด"]
HEALTH = ["ดีมาก", "ดี", "ปานกลาง", "ไม่ดี", "แย่มาก"]
SEXES = ["หญิง", "ชาย"]
AGES = ["24", "๔๒", "67"]
PROBLEMS = ["น้ำท่วม", "ขยะ", "ถนนและทางเท้า", "ไฟส่องสว่าง", "ฝุ่น PM2.5", "ความปลอดภัย", "ค่าครองชีพ", "อื่นๆ"]
# (day/month/B.E. year of submission, respondents per community): the communities are the first ones
# of the public areas list, in this order.
QUARTERS = {
    "2024-10-01": ("17/11/2567 10:00:00", [4, 11, 13]),  # one under 10, one secondary, one published
    "2025-01-01": ("15/02/2568 10:00:00", [3, 7, 12, 14]),  # two primary cells
    "2025-04-01": ("15/05/2568 10:00:00", [2, 3, 4, 5, 6, 11, 12, 14]),  # five suppressed
}
# Both respondents of the five-suppressed quarter's smallest community leave one question blank: which
# rows exist must not tell.
BLANK_QUESTION = ("2025-04-01", 0, "environment_satisfaction")


def _responses(rng: random.Random, groups: random.Random) -> list[dict[str, str]]:
    """The answers from ``rng``, the sex and age from ``groups``: a draw of its own, so the answers are the
    ones the totals' attack was checked on before the groups existed."""
    names = [area["name_th"] for area in areas(8)]
    rows = []
    for quarter, (submitted_at, sizes) in QUARTERS.items():
        for index, (name, size) in enumerate(zip(names, sizes, strict=False)):
            blank = {BLANK_QUESTION[2]: ""} if (quarter, index) == BLANK_QUESTION[:2] else {}
            rows += [
                response(
                    name,
                    life=rng.randint(0, 10),
                    safe=rng.random() < 0.6,
                    submitted_at=submitted_at,
                    service_satisfaction=rng.choice(SERVICE),
                    health=rng.choice(HEALTH),
                    environment_satisfaction=rng.choice(SERVICE),
                    top_problem=rng.choice(PROBLEMS),
                    sex=groups.choice(SEXES),
                    age=groups.choice(AGES),
                )
                | blank
                for _ in range(size)
            ]
    return rows


@pytest.fixture(scope="module")
def attackable_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("attackable") / "city"
    (root / "inbox" / "survey").mkdir(parents=True)
    write_export(
        root / "inbox" / "survey" / "attackable.csv", _responses(random.Random(13), random.Random(26))
    )
    with pytest.MonkeyPatch.context() as patch, dg.DagsterInstance.ephemeral() as instance:
        patch.setenv("CITY_DATA_DIR", str(root))
        assert materialize_inbox(instance).success
    return root


def test_the_exports_have_the_attackable_shapes(attackable_snapshot: Path) -> None:
    with duckdb.connect(
        str(attackable_snapshot / "published" / "indicators.duckdb"), read_only=True
    ) as connection:
        suppressed = dict(
            connection.execute(
                "SELECT CAST(period_start AS VARCHAR), count(*) FILTER (WHERE suppressed) "
                "FROM indicator_values WHERE indicator_id = 'sv_respondents' AND area_id <> 'ALL' "
                "GROUP BY ALL"
            ).fetchall()
        )
    assert suppressed == {"2024-10-01": 2, "2025-01-01": 2, "2025-04-01": 5}


def test_no_suppressed_value_size_or_choice_is_recovered(attackable_snapshot: Path) -> None:
    report = attack_snapshot(attackable_snapshot / "published" / "indicators.duckdb")
    assert report.attempted == 3 * 6  # three quarters, five sv_* indicators and sv_respondents
    assert report.group_attempted > 0  # groups with hidden community cells and a published city figure
    assert report.leaks(true_cells(attackable_snapshot / "warehouse" / "warehouse.duckdb")) == []


def _leak_one_group(snapshot: Path, warehouse: Path, suppression: str) -> None:
    """Publish, with its true figure, the women of one community hidden by sex for ``suppression``."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        period, area, value, size = connection.execute(
            "SELECT CAST(answers.period_start AS VARCHAR), answers.area_id, avg(answers.x), count(*) "
            "FROM int_survey__group_answers AS answers JOIN int_survey__group_disclosure AS disclosure "
            "USING (period_start, dimension, area_id) JOIN int_survey__disclosure AS totals "
            "USING (period_start, area_id) WHERE answers.dimension = 'sex' "
            "AND answers.group_value = 'female' "
            "AND answers.indicator_id = 'sv_feel_safe_night_rate' AND disclosure.suppressed "
            "AND totals.suppressed = (? = 'community') GROUP BY ALL ORDER BY ALL LIMIT 1",
            [suppression],
        ).fetchone()
    with duckdb.connect(str(snapshot)) as connection:
        connection.execute(
            "UPDATE survey_group_indicators SET suppressed = false, value = ?, sample_size = ? "
            "WHERE indicator_id = 'sv_feel_safe_night_rate' AND dimension = 'sex' AND group_value = 'female' "
            "AND CAST(period_start AS VARCHAR) = ? AND area_id = ?",
            [value, size, period, area],
        )


@pytest.mark.parametrize(
    ("suppression", "finding"),
    [("community", "published for a suppressed community"), ("groups", "total minus published groups")],
)
def test_a_leaky_group_table_is_caught(
    attackable_snapshot: Path, tmp_path: Path, suppression: str, finding: str
) -> None:
    leaky = tmp_path / "indicators.duckdb"
    shutil.copyfile(attackable_snapshot / "published" / "indicators.duckdb", leaky)
    _leak_one_group(leaky, attackable_snapshot / "warehouse" / "warehouse.duckdb", suppression)
    findings = attack_snapshot(leaky).findings
    assert any(finding in line for line in findings), findings
