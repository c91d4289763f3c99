"""The committed survey sample is exactly what scripts/generate_sample_surveys.py produces, mess included.

The survey reader, the PDPA protections and the suppression rules are tested against this sample, so each
quirk they must handle (cp874, Buddhist-Era dates, Thai digits, a reworded second instrument, small cells,
personal data in columns and comments) is asserted here rather than trusted to survive a generator tweak.
Everything is read back through the instrument mapping files, as the platform does.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from orchestration.sources.survey.instruments import ANSWER_FIELDS
from tests.support.paths import REPO_ROOT

REPO = REPO_ROOT
SCRIPT = REPO / "scripts" / "generate_sample_surveys.py"
COMMITTED = REPO / "data" / "sample" / "survey"
INSTRUMENTS = REPO / "config" / "survey_instruments"
AREAS_CSV = REPO / "dbt_project" / "seeds" / "ref_areas.csv"
WAVE1, WAVE2, WAVE2B = "wave1_2567Q4.csv", "wave2_2568Q1.xlsx", "wave2b_2568Q1.csv"
EXTRA_HEADER = "ท่านใช้แอปพลิเคชัน Traffy Fondue หรือไม่"
BOM = b"\xef\xbb\xbf"
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
FROM_THAI = str.maketrans(THAI_DIGITS, "0123456789")
PHONE = re.compile(r"(?<!\d)(?:0[689]\d-\d{3}-\d{4}|0[689]\d{8}|\+66 [689]\d \d{3} \d{4})(?!\d)")
ID_IN_TEXT = re.compile(r"(?<![\d-])(\d{13}|\d-\d{4}-\d{5}-\d{2}-\d)(?![\d-])")

Row = dict[str, Any]  # canonical field (or the header of an unmapped column) -> value as exported


def generate(target: Path) -> Path:
    """Run the script as a user would, into ``target``; a crash fails the test with its stderr."""
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--out-dir", str(target)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return target


def tree(root: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(root.iterdir()) if path.is_file()}


def valid_thai_id(digits: str) -> bool:
    """The check digit rule, written independently of the generator: weights 13 down to 2."""
    if not re.fullmatch(r"\d{13}", digits):
        return False
    total = sum(weight * int(digit) for weight, digit in zip(range(13, 1, -1), digits[:12], strict=True))
    return (11 - total % 11) % 10 == int(digits[12])


def squeeze(name: str) -> str:
    return re.sub(r"\s+", "", name)


def number(value: object) -> int | None:
    """An integer answer as the platform reads it: Arabic or Thai digits, blank is missing."""
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return value
    return int(str(value).strip().translate(FROM_THAI))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("surveys"))


@pytest.fixture(scope="module")
def instruments() -> dict[str, dict[str, Any]]:
    return {
        name: yaml.safe_load((INSTRUMENTS / f"{name}.yaml").read_text(encoding="utf-8"))
        for name in ("plk_wellbeing_v1", "plk_wellbeing_v2")
    }


@pytest.fixture(scope="module")
def areas() -> list[dict[str, str]]:
    with AREAS_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def headers(generated: Path) -> dict[str, list[str]]:
    """File name -> its header row, as exported."""
    sheet = openpyxl.load_workbook(generated / WAVE2, read_only=True).worksheets[0]
    return {
        WAVE1: next(csv.reader(io.StringIO((generated / WAVE1).read_bytes().decode("cp874")))),
        WAVE2: [cell.value for cell in next(sheet.iter_rows(max_row=1))],
        WAVE2B: next(csv.reader(io.StringIO((generated / WAVE2B).read_bytes().decode("utf-8-sig")))),
    }


@pytest.fixture(scope="module")
def rows(generated: Path, instruments: dict[str, dict[str, Any]]) -> dict[str, list[Row]]:
    """File name -> its responses keyed by canonical field through the file's instrument mapping."""

    def rename(instrument: str, records: list[dict[str, Any]]) -> list[Row]:
        by_header = {spec["header"]: name for name, spec in instruments[instrument]["fields"].items()}
        return [{by_header.get(header, header): value for header, value in r.items()} for r in records]

    def read_csv(raw: bytes, encoding: str) -> list[dict[str, Any]]:
        return list(csv.DictReader(io.StringIO(raw.decode(encoding), newline="")))

    workbook = openpyxl.load_workbook(generated / WAVE2, read_only=True)
    table = list(workbook.worksheets[0].iter_rows(values_only=True))
    return {
        WAVE1: rename("plk_wellbeing_v1", read_csv((generated / WAVE1).read_bytes(), "cp874")),
        WAVE2: rename("plk_wellbeing_v2", [dict(zip(table[0], r, strict=True)) for r in table[1:]]),
        WAVE2B: rename("plk_wellbeing_v2", read_csv((generated / WAVE2B).read_bytes(), "utf-8-sig")),
    }


@pytest.fixture(scope="module")
def fixture(generated: Path) -> dict[str, Any]:
    return json.loads((generated / "pii_fixture.json").read_text(encoding="utf-8"))


def test_generator_is_deterministic_and_matches_the_committed_files(generated: Path, tmp_path: Path) -> None:
    first, second = tree(generated), tree(generate(tmp_path))
    assert sorted(first) == ["README.md", "pii_fixture.json", WAVE1, WAVE2, WAVE2B]
    assert [name for name in first if first[name] != second[name]] == [], "two runs with the same seed differ"
    committed = tree(COMMITTED)
    assert sorted(committed) == sorted(first), "committed survey folder holds other files"
    stale = [name for name in first if committed[name] != first[name]]
    assert not stale, f"committed files are stale, re-run {SCRIPT.name}: {stale}"


def test_v2_rewords_every_header_but_keeps_the_canonical_fields(
    instruments: dict[str, dict[str, Any]],
) -> None:
    v1, v2 = instruments["plk_wellbeing_v1"], instruments["plk_wellbeing_v2"]
    assert (v2["instrument_id"], v2["version"]) == ("plk_wellbeing_v2", 2)
    assert list(v1["fields"]) == list(v2["fields"])
    for name, spec in v2["fields"].items():
        assert spec["type"] == v1["fields"][name]["type"], name
        assert spec["header"] != v1["fields"][name]["header"], f"{name}: header not reworded"
        assert spec.get("optional", False) == v1["fields"][name].get("optional", False), name
    service_v1, service_v2 = (v["fields"]["service_satisfaction"]["answers"] for v in (v1, v2))
    assert not set(service_v1) & set(service_v2), "v2 service satisfaction should use new labels"
    assert sorted(service_v2.values()) == [1, 2, 3, 4, 5]
    assert list(service_v2.values()) == [1, 2, 3, 4, 5], "v2 lists service satisfaction lowest first"
    assert EXTRA_HEADER not in {spec["header"] for spec in v2["fields"].values()}


def test_wave1_is_cp874_without_bom_with_exactly_the_v1_headers(
    generated: Path, headers: dict[str, list[str]], instruments: dict[str, dict[str, Any]]
) -> None:
    raw = (generated / WAVE1).read_bytes()
    assert not raw.startswith(BOM)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "ชุมชน" in raw.decode("cp874")
    assert headers[WAVE1] == [spec["header"] for spec in instruments["plk_wellbeing_v1"]["fields"].values()]


def test_wave1_dates_are_buddhist_era_in_2024_q4(rows: dict[str, list[Row]]) -> None:
    stamps = [row["submitted_at"] for row in rows[WAVE1]]
    assert 1400 <= len(stamps) <= 1600
    parsed = []
    for stamp in stamps:
        match = re.fullmatch(r"(\d\d)/(\d\d)/(\d{4}) (\d\d):(\d\d):(\d\d)", stamp)
        assert match, stamp
        day, month, year, *clock = map(int, match.groups())
        assert year >= 2400, f"not a Buddhist-Era year: {stamp}"
        parsed.append(datetime(year - 543, month, day, *clock))
    assert min(parsed) >= datetime(2024, 10, 1) and max(parsed) < datetime(2025, 1, 1)
    assert len({p.month for p in parsed}) == 3


def test_thai_digits_in_ages_and_life_satisfaction(rows: dict[str, list[Row]]) -> None:
    def thai(value: object) -> bool:
        return isinstance(value, str) and any(ch in THAI_DIGITS for ch in value)

    ages = [row["age"] for row in rows[WAVE1] if row["age"]]
    assert 0.2 <= sum(map(thai, ages)) / len(ages) <= 0.4
    assert 5 <= sum(thai(row["life_satisfaction"]) for row in rows[WAVE1]) <= 100
    for name in (WAVE2, WAVE2B):
        assert any(thai(row["age"]) for row in rows[name]), name
    assert {"๑๑", "๒๔๐"} <= {row["life_satisfaction"] for row in rows[WAVE1]} | {
        r["age"] for r in rows[WAVE1]
    }


def test_wave2_xlsx_has_v2_headers_the_extra_column_and_both_date_forms(
    generated: Path,
    headers: dict[str, list[str]],
    rows: dict[str, list[Row]],
    instruments: dict[str, dict[str, Any]],
) -> None:
    assert len(openpyxl.load_workbook(generated / WAVE2, read_only=True).sheetnames) == 1
    v2_headers = [spec["header"] for spec in instruments["plk_wellbeing_v2"]["fields"].values()]
    for name in (WAVE2, WAVE2B):
        assert sorted(headers[name]) == sorted([*v2_headers, EXTRA_HEADER]), name
        assert headers[name] != v2_headers, "v2 exports should not be in the mapping's order"
        assert {row[EXTRA_HEADER] for row in rows[name]} >= {"เคยใช้", "ไม่เคยใช้"}
    stamps = [row["submitted_at"] for row in rows[WAVE2]]
    assert 1400 <= len(stamps) <= 1600
    real = [s for s in stamps if isinstance(s, datetime)]
    text = [s for s in stamps if isinstance(s, str)]
    assert len(real) + len(text) == len(stamps)
    assert 0.3 <= len(real) / len(stamps) <= 0.7
    assert all(re.fullmatch(r"2025-0[1-3]-\d\d \d\d:\d\d:\d\d", s) for s in text)
    moments = real + [datetime.fromisoformat(s) for s in text]
    assert min(moments) >= datetime(2025, 1, 1) and max(moments) < datetime(2025, 4, 1)


def test_wave2b_is_utf8_with_bom_and_common_era_dates(generated: Path, rows: dict[str, list[Row]]) -> None:
    raw = (generated / WAVE2B).read_bytes()
    assert raw.startswith(BOM) and not raw[3:].startswith(BOM)
    assert 150 <= len(rows[WAVE2B]) <= 250
    for row in rows[WAVE2B]:
        match = re.fullmatch(r"(\d\d)/(\d\d)/(\d{4}) (\d\d):(\d\d)", row["submitted_at"])
        assert match, row["submitted_at"]
        day, month, year, hour, minute = map(int, match.groups())
        assert year < 2400, "this export writes C.E. years"
        assert datetime(2025, 1, 1) <= datetime(year, month, day, hour, minute) < datetime(2025, 4, 1)


def test_every_answer_is_a_mapped_label_a_number_or_blank(
    rows: dict[str, list[Row]], instruments: dict[str, dict[str, Any]]
) -> None:
    files = {WAVE1: "plk_wellbeing_v1", WAVE2: "plk_wellbeing_v2", WAVE2B: "plk_wellbeing_v2"}
    for file_name, instrument in files.items():
        fields = instruments[instrument]["fields"]
        labels_seen: dict[str, set[Any]] = {}
        out_of_range = Counter()
        for row in rows[file_name]:
            for name, spec in fields.items():
                value = row[name]
                if value in (None, ""):
                    continue
                if spec["type"] == "choice":
                    assert value in spec["answers"], f"{file_name} {name}: {value!r}"
                    labels_seen.setdefault(name, set()).add(value)
                elif spec["type"] == "integer":
                    parsed = number(value)
                    assert parsed is not None
                    out_of_range[name] += not spec["min"] <= parsed <= spec["max"]
        service = fields["service_satisfaction"]["answers"]
        assert labels_seen["service_satisfaction"] == set(service), file_name
        assert out_of_range["life_satisfaction"] >= 1 and out_of_range["age"] >= 1, file_name
        assert out_of_range["life_satisfaction"] + out_of_range["age"] <= 10, file_name


def test_consent_blanks_and_stray_or_unknown_community_names(
    rows: dict[str, list[Row]], areas: list[dict[str, str]]
) -> None:
    known = {area["name_th"] for area in areas}
    for name in (WAVE1, WAVE2):
        responses = rows[name]
        refused = sum(row["consent"] == "ไม่ยินยอม" for row in responses) / len(responses)
        assert 0.02 <= refused <= 0.07, name
        for field in ("sex", "age", *ANSWER_FIELDS):
            blank = sum(row[field] in (None, "") for row in responses) / len(responses)
            assert 0.01 <= blank <= 0.06, f"{name} {field}: {blank:.3f}"
        written = [row["community"] for row in responses]
        assert 0.03 <= sum(squeeze(w) != w for w in written) / len(written) <= 0.08, name
        unknown = [w for w in written if squeeze(w) not in known]
        assert 0.01 <= len(unknown) / len(written) <= 0.03, name
        assert {squeeze(w) for w in written} >= known, f"{name}: some community never answered"
        assert any(w.startswith("  ") for w in written) and any(w.endswith("  ") for w in written), name


def usable_cells(responses: list[Row], mapping: dict[str, Any], known: set[str]) -> dict[str, int]:
    """Per known community, the smallest number of consenting valid answers over the indicator questions."""
    cells: dict[str, Counter[str]] = {}
    for row in responses:
        community = squeeze(row["community"])
        if community not in known:
            continue
        cell = cells.setdefault(community, Counter())
        if mapping["consent"]["answers"].get(row["consent"]) != "yes":
            continue
        for name in ANSWER_FIELDS:
            value = row[name]
            if name == "life_satisfaction":
                parsed = number(value)
                cell[name] += parsed is not None and 0 <= parsed <= 10
            else:
                cell[name] += value in mapping[name]["answers"]
    return {community: min(cell[name] for name in ANSWER_FIELDS) for community, cell in cells.items()}


def test_small_community_cells_per_wave_and_one_lone_cell_in_2025_q1(
    rows: dict[str, list[Row]], areas: list[dict[str, str]], instruments: dict[str, dict[str, Any]]
) -> None:
    known = {area["name_th"] for area in areas}
    v1, v2 = (instruments[name]["fields"] for name in ("plk_wellbeing_v1", "plk_wellbeing_v2"))
    for name in (WAVE1, WAVE2):
        responses = Counter(squeeze(row["community"]) for row in rows[name])
        small = {community for community in known if responses[community] < 10}
        assert 4 <= len(small) <= 6, f"{name}: {len(small)} communities under 10 responses"
    wave1_counts = Counter(squeeze(row["community"]) for row in rows[WAVE1])
    assert sum(wave1_counts[community] == 1 for community in known) == 1
    q4 = usable_cells(rows[WAVE1], v1, known)
    q1 = usable_cells(rows[WAVE2] + rows[WAVE2B], v2, known)
    assert 4 <= sum(size < 10 for size in q4.values()) <= 6
    assert sum(size < 10 for size in q1.values()) == 1, "2025Q1 should have exactly one small cell"
    assert min(q4.values()) == 1


def test_answers_follow_the_river_and_the_haze_season(
    rows: dict[str, list[Row]], areas: list[dict[str, str]]
) -> None:
    def riverside(area: dict[str, str]) -> bool:
        lat, lon = float(area["centroid_lat"]), float(area["centroid_lon"])
        return abs(lon - 100.26) * 111_320 * math.cos(math.radians(lat)) < 400

    near = {area["name_th"] for area in areas if riverside(area)}
    answered = [row for row in rows[WAVE1] if row["top_problem"]]
    near_rows = [row for row in answered if squeeze(row["community"]) in near]
    far_rows = [row for row in answered if squeeze(row["community"]) not in near]

    def flooding(selection: list[Row]) -> float:
        return sum(row["top_problem"] == "น้ำท่วม" for row in selection) / len(selection)

    assert flooding(near_rows) > 1.2 * flooding(far_rows)
    haze_q4 = sum(row["top_problem"] == "ฝุ่น PM2.5" for row in answered) / len(answered)
    q1 = [row for row in rows[WAVE2] if row["top_problem"]]
    haze_q1 = sum(row["top_problem"] == "ฝุ่น PM2.5" for row in q1) / len(q1)
    assert haze_q1 > 3 * haze_q4


def test_personal_data_is_planted_in_columns_and_comments(
    rows: dict[str, list[Row]], generated: Path, fixture: dict[str, Any]
) -> None:
    assert valid_thai_id("1234567890121") and not valid_thai_id("1234567890122")  # checked by hand
    for name, responses in rows.items():
        total = len(responses)
        ids = [str(row["national_id"]) for row in responses if row["national_id"] not in (None, "")]
        digits = [value.replace("-", "") for value in ids]
        assert all(re.fullmatch(r"\d{13}", d) for d in digits), name
        valid = sum(map(valid_thai_id, digits))
        assert 0.3 <= valid / total <= 0.5, name
        assert 0 < len(digits) - valid <= 0.05 * len(digits), f"{name}: invalid IDs {len(digits) - valid}"
        assert any(re.fullmatch(r"\d-\d{4}-\d{5}-\d{2}-\d", value) for value in ids), name
        phones = [row["phone"] for row in responses if row["phone"]]
        assert 0.4 <= len(phones) / total <= 0.6, name
        assert all(PHONE.fullmatch(phone) for phone in phones), name
        forms = {"dashes" if "-" in p else "international" if p.startswith("+") else "plain" for p in phones}
        assert forms == {"dashes", "plain", "international"}, name
        names = [row["full_name"] for row in responses if row["full_name"]]
        assert 0.5 <= len(names) / total <= 0.7, name
        assert set(names) <= set(fixture["full_names"]), f"{name}: a name missing from pii_fixture.json"
        comments = [row["comment"] for row in responses if row["comment"]]
        assert any(PHONE.search(comment) for comment in comments), name
        in_comments = [m.replace("-", "") for c in comments for m in ID_IN_TEXT.findall(c)]
        assert any(valid_thai_id(found) for found in in_comments), name
        assert any(full in comment for comment in comments for full in names), name
        counts = fixture["counts"][name]
        assert counts["full_name_column"] == len(names)
        assert counts["phone_column"] == len(phones)
        assert counts["national_id_column"] == len(ids)
        assert counts["national_id_column_valid"] == valid
        assert counts["phone_in_comment"] == sum(len(PHONE.findall(comment)) for comment in comments)
        assert counts["national_id_in_comment"] == len(in_comments)
        known_names = fixture["full_names"]
        assert counts["name_in_comment"] == sum(any(n in c for n in known_names) for c in comments), name
    text = (
        (generated / WAVE1).read_bytes().decode("cp874")
        + (generated / WAVE2B).read_bytes().decode("utf-8-sig")
        + "".join(str(value) for row in rows[WAVE2] for value in row.values())
    )
    column_names = {row["full_name"] for responses in rows.values() for row in responses if row["full_name"]}
    assert fixture["names_only_in_comments"] == sorted(set(fixture["full_names"]) - column_names)
    assert fixture["names_only_in_comments"], "no comment is signed by a respondent who gave no name"
    missing = [full for full in fixture["full_names"] if full not in text]
    assert not missing, f"pii_fixture.json lists names that are in no raw file: {missing[:5]}"
    assert all(phone in text for phone in fixture["phones"])
    assert all(national_id in text for national_id in fixture["national_ids"])
