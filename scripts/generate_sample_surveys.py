"""Generate the committed SYNTHETIC citizen-survey exports: two waves, three files, mess included.

Why this exists: the survey source (SPEC 3.2) must be exercised end to end on a fresh checkout, and
real survey exports hold personal data (names, phone numbers, national IDs) that can never be
committed. So this script invents them, with the quirks the platform must accept: a cp874 file saved
by Thai Excel with Buddhist-Era dates and Thai digits, a second wave whose form was reworded (new
mapping file, not new code) exported once to XLSX and once to a UTF-8 CSV with a BOM and C.E. dates,
stray spaces and unknown community names, blank and out-of-range answers, non-consenting responses,
and personal data in the columns and in free-text comments so the PDPA protections have something to
remove. It is deterministic: the same seed always gives byte-identical files, so CI can check that
the committed files are what the script produces.

Standard library, openpyxl (for the XLSX) and the platform's survey mapping. The community list is
read from the areas seed at run time, so surveys name exactly the communities the platform knows:

    python scripts/generate_sample_surveys.py [--out-dir data/sample/survey] [--seed 2566]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import random
import re
import sys
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import yaml

# Run as a script from anywhere: the platform's own modules (the instrument mappings) are the truth.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from orchestration.core.thai_calendar import BUDDHIST_ERA_OFFSET
from orchestration.sources.survey.instruments import ANSWER_FIELDS

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEED = 2566  # B.E. 2566 = 2023 C.E.; any integer gives another, equally valid sample
DEFAULT_OUT_DIR = REPO_ROOT / "data" / "sample" / "survey"
DEFAULT_AREAS_CSV = REPO_ROOT / "dbt_project" / "seeds" / "ref_areas.csv"
INSTRUMENTS_DIR = REPO_ROOT / "config" / "survey_instruments"

TO_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
# Fixed stamps inside the XLSX (document properties, zip entries): "now" would change every run.
XLSX_STAMP = datetime(2025, 4, 1, 9, 0, 0)
XLSX_SHEET = "การตอบกลับแบบฟอร์ม 1"  # what Google Forms names the responses sheet in Thai

# The Nan runs roughly north-south through the city near this longitude: riverside communities flood.
RIVER_LON = 100.2600
RIVER_REACH_M = 300.0
METRES_PER_DEGREE = 111_320.0

# --- instruments: read from config/survey_instruments/*.yaml, the mappings the platform lands with ---

EXTRA = "traffy_use"  # a v2 question the platform ignores: not a canonical field, not in the mapping
EXTRA_HEADER = "ท่านใช้แอปพลิเคชัน Traffy Fondue หรือไม่"
TRAFFY_LABELS = {"used": "เคยใช้", "never": "ไม่เคยใช้", "unknown": "ไม่รู้จักแอปนี้"}
# The second wave's form was rearranged too: readers must match columns by header, not position.
V2_COLUMNS = (
    "submitted_at",
    "consent",
    "community",
    "sex",
    "age",
    "health",
    "life_satisfaction",
    "service_satisfaction",
    "environment_satisfaction",
    "feel_safe_night",
    "top_problem",
    EXTRA,
    "comment",
    "full_name",
    "phone",
    "national_id",
)
# Yes/no answers are mapped to "yes"/"no"; a generated response holds them as booleans.
_YES_NO = {"yes": True, "no": False}


@dataclass(frozen=True)
class Instrument:
    """How one wave's export writes a response: its headers, column order and answer labels."""

    instrument_id: str
    headers: dict[str, str]
    columns: tuple[str, ...]
    labels: dict[str, dict[object, str]]

    @property
    def header_row(self) -> list[str]:
        return [self.headers[column] for column in self.columns]


def instrument_from_mapping(
    instrument_id: str,
    columns: Sequence[str] | None = None,
    unmapped: dict[str, tuple[str, dict[object, str]]] | None = None,
) -> Instrument:
    """The export an instrument's mapping describes: its headers, and for every answer the label the
    mapping reads back to the generated value. ``columns`` is the form's order when it is not the
    mapping's; ``unmapped`` adds questions the form asks and the mapping ignores (header, labels)."""
    mapping = yaml.safe_load((INSTRUMENTS_DIR / f"{instrument_id}.yaml").read_text(encoding="utf-8"))
    fields: dict[str, dict[str, object]] = mapping["fields"]
    extra = unmapped or {}
    return Instrument(
        instrument_id,
        {
            **{name: str(spec["header"]) for name, spec in fields.items()},
            **{name: header for name, (header, _) in extra.items()},
        },
        tuple(columns or fields),
        {
            **{
                name: {_YES_NO.get(value, value): label for label, value in spec["answers"].items()}
                for name, spec in fields.items()
                if spec.get("answers")
            },
            **{name: labels for name, (_, labels) in extra.items()},
        },
    )


V1 = instrument_from_mapping("plk_wellbeing_v1")
V2 = instrument_from_mapping("plk_wellbeing_v2", V2_COLUMNS, {EXTRA: (EXTRA_HEADER, TRAFFY_LABELS)})

# --- realism and deliberate mess ------------------------------------------------------------------------

# Relative weight of each "most urgent problem"; the season and the river change it per response.
PROBLEM_WEIGHTS = {
    "flooding": 6,
    "waste": 14,
    "roads_sidewalks": 17,
    "lighting": 10,
    "pm25": 3,
    "safety": 8,
    "cost_of_living": 20,
    "other": 4,
}
# Q4 is the tail of the flood season (Phitsanulok floods peak Sep-Oct); Q1 is the haze season.
SEASON_FACTORS = {"Q4": {"flooding": 2.0, "pm25": 0.8}, "Q1": {"flooding": 0.4, "pm25": 7.0}}
WETSIDE_NAME_PARTS = ("ริม", "คลอง", "แพ")
AGE_BANDS = ((18, 29, 16), (30, 44, 24), (45, 59, 28), (60, 74, 22), (75, 89, 10))
SEX_WEIGHTS = {"female": 53, "male": 44, "unspecified": 3}
HOUR_WEIGHTS = (0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 2, 4, 7, 9, 9, 8, 8, 9, 9, 8, 7, 6, 7, 8, 8, 6, 3, 1)
LIKERT_CUTS = (-1.8, -0.8, 0.3, 1.3)  # latent score -> 1..5
HEALTH_CUTS = (-1.7, -0.8, 0.3, 1.2)

BLANKABLE = ("sex", "age", *ANSWER_FIELDS)
P_BLANK = 0.03
P_NO_CONSENT = 0.04
P_STRAY_SPACE = 0.05
UNMATCHED_SHARE = (0.017, 0.023)
# Names that match no community in ref_areas (a new estate, a neighbouring area, "don't know").
UNMATCHED_NAMES = ("ชุมชนใหม่พัฒนา", "ชุมชนเทพารักษ์", "หมู่บ้านพฤกษาวิลล์", "ไม่ทราบ")

P_COMMENT = 0.42
P_MULTILINE = 0.02
P_EMOJI = 0.02  # UTF-8 exports only: cp874 has no emoji
POLITE = {"male": " ครับ", "female": " ค่ะ", "unspecified": ""}

P_NAME = 0.6
P_TITLE = 0.25
P_PHONE_GIVEN_NAME, P_PHONE_NO_NAME = 0.7, 0.2  # ~50% overall
P_ID_GIVEN_NAME, P_ID_NO_NAME = 0.55, 0.175  # ~40% overall
P_ID_DASHES = 0.3
P_ID_INVALID = 0.02
P_ID_AS_NUMBER = 0.3  # XLSX only: a 13-digit ID keyed into Excel becomes a number
P_COMMENT_PHONE = 0.03
P_COMMENT_ID = 0.012
P_COMMENT_NAME = 0.02

MALE_GIVEN = (
    "สมชาย", "สมศักดิ์", "ประเสริฐ", "วิชัย", "สุรชัย", "ธนากร", "ณัฐพล", "กิตติพงษ์", "อนุชา", "ชัยวัฒน์",
    "บุญเลิศ", "สมบัติ", "ประยูร", "วีระพงษ์", "ศักดิ์ชัย", "ธีรวัฒน์", "พงศกร", "อภิชาติ", "เกียรติศักดิ์", "ปิยะพงษ์",
)  # fmt: skip
FEMALE_GIVEN = (
    "สมศรี", "มาลี", "วันเพ็ญ", "สุภาพร", "ปราณี", "อรุณี", "นงลักษณ์", "กาญจนา", "ศิริพร", "พรทิพย์",
    "จันทร์เพ็ญ", "รัตนา", "ณัฐธิดา", "สุดารัตน์", "อัญชลี", "วิไลวรรณ", "บุญเรือน", "ทองใบ", "ปิยะนุช", "กนกวรรณ",
)  # fmt: skip
SURNAMES = (
    "ใจดี", "ศรีสุข", "บุญมา", "แก้วประเสริฐ", "ทองคำ", "สุขสวัสดิ์", "จันทร์หอม", "พรหมมา", "อินทร์แก้ว", "เรืองศรี",
    "มีสุข", "วงศ์สวัสดิ์", "ปานทอง", "สิทธิโชค", "ชัยมงคล", "นาคประเสริฐ", "บัวขาว", "ทองดี", "คงสมบูรณ์", "ศรีวงศ์",
    "พิมพ์ทอง", "จิตรดี", "ยอดเพชร", "ธนสาร", "รุ่งเรืองชัย", "แสงทอง", "ภูมิพันธ์", "เพชรน้ำเอก", "ขันทอง", "อ่อนศรี",
)  # fmt: skip
TITLES = {"male": ("นาย",), "female": ("นาง", "นางสาว"), "unspecified": ("",)}

COMMENTS = {
    "flooding": (
        "ขอให้ลอกท่อระบายน้ำก่อนหน้าฝน น้ำท่วมขังทุกปี",
        "น้ำจากแม่น้ำน่านล้นเข้าซอยทุกปี อยากให้ทำแนวกั้นน้ำ",
        "น้ำท่วมถนนหน้าบ้านหลายวัน รถเข้าออกไม่ได้",
    ),
    "waste": ("รถเก็บขยะมาไม่ตรงเวลา ขยะล้นถัง", "อยากให้มีจุดคัดแยกขยะในชุมชน"),
    "roads_sidewalks": ("ถนนในซอยเป็นหลุมเป็นบ่อ ขอให้ซ่อม", "ทางเท้าแคบและชำรุด ผู้สูงอายุเดินลำบาก"),
    "lighting": ("ไฟทางในซอยดับหลายจุด ตอนกลางคืนมืดมาก", "ขอเพิ่มเสาไฟริมทางไปตลาด"),
    "pm25": ("ช่วงนี้ฝุ่นควันหนักมาก อยากให้ห้ามเผาและแจกหน้ากาก", "ขอให้ฉีดพ่นน้ำลดฝุ่นในชุมชน"),
    "safety": ("อยากให้ติดกล้องวงจรปิดและมีเจ้าหน้าที่ตรวจตราตอนกลางคืน", "มีวัยรุ่นแข่งรถตอนดึก เสียงดังและอันตราย"),
    "cost_of_living": ("ของแพงขึ้นมาก อยากให้มีตลาดนัดราคาถูกในชุมชน", "อยากให้มีการฝึกอาชีพเสริม เพิ่มรายได้"),
    "other": ("อยากให้มีสวนสาธารณะและลานออกกำลังกายเพิ่ม", "สุนัขจรจัดเยอะ ขอให้ช่วยจัดการ"),
}
GENERAL_COMMENTS = (
    "โดยรวมพอใจการทำงานของเทศบาล",
    "ขอบคุณเจ้าหน้าที่ที่ลงพื้นที่ดูแล",
    'อยากให้มีโครงการ "ตลาดชุมชน" ทุกเดือน',
    "อยากให้แจ้งข่าวสารผ่านไลน์กลุ่มชุมชน, จะได้รู้ทั่วกัน",
    "-",
    "ไม่มี",
)
SECOND_LINES = ("ขอบคุณครับ/ค่ะ", "ฝากด้วยนะคะ", "รบกวนช่วยด่วน")
PHONE_PHRASES = ("ติดต่อกลับได้ที่ {}", "ถ้าจะลงพื้นที่ โทรมาที่ {} ได้เลย", "สอบถามเพิ่มเติม โทร {}")
ID_PHRASES = ("เลขบัตรประชาชน {}", "ขอรับเบี้ยผู้สูงอายุ เลขบัตร {}")
NAME_PHRASES = ("ลงชื่อ {}", "{} ผู้ตอบแบบสอบถาม", "ชื่อ {} อยู่ชุมชนนี้มา 20 ปี")


# --- data types ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """A community of the areas seed, with the fixed character its residents answer with."""

    area_id: str
    name_th: str
    population: int
    flood_factor: float
    wellbeing: float
    service: float
    environment: float
    safety: float


@dataclass
class Response:
    """One respondent's answers in canonical form, plus how the export happens to write them.

    Mutable so the deliberate mess (blanks, out-of-range values, no consent) can be injected after the
    answers were drawn consistently with each other.
    """

    submitted: datetime  # Asia/Bangkok local time
    area: Area | None  # None: the written name matches no community
    community: str  # as written in the export
    protected: bool  # in a deliberately small cell: kept clean so the cell size is exactly as documented
    consent: bool
    sex: str | None
    age: int | None
    life_satisfaction: int | None
    service_satisfaction: int | None
    feel_safe_night: bool | None
    health: int | None
    environment_satisfaction: int | None
    top_problem: str | None
    traffy_use: str
    comment: str = ""
    full_name: str = ""
    phone: str = ""
    national_id: str = ""
    age_in_thai_digits: bool = False
    life_in_thai_digits: bool = False
    excel_datetime: bool = False
    id_as_number: bool = False


@dataclass(frozen=True)
class WavePlan:
    """One export file: which instrument, when, how many responses and how its dates are written."""

    name: str
    instrument: Instrument
    quarter: str  # calendar quarter of submission, Asia/Bangkok
    first_day: date
    last_day: date
    total: tuple[int, int]
    date_style: str  # "be_seconds" | "xlsx_mixed" | "ce_minutes"
    p_thai_age: float
    p_thai_life: float
    life_eleven: int  # exact number of out-of-range life satisfaction answers (11)
    age_240: int  # exact number of out-of-range ages (240)


PII_KINDS = (
    "full_name_column",
    "name_in_comment",
    "phone_column",
    "phone_in_comment",
    "national_id_column",
    "national_id_column_valid",
    "national_id_column_invalid",
    "national_id_column_with_dashes",
    "national_id_in_comment",
)


@dataclass
class PiiLedger:
    """Every piece of personal data planted, so tests can check the platform removes all of it."""

    names: set[str] = field(default_factory=set)
    column_names: set[str] = field(default_factory=set)  # the names written in a full-name column
    phones: set[str] = field(default_factory=set)
    national_ids: set[str] = field(default_factory=set)
    counts: dict[str, Counter[str]] = field(default_factory=dict)

    def count(self, file_name: str, what: str) -> None:
        self.counts.setdefault(file_name, Counter())[what] += 1


WAVE1 = WavePlan(
    "wave1_2567Q4.csv", V1, "2024Q4", date(2024, 10, 1), date(2024, 12, 31), (1490, 1530), "be_seconds",
    0.30, 0.03, 4, 3,
)  # fmt: skip
WAVE2 = WavePlan(
    "wave2_2568Q1.xlsx", V2, "2025Q1", date(2025, 1, 1), date(2025, 3, 31), (1480, 1520), "xlsx_mixed",
    0.05, 0.01, 3, 3,
)  # fmt: skip
WAVE2B = WavePlan(
    "wave2b_2568Q1.csv", V2, "2025Q1", date(2025, 1, 1), date(2025, 3, 31), (195, 210), "ce_minutes",
    0.10, 0.03, 1, 1,
)  # fmt: skip

# Deliberately small community cells (SPEC 3.2 suppresses cells under 10 respondents). Wave 1 has five,
# one of them with a single response. Wave 2's XLSX has five too; the small extra CSV of the same quarter
# tops four of them up to TOP_UP_TO, so quarter 2025Q1 has exactly ONE small cell per indicator: that is
# the case where secondary suppression must hide the next-smallest cell as well.
WAVE1_SMALL = (1, 3, 5, 7, 9)
WAVE2_SMALL = (2, 4, 6, 8, 9)  # the first stays small for the whole quarter
TOP_UP_TO = 12
SMALL_FROM_SMALLEST = 15  # deliberately small cells are drawn among the least populous communities
REGULAR_FLOOR = 15  # every other community gets at least this many responses per main wave
MIN_CELL = 10


# --- helpers ------------------------------------------------------------------------------------------


def thai_digits(text: str) -> str:
    return text.translate(TO_THAI_DIGITS)


def check_digit(first12: str) -> int:
    """Thai national ID check digit (SPEC 3.2): s = sum(d_i * (13 - i)), check = (11 - s mod 11) mod 10."""
    total = sum(int(digit) * (13 - index) for index, digit in enumerate(first12))
    return (11 - total % 11) % 10


def likert(score: float, cuts: Sequence[float]) -> int:
    """Map a latent score to 1..5, so related answers move together instead of being independent dice."""
    return 1 + sum(score > cut for cut in cuts)


def weighted_choice(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def read_areas(rng: random.Random, path: Path) -> list[Area]:
    """Communities from the areas seed, each with persistent effects so waves agree with each other."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    areas = []
    for row in rows:
        lat, lon = float(row["centroid_lat"]), float(row["centroid_lon"])
        river_m = abs(lon - RIVER_LON) * METRES_PER_DEGREE * math.cos(math.radians(lat))
        flood = 1 + 4 * math.exp(-river_m / RIVER_REACH_M)
        if any(part in row["name_th"] for part in WETSIDE_NAME_PARTS):
            flood *= 1.5
        areas.append(
            Area(
                row["area_id"],
                row["name_th"],
                int(row["population"]),
                flood,
                rng.gauss(0, 0.3),
                rng.gauss(0, 0.45),
                rng.gauss(0, 0.4) - 0.15 * (flood - 1),
                rng.gauss(0, 0.3),
            )
        )
    return areas


def allocate(total: int, weights: dict[str, float], floor: int) -> dict[str, int]:
    """Split ``total`` proportionally to ``weights``, one response at a time, never below ``floor``.

    The floor keeps every community that is not deliberately small clear of the suppression threshold
    even after blanks and refusals, so the small cells are exactly the documented ones.
    """
    weight_sum = sum(weights.values())
    ideal = {key: total * weight / weight_sum for key, weight in weights.items()}
    counts = dict.fromkeys(weights, floor)
    if floor * len(counts) > total:
        raise ValueError(f"cannot give {len(counts)} communities {floor} responses out of {total}")
    for _ in range(total - sum(counts.values())):
        neediest = max(counts, key=lambda key: ideal[key] - counts[key])
        counts[neediest] += 1
    return counts


def stray_spaces(rng: random.Random, name: str) -> str:
    """How people mistype a community name: single or doubled spaces before or after it.

    No space is put inside a name: community names have none, so SPEC 3.2's trim-and-fold matching could
    not recover one, and a deliberately small cell would silently lose a response.
    """
    return rng.choice((f" {name}", f"{name} ", f"  {name}", f"{name}  ", f"  {name}  "))


def random_moment(rng: random.Random, plan: WavePlan) -> datetime:
    """A submission time in the plan's quarter, fewer at weekends and at night."""
    days = (plan.last_day - plan.first_day).days + 1
    while True:
        day = plan.first_day + timedelta(days=rng.randrange(days))
        if day.weekday() < 5 or rng.random() < 0.7:
            break
    hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
    second = 0 if plan.date_style == "ce_minutes" else rng.randrange(60)
    return datetime(day.year, day.month, day.day, hour, rng.randrange(60), second)


# --- answers ------------------------------------------------------------------------------------------


def draw_response(
    rng: random.Random, plan: WavePlan, area: Area | None, written: str, protected: bool
) -> Response:
    """Answers that hang together: one latent well-being drives life satisfaction and health, the
    community's character drives service, environment and safety, and the river and season drive the
    most urgent problem. Indicators computed from the sample therefore look like real differences."""
    low, high, _ = rng.choices(AGE_BANDS, [band[2] for band in AGE_BANDS])[0]
    age = rng.randint(low, high)
    sex = weighted_choice(rng, SEX_WEIGHTS)
    wellbeing = rng.gauss(0, 1) + (area.wellbeing if area else 0)
    weights = {
        problem: weight * SEASON_FACTORS[plan.quarter[-2:]].get(problem, 1)
        for problem, weight in PROBLEM_WEIGHTS.items()
    }
    weights["flooding"] *= area.flood_factor if area else 1
    problem = weighted_choice(rng, weights)
    health = likert(0.7 * wellbeing - (age - 50) / 22 + rng.gauss(0, 0.7), HEALTH_CUTS)
    life = round(6.2 + 1.3 * wellbeing + 0.3 * (health - 3) + rng.gauss(0, 0.9))
    service = likert((area.service if area else 0) + 0.35 * wellbeing + rng.gauss(0, 0.9), LIKERT_CUTS)
    environment_score = (
        (area.environment if area else 0)
        + 0.3 * wellbeing
        - 0.7 * (problem in ("flooding", "pm25", "waste"))
        - 0.35 * (plan.quarter.endswith("Q1"))
        + rng.gauss(0, 0.9)
    )
    safe_logit = (
        0.9
        + (area.safety if area else 0)
        + 0.3 * wellbeing
        - 0.6 * (sex == "female")
        - 0.5 * (problem in ("safety", "lighting"))
    )
    uses_app = 0.55 if age < 45 else 0.3 if age < 65 else 0.12
    roll = rng.random()
    traffy = "used" if roll < uses_app else "never" if rng.random() < 0.7 else "unknown"
    return Response(
        submitted=random_moment(rng, plan),
        area=area,
        community=written,
        protected=protected,
        consent=True,
        sex=sex,
        age=age,
        life_satisfaction=min(max(life, 0), 10),
        service_satisfaction=service,
        feel_safe_night=rng.random() < 1 / (1 + math.exp(-safe_logit)),
        health=health,
        environment_satisfaction=likert(environment_score, LIKERT_CUTS),
        top_problem=problem,
        traffy_use=traffy,
        comment=compose_comment(rng, plan, problem, sex),
        age_in_thai_digits=rng.random() < plan.p_thai_age,
        life_in_thai_digits=rng.random() < plan.p_thai_life,
        excel_datetime=plan.date_style == "xlsx_mixed" and rng.random() < 0.5,
    )


def compose_comment(rng: random.Random, plan: WavePlan, problem: str, sex: str) -> str:
    """Most respondents leave the box empty; the others mostly write about their top problem."""
    if rng.random() >= P_COMMENT:
        return ""
    text = rng.choice(COMMENTS[problem]) if rng.random() < 0.7 else rng.choice(GENERAL_COMMENTS)
    if text not in ("-", "ไม่มี"):
        text += POLITE[sex]
        if rng.random() < P_MULTILINE:
            text += "\n" + rng.choice(SECOND_LINES)
        if plan.instrument is V2 and rng.random() < P_EMOJI:
            text += " 🙏"
    return text


def build_wave(
    rng: random.Random,
    plan: WavePlan,
    areas: Sequence[Area],
    fixed: dict[str, int],
    regular_floor: int,
    exclude: Iterable[str] = (),
) -> list[Response]:
    """Draw a wave: ``fixed`` responses for the deliberately small communities (clean rows), ~2% that
    name no community, and the rest spread over the other communities by population."""
    total = rng.randint(*plan.total)
    unmatched = round(total * rng.uniform(*UNMATCHED_SHARE))
    skipped = set(fixed) | set(exclude)
    regular = [area for area in areas if area.area_id not in skipped]
    weights = {area.area_id: area.population * rng.lognormvariate(0, 0.25) for area in regular}
    counts = allocate(total - unmatched - sum(fixed.values()), weights, regular_floor)
    by_id = {area.area_id: area for area in areas}
    responses = []
    for area_id, count in [*fixed.items(), *counts.items()]:
        area = by_id[area_id]
        for _ in range(count):
            written = stray_spaces(rng, area.name_th) if rng.random() < P_STRAY_SPACE else area.name_th
            responses.append(draw_response(rng, plan, area, written, protected=area_id in fixed))
    for _ in range(unmatched):
        name = rng.choice(UNMATCHED_NAMES)
        written = stray_spaces(rng, name) if rng.random() < P_STRAY_SPACE else name
        responses.append(draw_response(rng, plan, None, written, protected=False))
    add_mess(rng, plan, responses)
    responses.sort(key=lambda response: response.submitted)
    return responses


def add_mess(rng: random.Random, plan: WavePlan, responses: list[Response]) -> None:
    """Refusals, blank answers and a few impossible values, as real exports have them."""
    open_rows = [response for response in responses if not response.protected]
    for response in open_rows:
        if rng.random() < P_NO_CONSENT:
            response.consent = False
        for name in BLANKABLE:
            if rng.random() < P_BLANK:
                setattr(response, name, None)
    answered_life = [r for r in open_rows if r.life_satisfaction is not None]
    for number, response in enumerate(rng.sample(answered_life, plan.life_eleven)):
        response.life_satisfaction = 11
        response.life_in_thai_digits = plan.instrument is V1 and number == 0  # ๑๑: convert, then range-check
    answered_age = [r for r in open_rows if r.age is not None]
    for number, response in enumerate(rng.sample(answered_age, plan.age_240)):
        response.age = 240
        response.age_in_thai_digits = plan.instrument is V1 and number == 0  # ๒๔๐


# --- personal data ------------------------------------------------------------------------------------


def invent_name(rng: random.Random, sex: str | None) -> str:
    """A plausible Thai full name from common given names and surnames, combined at random."""
    sex = sex or "unspecified"
    pool = {"male": MALE_GIVEN, "female": FEMALE_GIVEN}.get(sex, MALE_GIVEN + FEMALE_GIVEN)
    name = f"{rng.choice(pool)} {rng.choice(SURNAMES)}"
    if rng.random() < P_TITLE:
        name = rng.choice(TITLES[sex]) + name
    return name


def invent_phone(rng: random.Random) -> str:
    """A Thai mobile number in one of the three ways people write it."""
    digits = "0" + rng.choice("689") + "".join(rng.choice("0123456789") for _ in range(8))
    style = rng.choices(("dashes", "plain", "international"), (45, 35, 20))[0]
    if style == "dashes":
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if style == "plain":
        return digits
    return f"+66 {digits[1:3]} {digits[3:6]} {digits[6:]}"


def invent_national_id(rng: random.Random, valid: bool = True, dashes: bool = False) -> str:
    """13 digits with the SPEC 3.2 check digit (or a deliberately wrong one), optionally 1-2345-67890-12-1."""
    first12 = rng.choice("11111333358") + "".join(rng.choice("0123456789") for _ in range(11))
    check = check_digit(first12)
    if not valid:
        check = (check + rng.randint(1, 9)) % 10
    digits = f"{first12}{check}"
    if dashes:
        return f"{digits[0]}-{digits[1:5]}-{digits[5:10]}-{digits[10:12]}-{digits[12]}"
    return digits


def add_personal_data(
    rng: random.Random, plan: WavePlan, responses: Sequence[Response], ledger: PiiLedger
) -> None:
    """Names, phones and IDs in their own columns and, sometimes, inside the free-text comment."""
    name = plan.name
    for response in responses:
        if rng.random() < P_NAME:
            response.full_name = invent_name(rng, response.sex)
            ledger.names.add(response.full_name)
            ledger.column_names.add(response.full_name)
            ledger.count(name, "full_name_column")
        has_name = bool(response.full_name)
        if rng.random() < (P_PHONE_GIVEN_NAME if has_name else P_PHONE_NO_NAME):
            response.phone = invent_phone(rng)
            ledger.phones.add(response.phone)
            ledger.count(name, "phone_column")
        if rng.random() < (P_ID_GIVEN_NAME if has_name else P_ID_NO_NAME):
            valid = rng.random() >= P_ID_INVALID
            response.national_id = invent_national_id(rng, valid, dashes=rng.random() < P_ID_DASHES)
            response.id_as_number = (
                plan.date_style == "xlsx_mixed"
                and "-" not in response.national_id
                and rng.random() < P_ID_AS_NUMBER
            )
            ledger.national_ids.add(response.national_id)
            ledger.count(name, "national_id_column")
            ledger.count(name, "national_id_column_valid" if valid else "national_id_column_invalid")
            if "-" in response.national_id:
                ledger.count(name, "national_id_column_with_dashes")
        extras = []
        if rng.random() < P_COMMENT_PHONE:
            phone = response.phone or invent_phone(rng)
            extras.append(rng.choice(PHONE_PHRASES).format(phone))
            ledger.phones.add(phone)
            ledger.count(name, "phone_in_comment")
        if rng.random() < P_COMMENT_ID:
            national_id = response.national_id or invent_national_id(rng)
            if check_digit(national_id.replace("-", "")[:12]) != int(national_id[-1]):
                national_id = invent_national_id(rng)  # a comment quotes a correct number
            extras.append(rng.choice(ID_PHRASES).format(national_id))
            ledger.national_ids.add(national_id)
            ledger.count(name, "national_id_in_comment")
        if rng.random() < P_COMMENT_NAME:
            full_name = response.full_name or invent_name(rng, response.sex)
            extras.append(rng.choice(NAME_PHRASES).format(full_name))
            ledger.names.add(full_name)
            ledger.count(name, "name_in_comment")
        if extras:
            response.comment = " ".join(part for part in (response.comment, *extras) if part)


# --- writing ------------------------------------------------------------------------------------------


def number_text(value: int, thai: bool) -> str:
    return thai_digits(str(value)) if thai else str(value)


def export_row(response: Response, plan: WavePlan) -> list[object]:
    """The response as the plan's export writes it: labels, digits and the date form of that file."""
    instrument = plan.instrument
    moment = response.submitted
    values: dict[str, object] = {}
    if plan.date_style == "be_seconds":
        values["submitted_at"] = f"{moment:%d/%m}/{moment.year + BUDDHIST_ERA_OFFSET} {moment:%H:%M:%S}"
    elif plan.date_style == "ce_minutes":
        values["submitted_at"] = f"{moment:%d/%m/%Y %H:%M}"
    else:
        values["submitted_at"] = moment if response.excel_datetime else f"{moment:%Y-%m-%d %H:%M:%S}"
    values["community"] = response.community
    values["comment"] = response.comment
    values["full_name"] = response.full_name
    values["phone"] = response.phone
    values["national_id"] = int(response.national_id) if response.id_as_number else response.national_id
    in_excel = plan.date_style == "xlsx_mixed"
    for name, thai in (
        ("age", response.age_in_thai_digits),
        ("life_satisfaction", response.life_in_thai_digits),
    ):
        value = getattr(response, name)
        if value is None:
            values[name] = None
        else:
            values[name] = value if in_excel and not thai else number_text(value, thai)
    for name, labels in instrument.labels.items():
        value = getattr(response, name)
        values[name] = None if value is None else labels[value]
    return [values[column] for column in instrument.columns]


def csv_cell(value: object) -> str:
    return "" if value is None else str(value)


def write_csv(path: Path, plan: WavePlan, responses: Sequence[Response]) -> None:
    """cp874 without BOM (wave 1, Thai Excel) or UTF-8 with BOM (wave 2b); CRLF like Windows tools."""
    encoding = "cp874" if plan.instrument is V1 else "utf-8-sig"
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(plan.instrument.header_row)
    writer.writerows([csv_cell(value) for value in export_row(r, plan)] for r in responses)
    path.write_bytes(buffer.getvalue().encode(encoding))


def write_xlsx(path: Path, plan: WavePlan, responses: Sequence[Response]) -> None:
    """One sheet; about half the submission times are real Excel datetimes, the rest C.E. text."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = XLSX_SHEET
    sheet.append(plan.instrument.header_row)
    for response in responses:
        sheet.append(export_row(response, plan))
    date_column = plan.instrument.columns.index("submitted_at") + 1
    for (cell,) in sheet.iter_rows(min_row=2, min_col=date_column, max_col=date_column):
        if isinstance(cell.value, datetime):
            cell.number_format = "d/m/yyyy h:mm:ss"
    workbook.properties.creator = "SYNTHETIC sample generator"
    workbook.properties.created = XLSX_STAMP
    raw = io.BytesIO()
    workbook.save(raw)
    path.write_bytes(reproducible_zip(raw.getvalue()))


def reproducible_zip(raw: bytes) -> bytes:
    """Re-pack openpyxl's output with fixed stamps and no compression.

    openpyxl stamps the save time into docProps/core.xml and every zip entry, and deflate output
    depends on the zlib build; stored entries with fixed stamps make the file byte-identical anywhere.
    """
    modified = (
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{XLSX_STAMP:%Y-%m-%dT%H:%M:%SZ}</dcterms:modified>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "docProps/core.xml":
                data = re.sub(
                    r"<dcterms:modified[^>]*>[^<]*</dcterms:modified>", modified, data.decode()
                ).encode()
            info = zipfile.ZipInfo(name, date_time=XLSX_STAMP.timetuple()[:6])
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, data, compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


# --- checks and summary -------------------------------------------------------------------------------

# Every answer a survey indicator counts, consent included (only consenting answers count).
INDICATOR_FIELDS = ("consent", *ANSWER_FIELDS)


def usable(response: Response, name: str) -> bool:
    """Would this answer count towards an indicator cell: consented, present and in range."""
    if not response.consent:
        return False
    value = getattr(response, name)
    if name == "life_satisfaction":
        return value is not None and 0 <= value <= 10
    return value is not None


def small_cells(responses: Sequence[Response]) -> dict[str, int]:
    """Matched communities whose smallest indicator cell (respondents answering) is under MIN_CELL."""
    sizes: dict[str, Counter[str]] = {}
    for response in responses:
        if response.area is None:
            continue
        cell = sizes.setdefault(response.area.area_id, Counter())
        for name in INDICATOR_FIELDS:
            cell[name] += usable(response, name)
    smallest = {area_id: min(cell[name] for name in INDICATOR_FIELDS) for area_id, cell in sizes.items()}
    return {area_id: size for area_id, size in sorted(smallest.items()) if size < MIN_CELL}


def expect_small_cells(label: str, responses: Sequence[Response], expected: dict[str, int]) -> None:
    """Fail loudly if chance pushed a regular community under the threshold: the docs promise exact cells."""
    found = small_cells(responses)
    if found != expected:
        raise RuntimeError(f"{label}: small community cells {found}, planned {expected}; try another seed")


def has_space(name: str) -> bool:
    """Community names (known and unknown) contain no whitespace, so any whitespace is stray."""
    return any(character.isspace() for character in name)


def share(part: int, whole: int) -> str:
    return f"{part:,} ({100 * part / whole:.1f}%)" if whole else "0"


def file_facts(plan: WavePlan, responses: Sequence[Response]) -> list[tuple[str, str]]:
    total = len(responses)
    blanks = sum(getattr(r, name) is None for r in responses for name in BLANKABLE)
    first, last = min(r.submitted for r in responses), max(r.submitted for r in responses)
    facts = [
        ("instrument", f"`{plan.instrument.instrument_id}`"),
        ("responses (rows)", f"{total:,}"),
        ("submitted (Asia/Bangkok)", f"{first:%Y-%m-%d} to {last:%Y-%m-%d}"),
        (
            "ไม่ยินยอม (no consent; answers still filled in)",
            share(sum(not r.consent for r in responses), total),
        ),
        (
            f"blank answers over the {len(BLANKABLE)} questions {', '.join(BLANKABLE)}",
            share(blanks, total * len(BLANKABLE)),
        ),
        ("life satisfaction `11` (out of range)", str(sum(r.life_satisfaction == 11 for r in responses))),
        ("age `240` (out of range)", str(sum(r.age == 240 for r in responses))),
        (
            "ages in Thai digits",
            share(sum(r.age is not None and r.age_in_thai_digits for r in responses), total),
        ),
        (
            "life satisfaction in Thai digits",
            str(sum(r.life_satisfaction is not None and r.life_in_thai_digits for r in responses)),
        ),
        ("community names with stray spaces", share(sum(has_space(r.community) for r in responses), total)),
        (
            "community names matching no community",
            share(sum(r.area is None for r in responses), total)
            + ": "
            + ", ".join(f"`{name}`" for name in UNMATCHED_NAMES),
        ),
        (
            "matched communities with at least one response",
            str(len({r.area.area_id for r in responses if r.area})),
        ),
    ]
    if plan.date_style == "xlsx_mixed":
        real = sum(r.excel_datetime for r in responses)
        facts.append(("submission times as Excel datetimes / as C.E. text", f"{real:,} / {total - real:,}"))
        facts.append(("national IDs stored as Excel numbers", str(sum(r.id_as_number for r in responses))))
    flood_near = [r for r in responses if r.area and r.area.flood_factor >= 2 and r.top_problem]
    flood_far = [r for r in responses if r.area and r.area.flood_factor < 2 and r.top_problem]
    facts.append(
        (
            "top problem น้ำท่วม: riverside / other communities",
            f"{share(sum(r.top_problem == 'flooding' for r in flood_near), len(flood_near))}"
            f" / {share(sum(r.top_problem == 'flooding' for r in flood_far), len(flood_far))}",
        )
    )
    facts.append(
        (
            "top problem ฝุ่น PM2.5",
            share(
                sum(r.top_problem == "pm25" for r in responses),
                sum(r.top_problem is not None for r in responses),
            ),
        )
    )
    return facts


def pii_facts(ledger: PiiLedger, plans: Sequence[WavePlan]) -> list[tuple[str, str]]:
    return [(kind, " / ".join(str(ledger.counts[p.name][kind]) for p in plans)) for kind in PII_KINDS] + [
        ("distinct full names (all files, in pii_fixture.json)", str(len(ledger.names))),
        (
            "of which written only in comments, never in a name column",
            str(len(ledger.names - ledger.column_names)),
        ),
    ]


def small_cell_table(
    cells: dict[str, dict[str, int]], areas: Sequence[Area], sources: dict[str, list[Response]]
) -> str:
    names = {area.area_id: area.name_th for area in areas}
    lines = ["| where | community | responses |", "|---|---|---:|"]
    for label, found in cells.items():
        for area_id, size in found.items():
            lines.append(f"| {label} | {area_id} {names[area_id]} | {size} |")
    regular = {
        label: min(
            Counter(
                r.area.area_id for r in responses if r.area and r.area.area_id not in cells[label]
            ).values()
        )
        for label, responses in sources.items()
    }
    lines.append("")
    lines.append(
        "Smallest response count of any other matched community: "
        + ", ".join(f"{label} {size}" for label, size in regular.items())
        + f" (each of their indicator cells has at least {MIN_CELL} consenting answers)."
    )
    return "\n".join(lines)


def render_table(facts: Sequence[tuple[str, str]], header: str = "| what | count |") -> str:
    return "\n".join([header, "|---|---|", *(f"| {what} | {value} |" for what, value in facts)])


def readme(seed: int, sections: dict[str, str]) -> str:
    body = "\n\n".join(f"### {title}\n\n{table}" for title, table in sections.items())
    return f"""# Survey sample data: SYNTHETIC

Everything in this folder is **synthetic sample data**. No row is a real response, and every name,
phone number and national ID was invented (random combinations of common Thai names; random digits,
IDs with a computed check digit). It was generated by `scripts/generate_sample_surveys.py`
(standard library + openpyxl, deterministic) with:

```
python scripts/generate_sample_surveys.py --seed {seed}
```

(defaults: `--out-dir data/sample/survey --areas-csv dbt_project/seeds/ref_areas.csv --seed {DEFAULT_SEED}`).
Do not edit these files by hand: change the script and re-run it;
`tests/scripts/test_generate_sample_surveys.py` checks that the committed files are exactly what the
script produces. This README is written by the script too.

## Files

- `wave1_2567Q4.csv`: wave 1, instrument `config/survey_instruments/plk_wellbeing_v1.yaml` (its headers,
  in its order, nothing else), 2024-10-01 to 2024-12-31. Saved by "Thai Excel": **cp874 (Windows-874),
  no BOM**, CRLF. `ประทับเวลา` is day/month/**Buddhist-Era** year (`17/11/2567 14:03:21`); many ages and a
  few life-satisfaction answers are in Thai digits (`๔๕`).
- `wave2_2568Q1.xlsx`: wave 2, instrument `plk_wellbeing_v2.yaml` (reworded headers, other column order,
  service satisfaction labelled `พอใจน้อยที่สุด` … `พอใจมากที่สุด`), 2025-01-01 to 2025-03-31, one sheet.
  `วันเวลาที่ตอบ` is a real Excel datetime in about half the rows and C.E. text (`2025-02-14 09:30:00`) in
  the rest. One extra column the mapping ignores: `ท่านใช้แอปพลิเคชัน Traffy Fondue หรือไม่`. Some national
  IDs were keyed as numbers. Zip entries are stored uncompressed so the file is byte-reproducible.
- `wave2b_2568Q1.csv`: a small extra export of wave 2 (same quarter), **UTF-8 with BOM**, CRLF, dates in the
  C.E. form `14/02/2025 09:30` (a year below 2400 is C.E.).
- `pii_fixture.json`: every full name, phone number and national ID written into the three files (columns
  and comments), with counts per file; `names_only_in_comments` lists the names that appear only inside a
  comment (the respondent left the name column blank but signed the comment). Tests use it as the
  personal data that must never reach published output.

## Deliberate mess

- Community names come from `ref_areas.name_th`; about 5% carry stray spaces (single or doubled, leading
  and/or trailing; never inside a name), about 2% name no community.
- Non-consenting rows still carry answers (so counting them by mistake changes the figures). Blank answers
  are missing, not zero. Out-of-range values: life satisfaction `11` (one of them written `๑๑` in wave 1), age
  `240` (one written `๒๔๐` in wave 1).
- Personal data: ~60% of rows give a full name (some with a title: นาย/นาง/นางสาว), ~50% a phone
  (`081-234-5678`, `0812345678`, `+66 81 234 5678`), ~40% a national ID (13 digits, ~30% written
  `1-2345-67890-12-1`, ~2% with a wrong check digit). Some comments contain a phone number, a 13-digit ID
  or the respondent's own name.
- Answers are correlated: riverside communities name flooding more often, PM2.5 dominates in Q1 (haze),
  health falls with age, women feel less safe at night.
- Deliberately small community cells (SPEC 3.2 suppresses fewer than {MIN_CELL} respondents). Their rows
  are always consenting and complete, so the cell size of every indicator equals the response count.
  Quarter 2024Q4 has {len(WAVE1_SMALL)} small cells (one with a single response). Quarter 2025Q1 combines
  the XLSX and the extra CSV: the XLSX alone has {len(WAVE2_SMALL)} small cells, the extra CSV tops all but
  one of them up to {TOP_UP_TO}, so the quarter has **exactly one** small cell per indicator, which must
  trigger secondary suppression (the next-smallest cell is hidden too).

## Figures (computed by the generator)

{body}
"""


# --- main ---------------------------------------------------------------------------------------------


def generate(seed: int, out_dir: Path, areas_csv: Path) -> dict[str, str]:
    """Write the three exports, the PII fixture and the README; return the summary tables."""
    areas = read_areas(random.Random(f"{seed}:communities"), areas_csv)
    by_size = sorted(areas, key=lambda area: (area.population, area.area_id))[:SMALL_FROM_SMALLEST]
    pick = random.Random(f"{seed}:small-cells")
    wave1_small = dict(
        zip((a.area_id for a in pick.sample(by_size, len(WAVE1_SMALL))), WAVE1_SMALL, strict=True)
    )
    wave2_small = dict(
        zip((a.area_id for a in pick.sample(by_size, len(WAVE2_SMALL))), WAVE2_SMALL, strict=True)
    )
    lone = next(iter(wave2_small))
    top_ups = {area_id: TOP_UP_TO - count for area_id, count in wave2_small.items() if area_id != lone}

    waves = {
        WAVE1.name: build_wave(random.Random(f"{seed}:wave1"), WAVE1, areas, wave1_small, REGULAR_FLOOR),
        WAVE2.name: build_wave(random.Random(f"{seed}:wave2"), WAVE2, areas, wave2_small, REGULAR_FLOOR),
        WAVE2B.name: build_wave(
            random.Random(f"{seed}:wave2b"), WAVE2B, areas, top_ups, 0, exclude=wave2_small
        ),
    }
    quarters = {"2024Q4": waves[WAVE1.name], "2025Q1": waves[WAVE2.name] + waves[WAVE2B.name]}
    expect_small_cells(WAVE1.name, waves[WAVE1.name], wave1_small)
    expect_small_cells(WAVE2.name, waves[WAVE2.name], wave2_small)
    expect_small_cells("quarter 2025Q1", quarters["2025Q1"], {lone: wave2_small[lone]})

    plans = (WAVE1, WAVE2, WAVE2B)
    ledger = PiiLedger()
    out_dir.mkdir(parents=True, exist_ok=True)
    for plan in plans:
        add_personal_data(random.Random(f"{seed}:pii:{plan.name}"), plan, waves[plan.name], ledger)
        writer = write_xlsx if plan.name.endswith(".xlsx") else write_csv
        writer(out_dir / plan.name, plan, waves[plan.name])
    write_fixture(out_dir / "pii_fixture.json", ledger, plans)

    cells = {
        f"{WAVE1.name} (= quarter 2024Q4)": small_cells(quarters["2024Q4"]),
        WAVE2.name: small_cells(waves[WAVE2.name]),
        "quarter 2025Q1 (XLSX + extra CSV)": small_cells(quarters["2025Q1"]),
    }
    sources = dict(zip(cells, (quarters["2024Q4"], waves[WAVE2.name], quarters["2025Q1"]), strict=True))
    sections = {plan.name: render_table(file_facts(plan, waves[plan.name])) for plan in plans}
    sections["Personal data planted (wave1 / wave2 / wave2b)"] = render_table(
        pii_facts(ledger, plans), "| what | wave1 / wave2 / wave2b |"
    )
    sections["Community cells under 10 responses"] = small_cell_table(cells, areas, sources)
    (out_dir / "README.md").write_text(readme(seed, sections), encoding="utf-8", newline="\n")
    return sections


def write_fixture(path: Path, ledger: PiiLedger, plans: Sequence[WavePlan]) -> None:
    fixture = {
        "note": "SYNTHETIC: invented personal data planted in the raw sample survey files "
        "by scripts/generate_sample_surveys.py.",
        "full_names": sorted(ledger.names),
        # Signed comments from respondents who left the name column blank: a scrubber that only knows
        # the names from the name columns cannot find these.
        "names_only_in_comments": sorted(ledger.names - ledger.column_names),
        "phones": sorted(ledger.phones),
        "national_ids": sorted(ledger.national_ids),
        "counts": {plan.name: {kind: ledger.counts[plan.name][kind] for kind in PII_KINDS} for plan in plans},
    }
    path.write_text(json.dumps(fixture, ensure_ascii=False, indent=2) + "\n", encoding="utf-8", newline="\n")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=DEFAULT_OUT_DIR,
        help="where the files go (default: data/sample/survey)",
    )
    parser.add_argument(
        "--areas-csv",
        type=Path,
        default=DEFAULT_AREAS_CSV,
        help="the communities surveys name (default: dbt_project/seeds/ref_areas.csv)",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})"
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    sections = generate(args.seed, args.out_dir, args.areas_csv)
    for title, table in sections.items():
        print(f"\n{title}\n{table}")


if __name__ == "__main__":
    main()
