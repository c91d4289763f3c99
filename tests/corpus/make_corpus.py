"""Write the malformed-input corpus that ``tests/orchestration/sources/test_bad_inputs.py`` lands.

Small files, one per quirk.

Standard library only and deterministic (no clock, no randomness, gzip and XLSX containers written
uncompressed with fixed timestamps), so the committed files are exactly what this script produces:

    python tests/corpus/make_corpus.py            # rewrites tests/corpus/{service_requests,survey}/
    python tests/corpus/make_corpus.py --out-dir /tmp/corpus

Every input is listed in ``INPUTS`` or ``SR_EXPORT_SHAPES`` with what it exercises and the expected
outcome; the corpus README is written from those lists. The 10 MB single-field inputs are not
committed: the test generates them at run time with ``ten_megabyte_field_service_request()`` and
``ten_megabyte_field_survey()``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent

# ------------------------------------------------------------------------------------ service requests

# The two Traffy layouts, in export order: the lander's data file.
_LAYOUTS_FILE = HERE.parents[1] / "config" / "export_formats" / "traffy_layouts.json"
_LAYOUTS = json.loads(_LAYOUTS_FILE.read_text(encoding="utf-8"))["layouts"]
PUBLIC = list(_LAYOUTS["public_dump"]["columns"])
EXCHANGE = list(_LAYOUTS["exchange_api_v2"]["columns"])

WAITING, IN_PROGRESS, FINISHED = "รอรับเรื่อง", "กำลังดำเนินการ", "เสร็จสิ้น"


def ticket(number: int, **values: str) -> dict[str, str]:
    """One plausible Phitsanulok ticket; both layouts' columns are filled, each layout picks its own."""
    text = values.pop("text", "ถนนเป็นหลุมเป็นบ่อ รถจักรยานยนต์เกือบล้ม")
    status = values.pop("state", WAITING)
    lat, lon = values.pop("lat", "16.81639"), values.pop("lon", "100.26541")
    row = {
        "ticket_id": f"2024-CORP{number:02d}",
        "type": "{ถนน}",
        "organization": "กองช่าง เทศบาลนครพิษณุโลก",
        "comment": text,
        "description": text,
        "coords": f"{lon},{lat}",
        "latitude": lat,
        "longitude": lon,
        "address": "347 ถนนมหาธรรมราชา ต.ในเมือง อ.เมืองพิษณุโลก จ.พิษณุโลก 65000",
        "subdistrict": "ในเมือง",
        "district": "เมืองพิษณุโลก",
        "province": "พิษณุโลก",
        "timestamp": "2024-11-01 02:15:09+00",
        "state": status,
        "status": status,
        "count_reopen": "0",
        "last_activity": "2024-11-01 03:00:00+00",
    }
    row.update(values)
    return row


def record(columns: list[str], row: dict[str, str]) -> str:
    """One RFC 4180 record without its line terminator.

    Written with a real terminator and cut after: with an empty one, Python's writer leaves a value
    holding a line break unquoted.
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([row.get(column, "") for column in columns])
    return buffer.getvalue().removesuffix("\n")


def csv_text(columns: list[str], rows: list[dict[str, str]], newline: str = "\n") -> str:
    return "".join(line + newline for line in [",".join(columns), *(record(columns, r) for r in rows)])


def deflate_fixed_huffman(data: bytes) -> bytes:
    """Raw deflate (RFC 1951): one final block, fixed Huffman codes, literals only.

    Written out here rather than taken from zlib so the bytes are the same with every zlib build (zlib-ng
    compresses differently), while still looking like real compressed data to a CSV reader.
    """
    out = bytearray()
    pending, count = 0, 0

    def put(value: int, width: int) -> None:  # low ``width`` bits of value, least significant first
        nonlocal pending, count
        pending |= value << count
        count += width
        while count >= 8:
            out.append(pending & 0xFF)
            pending >>= 8
            count -= 8

    def put_code(code: int, width: int) -> None:  # Huffman codes go most significant bit first
        put(int(format(code, f"0{width}b")[::-1], 2), width)

    put(1, 1)  # BFINAL
    put(1, 2)  # BTYPE 01: fixed Huffman
    for byte in data:
        if byte < 144:
            put_code(0x30 + byte, 8)
        else:
            put_code(0x190 + byte - 144, 9)
    put_code(0, 7)  # end of block
    if count:
        out.append(pending & 0xFF)
    return bytes(out)


def gzip_bytes(data: bytes) -> bytes:
    """A gzip member (no name, mtime 0) around ``data``: valid gzip, identical bytes everywhere."""
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    trailer = struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)
    return header + deflate_fixed_huffman(data) + trailer


def sr_truncated_mid_row() -> bytes:
    rows = [ticket(1), ticket(2, text="ไฟส่องสว่างดับ")]
    cut = record(PUBLIC, ticket(3, text="น้ำท่วมขังหน้าบ้าน\nบรรทัดที่สองของความเห็น"))
    return (csv_text(PUBLIC, rows) + cut[: cut.index("บรรทัดที่สอง")]).encode()


def sr_header_only() -> bytes:
    return csv_text(EXCHANGE, []).encode()


def sr_wrong_delimiter() -> bytes:
    rows = [ticket(1), ticket(2, type="{กีดขวาง,ถนน}"), ticket(3)]
    lines = [";".join(PUBLIC)] + [";".join(row.get(c, "") for c in PUBLIC) for row in rows]
    return "".join(line + "\n" for line in lines).encode()


def sr_unknown_layout() -> bytes:
    columns = ["id", "subject", "category", "created", "status", "lat", "lng"]
    rows = [
        {"id": str(n), "subject": "ถนนชำรุด", "category": "road", "created": "2024-11-01 09:00"}
        for n in (1, 2, 3)
    ]
    return csv_text(columns, rows).encode()


def sr_duplicate_headers() -> bytes:
    lines = [",".join([*PUBLIC, "state"])]
    lines += [record(PUBLIC, ticket(n)) + "," + FINISHED for n in (1, 2)]
    return "".join(line + "\n" for line in lines).encode()


def sr_extra_columns() -> bytes:
    columns = [*EXCHANGE, "remark", "exported_by"]
    extra = {"remark": "ตรวจแล้ว", "exported_by": "admin@plk"}
    return csv_text(columns, [ticket(1, **extra), ticket(2, **extra)]).encode()


def sr_missing_columns() -> bytes:
    dropped = {"photo", "photo_after", "org_finished", "confirmed"}
    return csv_text([c for c in EXCHANGE if c not in dropped], [ticket(1), ticket(2)]).encode()


def sr_invalid_utf8() -> bytes:
    text = csv_text(PUBLIC, [ticket(1), ticket(2, text="BROKEN-BYTES-HERE"), ticket(3)]).encode()
    return text.replace(b"BROKEN-BYTES-HERE", "ท่อแตก".encode() + b"\xff\xfe\xe0\xb8")


def sr_cp874() -> bytes:
    ascii_only = ticket(
        4,
        type="{}",
        text="pothole near the market",
        organization="PLK",
        address="",
        subdistrict="",
        district="",
        province="",
        state="",
    )
    return csv_text(PUBLIC, [ticket(1), ticket(2), ticket(3), ascii_only]).encode("cp874")


def sr_nul_byte() -> bytes:
    return csv_text(PUBLIC, [ticket(1, text="ไฟดับ\x00\x00ทั้งซอย"), ticket(2)]).encode()


def sr_unbalanced_quote() -> bytes:
    bad = record(PUBLIC, ticket(2, text="COMMENT")).replace("COMMENT", '"ถนนพัง ตั้งแต่หน้าร้าน')
    lines = [
        ",".join(PUBLIC),
        record(PUBLIC, ticket(1)),
        bad,
        record(PUBLIC, ticket(3)),
        record(PUBLIC, ticket(4)),
    ]
    return "".join(line + "\n" for line in lines).encode()


def sr_unbalanced_quote_swallows() -> bytes:
    """API v2 rows need no quoting, so nothing after the stray quote closes it before the end of file."""
    bad = record(EXCHANGE, ticket(2, text="COMMENT")).replace("COMMENT", '"ถนนพัง ตั้งแต่หน้าร้าน')
    lines = [",".join(EXCHANGE), record(EXCHANGE, ticket(1)), bad]
    lines += [record(EXCHANGE, ticket(n)) for n in (3, 4)]
    assert '"' not in "".join(lines[3:]), "a later quote would close the stray one"
    return "".join(line + "\n" for line in lines).encode()


def sr_future_dates() -> bytes:
    rows = [
        ticket(1, timestamp="2099-01-01 09:00:00+00", last_activity="2099-01-01 10:00:00+00"),
        ticket(2, last_activity="2099-12-31 23:59:59+00", state=IN_PROGRESS),
        ticket(3),
    ]
    return csv_text(EXCHANGE, rows).encode()


def sr_buddhist_era() -> bytes:
    rows = [
        ticket(1, timestamp="2567-11-01 09:15:09", last_activity="2567-11-02 10:00:00"),
        ticket(2, timestamp="2567-11-03 02:15:09+00", last_activity="2567-11-03 05:00:00+00"),
    ]
    return csv_text(PUBLIC, rows).encode()


def sr_finish_before_creation() -> bytes:
    row = ticket(
        1,
        timestamp="2024-11-05 10:00:00+00",
        timestamp_inprogress="2024-11-04 08:00:00+00",
        timestamp_finished="2024-11-03 08:00:00+00",
        last_activity="2024-11-05 11:00:00+00",
        state=FINISHED,
        star="4",
    )
    return csv_text(EXCHANGE, [row]).encode()


def sr_count_reopen_negative() -> bytes:
    return csv_text(PUBLIC, [ticket(1, count_reopen="-3"), ticket(2, count_reopen="2")]).encode()


def sr_count_reopen_huge() -> bytes:
    return csv_text(PUBLIC, [ticket(1, count_reopen="999999999999"), ticket(2, count_reopen="1")]).encode()


def sr_coords_swapped() -> bytes:
    swapped = ticket(1)
    swapped["coords"] = "16.81639,100.26541"  # lat,lon instead of the dump's lon,lat
    return csv_text(PUBLIC, [swapped, ticket(2)]).encode()


FORMULA_TEXT = '=HYPERLINK("http://evil.example/x","คลิกดูรูป")'


def sr_excel_formulas() -> bytes:
    rows = [
        ticket(1, text=FORMULA_TEXT, organization="+cmd|' /C calc'!A0", address="@SUM(A1:A9)", star="=1+4"),
        ticket(2, timestamp="@SUM(A1)"),
        ticket(3, text="-2+3 ถนนพัง", star="5"),
    ]
    return csv_text(PUBLIC, rows).encode()


def sr_mixed_line_endings() -> bytes:
    lines = [",".join(PUBLIC), *(record(PUBLIC, ticket(n)) for n in (1, 2, 3, 4))]
    endings = ["\r\n", "\n", "\r", "\r\n", "\n"]
    return "".join(line + end for line, end in zip(lines, endings, strict=True)).encode()


def sr_cr_only() -> bytes:
    return csv_text(PUBLIC, [ticket(1), ticket(2), ticket(3)], newline="\r").encode()


def sr_gzip() -> bytes:
    return gzip_bytes(csv_text(PUBLIC, [ticket(1), ticket(2)]).encode())


def sr_still_being_written() -> bytes:
    partial = record(EXCHANGE, ticket(3, text="ท่อระบายน้ำอุดตัน น้ำไม่ไหล ส่งกลิ่นเหม็น"))
    return (csv_text(EXCHANGE, [ticket(1), ticket(2)]) + partial[: partial.index("น้ำไม่ไหล")]).encode()


def sr_conflicting_day1() -> bytes:
    rows = [
        ticket(1, state=FINISHED, last_activity="2024-11-02 10:00:00+00"),
        ticket(2, state=FINISHED, last_activity="2024-11-03 09:00:00+00"),
    ]
    return csv_text(PUBLIC, rows).encode()


def sr_conflicting_day2() -> bytes:
    rows = [
        # The same instant as day 1, written as Bangkok local time: a tie, so the later file wins.
        ticket(1, state=IN_PROGRESS, last_activity="2024-11-02 17:00:00"),
        # An older activity re-exported in a later file: the latest last_activity (day 1) wins.
        ticket(2, state=WAITING, last_activity="2024-11-01 09:00:00+00"),
    ]
    return csv_text(EXCHANGE, rows).encode()


def ten_megabyte_field_service_request() -> bytes:
    """Not committed: a public dump whose first record has a 10 MB comment, then one good record."""
    return csv_text(PUBLIC, [ticket(1, text="ก" * (10 * 1024 * 1024 // 3)), ticket(2)]).encode()


# ------------------------------------------------------------- service requests: real export shapes
# How real Traffy exports arrive after a spreadsheet has touched them (issue #17). Every shape carries
# the same 17 tickets, one with a multi-line comment, so rows read must be 17 records, not lines.


def shape_tickets() -> list[dict[str, str]]:
    rows = [ticket(n) for n in range(1, 18)]
    rows[4] = ticket(5, text="น้ำท่วมขังหน้าบ้าน\nบรรทัดที่สองของความเห็น\nบรรทัดที่สาม")
    return rows


def sr_trailing_empty_column() -> bytes:
    """Excel's trailing comma: an unnamed last column in the header and an empty last field per row."""
    lines = [",".join(PUBLIC) + ",", *(record(PUBLIC, row) + "," for row in shape_tickets())]
    return "".join(line + "\r\n" for line in lines).encode()


def sr_utf16le_bom() -> bytes:
    """What a spreadsheet's "Unicode" CSV option writes: UTF-16 little-endian after a byte-order mark."""
    return ("\ufeff" + csv_text(PUBLIC, shape_tickets(), newline="\r\n")).encode("utf-16-le")


def sr_utf16be_no_bom() -> bytes:
    return csv_text(EXCHANGE, shape_tickets()).encode("utf-16-be")


def sr_utf16le_cut_mid_character() -> bytes:
    """A UTF-16 export cut after an odd number of bytes: its last character is half there."""
    data = sr_utf16le_bom()
    return data[: 2 * (len(data) // 4) + 1]


def sr_excel_unicode_text() -> bytes:
    """Excel's "Unicode Text" save: UTF-16 LE with a byte-order mark, tab-separated, CRLF."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\r\n")
    writer.writerow(PUBLIC)
    writer.writerows([row.get(column, "") for column in PUBLIC] for row in shape_tickets())
    return ("\ufeff" + buffer.getvalue()).encode("utf-16-le")


def sr_xlsx_workbook() -> bytes:
    rows: list[list[str | tuple[str, str]]] = [list(PUBLIC)]
    rows += [[row.get(column, "") for column in PUBLIC] for row in shape_tickets()]
    return xlsx([("traffy", rows)], active=0)


def sr_upper_case_header() -> bytes:
    """Headers re-typed by hand: upper or title case, stray spaces and a no-break space around them."""
    header = [column.upper() if n % 2 else f" {column.title()}\u00a0" for n, column in enumerate(EXCHANGE)]
    lines = [",".join(header), *(record(EXCHANGE, row) for row in shape_tickets())]
    return "".join(line + "\n" for line in lines).encode()


# Personal data typed into the creation-time cell: the quarantine reason must not repeat it.
PERSONAL_TIMESTAMPS = ("โทร 0812345678 นายสมชาย", "1101700207366")


def sr_personal_data_in_bad_timestamp() -> bytes:
    first, second = PERSONAL_TIMESTAMPS
    rows = [ticket(1, timestamp=first), ticket(2, timestamp=second), ticket(3)]
    rows.append(ticket(4, timestamp="2099-01-01 09:00:00+00"))
    return csv_text(EXCHANGE, rows).encode()


# -------------------------------------------------------------------------------------------- survey

SURVEY_FIELDS = {  # canonical field -> export header of plk_wellbeing_v1 (config/survey_instruments/)
    "submitted_at": "ประทับเวลา",
    "consent": "ยินยอมให้ใช้ข้อมูล",
    "community": "ชุมชน",
    "sex": "เพศ",
    "age": "อายุ",
    "life_satisfaction": "ความพึงพอใจในชีวิตโดยรวม (0-10)",
    "service_satisfaction": "ความพึงพอใจต่อบริการของเทศบาล",
    "feel_safe_night": "รู้สึกปลอดภัยเมื่อเดินคนเดียวตอนกลางคืน",
    "health": "สุขภาพโดยรวมของท่าน",
    "environment_satisfaction": "ความพึงพอใจต่อสิ่งแวดล้อมในชุมชน",
    "top_problem": "ปัญหาที่ต้องการให้แก้ไขเร่งด่วนที่สุด",
    "comment": "ข้อเสนอแนะ",
    "full_name": "ชื่อ-นามสกุล",
    "phone": "เบอร์โทรศัพท์",
    "national_id": "เลขประจำตัวประชาชน",
}
SURVEY_HEADERS = list(SURVEY_FIELDS.values())
COMMUNITY = "ชุมชนวัดใหญ่"  # in dbt_project/seeds/ref_areas.csv
OTHER_COMMUNITY = "ชุมชนบ้านคลอง"
# Invented respondents of the unbalanced-quote export: the test proves none reaches the lake.
SWALLOWED_NAMES = ("มานะ ทดสอบยิ่ง", "สมชาย ตัวอย่างดี", "สมหญิง ลองข้อมูล")


def answers(**values: str) -> list[str]:
    base = {
        "submitted_at": "17/11/2567 14:03:21",
        "consent": "ยินยอม",
        "community": COMMUNITY,
        "sex": "หญิง",
        "age": "35",
        "life_satisfaction": "7",
        "service_satisfaction": "มาก",
        "feel_safe_night": "ใช่",
        "health": "ดี",
        "environment_satisfaction": "ปานกลาง",
        "top_problem": "น้ำท่วม",
    }
    base.update(values)
    return [base.get(name, "") for name in SURVEY_FIELDS]


def survey_csv(rows: list[list[str]], headers: list[str] = SURVEY_HEADERS, newline: str = "\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue()


def _xml_text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _sheet_xml(rows: list[list[str | tuple[str, str]]]) -> str:
    """Inline-string cells; a (formula, cached value) pair becomes a formula cell with its cached text."""
    out = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{_column_letter(c)}{r}"
            if isinstance(value, tuple):
                formula, cached = value
                cells.append(
                    f'<c r="{ref}" t="str"><f>{_xml_text(formula)}</f><v>{_xml_text(cached)}</v></c>'
                )
            elif value != "":
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{_xml_text(value)}</t></is></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(out)}</sheetData></worksheet>"
    )


def xlsx(sheets: list[tuple[str, list[list[str | tuple[str, str]]]]], active: int) -> bytes:
    """A minimal XLSX workbook (stored, fixed timestamps) whose ``active`` tab is the one Excel opens on."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package_rel = "http://schemas.openxmlformats.org/package/2006/relationships"
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{sheet_type}"/>'
        for n in range(1, len(sheets) + 1)
    )
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{package_rel}"><Relationship Id="rId1" '
            f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><bookViews><workbookView activeTab="{active}"/>'
            "</bookViews><sheets>"
            + "".join(
                f'<sheet name="{_xml_text(name)}" sheetId="{n}" r:id="rId{n}"/>'
                for n, (name, _) in enumerate(sheets, start=1)
            )
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{package_rel}">'
            + "".join(
                f'<Relationship Id="rId{n}" Type="{rel}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                for n in range(1, len(sheets) + 1)
            )
            + f'<Relationship Id="rId{len(sheets) + 1}" Type="{rel}/styles" Target="styles.xml"/>'
            + "</Relationships>"
        ),
        "xl/styles.xml": (
            f'<styleSheet xmlns="{main}"><fonts count="1"><font/></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
            '<cellXfs count="1"><xf xfId="0"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        ),
    }
    for n, (_, rows) in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{n}.xml"] = _sheet_xml(rows)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), text.encode())
    return buffer.getvalue()


def sv_several_sheets() -> bytes:
    formula = ('=HYPERLINK("http://evil.example","คลิก")', "คลิก")
    export: list[list[str | tuple[str, str]]] = [
        list(SURVEY_HEADERS),
        answers(comment="ไฟทางดับบ่อย"),
        answers(consent="ไม่ยินยอม"),
        [*answers(community=OTHER_COMMUNITY)[:11], formula],
    ]
    summary: list[list[str | tuple[str, str]]] = [
        ["ชุมชน", "จำนวนผู้ตอบ"],
        [COMMUNITY, "2"],
        [OTHER_COMMUNITY, "1"],
    ]
    # An older copy of the export on a later tab (the tab Excel opens on): it must not be read.
    old_copy: list[list[str | tuple[str, str]]] = [list(SURVEY_HEADERS)] + [
        answers(submitted_at="01/07/2567 09:00:00") for _ in range(5)
    ]
    return xlsx([("Form Responses 1", export), ("สรุป", summary), ("ข้อมูลเก่า", old_copy)], active=2)


def sv_no_consent_column() -> bytes:
    keep = [i for i, name in enumerate(SURVEY_FIELDS) if name != "consent"]
    rows = [[row[i] for i in keep] for row in (answers(), answers(), answers(sex="ชาย"))]
    return survey_csv(rows, headers=[SURVEY_HEADERS[i] for i in keep]).encode()


def sv_headers_only() -> bytes:
    return survey_csv([]).encode()


def sv_cp874_buddhist_era() -> bytes:
    rows = [
        answers(submitted_at="01/10/2567 05:02:33"),
        answers(submitted_at="๒๐/๑๑/๒๕๖๗ ๐๙:๑๕", age="๔๒", community=f"  {OTHER_COMMUNITY} "),
        answers(submitted_at="31/12/2567 23:59:59", life_satisfaction="๑๐"),
        answers(submitted_at="02/10/2567 10:00:00", consent="ไม่ยินยอม"),
    ]
    return survey_csv(rows).encode("cp874")


def sv_unbalanced_quote() -> bytes:
    first, second, third = SWALLOWED_NAMES
    lines = [
        ",".join(SURVEY_HEADERS),
        ",".join(answers(full_name="วิไล ใจสบาย")),
        ",".join(answers(comment='"ถนนหน้าบ้านพังมาก', full_name=first)),
        ",".join(answers(comment="ไฟดับ", full_name=second, phone="0891234567")),
        ",".join(answers(full_name=third)),
    ]
    return "".join(line + "\n" for line in lines).encode()


def sv_duplicate_headers() -> bytes:
    headers = [*SURVEY_HEADERS, "ชุมชน"]
    return survey_csv(
        [[*answers(), OTHER_COMMUNITY], [*answers(), OTHER_COMMUNITY]], headers=headers
    ).encode()


def sv_future_dates() -> bytes:
    rows = [answers(submitted_at="17/11/2642 10:00"), answers(submitted_at="2099-01-01 10:00:00"), answers()]
    return survey_csv(rows).encode()


def sv_still_being_written() -> bytes:
    text = survey_csv([answers(), answers(sex="ชาย", age="58")])
    partial = ",".join(answers(sex="ชาย", age="35"))
    return (text + partial[: partial.index(",ชาย,3") + len(",ชาย,3")]).encode()


def sv_invalid_utf8() -> bytes:
    text = survey_csv([answers(), answers(comment="BROKEN-BYTES-HERE"), answers()]).encode()
    return text.replace(b"BROKEN-BYTES-HERE", "ขยะ".encode() + b"\xff")


def sv_gzip() -> bytes:
    return gzip_bytes(survey_csv([answers(), answers()]).encode())


def sv_wrong_delimiter() -> bytes:
    lines = [";".join(SURVEY_HEADERS), ";".join(answers()), ";".join(answers(sex="ชาย"))]
    return "".join(line + "\n" for line in lines).encode()


def sv_excel_formulas() -> bytes:
    rows = [
        answers(comment=FORMULA_TEXT, community="@SUM(A1:A9)", age="+cmd"),
        answers(comment="-1+1", life_satisfaction="=5+5"),
    ]
    return survey_csv(rows).encode()


def sv_mixed_line_endings() -> bytes:
    lines = survey_csv([answers(), answers(), answers()]).splitlines()
    endings = ["\r\n", "\n", "\r", "\r\n"]
    return "".join(line + end for line, end in zip(lines, endings, strict=True)).encode()


def sv_nul_byte() -> bytes:
    return survey_csv([answers(comment="ขยะ\x00เยอะ"), answers()]).encode()


def sv_truncated_mid_character() -> bytes:
    data = survey_csv([answers(), answers(), answers(comment="อยากให้มีสวนสาธารณะเพิ่ม")]).encode()
    cut = data.index("สาธารณะ".encode()) + 1  # one byte into a three-byte UTF-8 character
    return data[:cut]


def sv_cover_page_first() -> bytes:
    cover: list[list[str | tuple[str, str]]] = [
        ["แบบสำรวจความอยู่ดีมีสุขของประชาชน เทศบาลนครพิษณุโลก"],
        ["จัดทำโดย กองยุทธศาสตร์และงบประมาณ", "ปี 2567"],
    ]
    export: list[list[str | tuple[str, str]]] = [list(SURVEY_HEADERS)] + [
        answers(submitted_at=f"17/11/2567 14:{n:02d}:00") for n in range(50)
    ]
    return xlsx([("ปก", cover), ("Form Responses 1", export)], active=0)


# Invented personal data typed into the community field and comments: the test proves none is landed.
TYPED_NAME = "มานี ทดลองกรอก"
TYPED_NATIONAL_ID = "1101700203450"  # checksum-valid, invented
TYPED_PHONES = (
    "081.234.5670",
    "(081)2345671",
    "+66812345672",
    "081\u200b234\u200b5673",
    "０８１２３４５６７４",
)


def sv_personal_data_in_community() -> bytes:
    rows = [
        answers(full_name=TYPED_NAME),
        answers(community=TYPED_PHONES[0]),
        answers(community=f"บัตร {TYPED_NATIONAL_ID}"),
        answers(community=TYPED_NAME),
        answers(community=TYPED_PHONES[1], comment=" / ".join(TYPED_PHONES[2:])),
    ]
    return survey_csv(rows).encode()


def _form_download(rows: int) -> bytes:
    """A cumulative online-form download: the first ``rows`` responses of the form so far."""
    return survey_csv(
        [answers(submitted_at=f"17/11/2567 {9 + n // 60:02d}:{n % 60:02d}:00") for n in range(rows)]
    ).encode()


def sv_community_typed_as_name() -> bytes:
    rows = [
        answers(full_name="บ้านแขก"),  # the respondent's community, typed into the name field
        answers(community="ชุมชนบ้านแขก", comment="อยู่บ้านแขกค่ะ"),
    ]
    return survey_csv(rows).encode()


def ten_megabyte_field_survey() -> bytes:
    """Not committed: a survey export whose first response has a 10 MB comment, then one good response."""
    return survey_csv([answers(comment="ก" * (10 * 1024 * 1024 // 3)), answers()]).encode()


# ----------------------------------------------------------------------------------------- the corpus


@dataclass(frozen=True)
class Input:
    path: str  # relative to the corpus folder
    build: Callable[[], bytes]
    exercises: str
    expected: str


SR, SV = "service_requests", "survey"
INPUTS: tuple[Input, ...] = (
    Input(
        f"{SR}/truncated_mid_row.csv",
        sr_truncated_mid_row,
        "file cut inside a quoted multi-line comment of its last record",
        "2 accepted; the cut record quarantined (malformed_csv_record)",
    ),
    Input(
        f"{SR}/empty_0_bytes.csv", lambda: b"", "0-byte file", "a batch of 0 rows, layout unknown; no crash"
    ),
    Input(
        f"{SR}/header_only_exchange_v2.csv",
        sr_header_only,
        "API v2 header, no records",
        "a batch of 0 rows, layout exchange_api_v2",
    ),
    Input(
        f"{SR}/wrong_delimiter_semicolons.csv",
        sr_wrong_delimiter,
        "public dump written with ';' as the delimiter",
        "every record quarantined (the header is one unknown column)",
    ),
    Input(
        f"{SR}/unknown_layout_other_system.csv",
        sr_unknown_layout,
        "an export of another complaints system",
        "every record quarantined (unknown_layout, naming the missing columns)",
    ),
    Input(
        f"{SR}/duplicate_headers_state_twice.csv",
        sr_duplicate_headers,
        "public dump with a second `state` column holding a different status",
        "every record quarantined naming the duplicated column; no crash",
    ),
    Input(
        f"{SR}/extra_columns.csv",
        sr_extra_columns,
        "API v2 plus `remark` and `exported_by` columns",
        "all records accepted; the extra columns ignored",
    ),
    Input(
        f"{SR}/missing_columns_no_photo.csv",
        sr_missing_columns,
        "API v2 without photo, photo_after, org_finished, confirmed",
        "every record quarantined (unknown_layout, naming the four missing columns)",
    ),
    Input(
        f"{SR}/invalid_utf8_bytes.csv",
        sr_invalid_utf8,
        "bytes 0xFF 0xFE and a cut UTF-8 sequence inside one comment",
        "the damaged record quarantined (malformed_csv_record, INVALID ENCODING); the others accepted",
    ),
    Input(
        f"{SR}/cp874_mislabelled.csv",
        sr_cp874,
        "a Traffy export saved by Thai Excel in Windows-874 (three Thai records, one ASCII-only)",
        "decoded as Windows-874: all 4 accepted, the Thai text intact",
    ),
    Input(
        f"{SR}/nul_byte_in_field.csv",
        sr_nul_byte,
        "two NUL bytes inside a comment",
        "both records accepted; the comment kept verbatim",
    ),
    Input(
        f"{SR}/unbalanced_quote_mid_file.csv",
        sr_unbalanced_quote,
        "public dump: record 2 of 4 opens a quote that the next quoted coords field closes",
        "4 read: record 2 quarantined (malformed_csv_record), records 1, 3, 4 accepted",
    ),
    Input(
        f"{SR}/unbalanced_quote_swallows_rest_v2.csv",
        sr_unbalanced_quote_swallows,
        "API v2: record 2 of 4 opens a quote nothing closes before the end of the file",
        "2 read by CSV rules (the open quote runs to the end): record 1 accepted, the rest one "
        "quarantined record whose text is kept",
    ),
    Input(
        f"{SR}/future_dates_2099.csv",
        sr_future_dates,
        "creation timestamp in 2099; last_activity in 2099",
        "creation in 2099 quarantined (field timestamp); last_activity in 2099 warned",
    ),
    Input(
        f"{SR}/buddhist_era_timestamp_2567.csv",
        sr_buddhist_era,
        "timestamps in B.E. 2567, with and without an offset",
        "accepted as C.E. 2024 (year >= 2400 is B.E., as for surveys)",
    ),
    Input(
        f"{SR}/finish_before_creation_v2.csv",
        sr_finish_before_creation,
        "API v2: timestamp_finished and timestamp_inprogress before the creation timestamp",
        "accepted without a landing warning (dbt leaves the duration out)",
    ),
    Input(
        f"{SR}/count_reopen_negative.csv",
        sr_count_reopen_negative,
        "count_reopen = -3",
        "accepted; count_reopen NULL with count_reopen_invalid",
    ),
    Input(
        f"{SR}/count_reopen_huge.csv",
        sr_count_reopen_huge,
        "count_reopen = 999999999999 (beyond INTEGER)",
        "accepted; count_reopen NULL with count_reopen_invalid",
    ),
    Input(
        f"{SR}/coords_swapped_lat_lon.csv",
        sr_coords_swapped,
        "public dump coords written lat,lon instead of lon,lat",
        "accepted; coordinates nulled with coords_outside_thailand",
    ),
    Input(
        f"{SR}/excel_formula_cells.csv",
        sr_excel_formulas,
        "=HYPERLINK(...), +cmd, @SUM in text fields, star and the creation timestamp",
        "text kept verbatim; star_invalid; the @SUM timestamp quarantined (unparseable_timestamp)",
    ),
    Input(
        f"{SR}/mixed_line_endings.csv",
        sr_mixed_line_endings,
        "\\r\\n, \\n and \\r line endings in one file",
        "4 records accepted",
    ),
    Input(
        f"{SR}/old_mac_cr_line_endings.csv",
        sr_cr_only,
        "only \\r line endings",
        "3 records accepted",
    ),
    Input(
        f"{SR}/gzip_named_csv.csv",
        sr_gzip,
        "a gzip-compressed export named .csv",
        "quarantined whole as one record (unsupported_format, naming the file and gzip)",
    ),
    Input(
        f"{SR}/still_being_written_partial_last_line.csv",
        sr_still_being_written,
        "an export copied while still being written: last record cut, no final newline",
        "2 accepted; the partial record quarantined (malformed_csv_record)",
    ),
    Input(
        f"{SR}/conflicting_states_day1.csv",
        sr_conflicting_day1,
        "with day2: the same two tickets in two files with conflicting states (public dump)",
        "both observations of every ticket kept; current state by latest last_activity, ties to day 2",
    ),
    Input(
        f"{SR}/conflicting_states_day2.csv",
        sr_conflicting_day2,
        "with day1: CORP01 tied last_activity (Bangkok local form), CORP02 older activity (API v2)",
        "CORP01 in progress (day 2 wins the tie); CORP02 finished (day 1 has the latest activity)",
    ),
    Input(
        f"{SV}/several_sheets.xlsx",
        sv_several_sheets,
        "XLSX with three sheets; the first is the export; Excel opens on an older copy on the third",
        "the first sheet only: 2 accepted, 1 no_consent; a formula cell read as its cached value",
    ),
    Input(
        f"{SV}/no_consent_column.csv",
        sv_no_consent_column,
        "reference export without the consent column",
        "every row quarantined (unmapped_instrument, naming the consent header)",
    ),
    Input(f"{SV}/headers_only.csv", sv_headers_only, "reference header, no rows", "a batch of 0 rows, v1"),
    Input(
        f"{SV}/cp874_buddhist_era.csv",
        sv_cp874_buddhist_era,
        "Windows-874 export, B.E. dates, Thai digits, spaces around a community name",
        "3 accepted with C.E. 2024 dates and matched communities; 1 no_consent",
    ),
    Input(f"{SV}/empty_0_bytes.csv", lambda: b"", "0-byte file", "a batch of 0 rows, instrument unknown"),
    Input(
        f"{SV}/unbalanced_quote_swallows_rows.csv",
        sv_unbalanced_quote,
        "a comment opens a quote it never closes; the next rows carry respondents' names",
        "strict CSV: the file is unreadable, its 4 rows quarantined without answers; "
        "no respondent name in the lake",
    ),
    Input(
        f"{SV}/duplicate_headers_community_twice.csv",
        sv_duplicate_headers,
        "two ชุมชน columns with different communities",
        "quarantined whole naming the duplicated header",
    ),
    Input(
        f"{SV}/future_dates_2099.csv",
        sv_future_dates,
        "submitted in B.E. 2642 and in 2099",
        "the two future responses quarantined (field submitted_at)",
    ),
    Input(
        f"{SV}/still_being_written_partial_last_line.csv",
        sv_still_being_written,
        "last row cut after the first digit of the age, no final newline",
        "the partial row quarantined",
    ),
    Input(
        f"{SV}/invalid_utf8_bytes.csv",
        sv_invalid_utf8,
        "a UTF-8 export with one 0xFF byte (neither UTF-8 nor cp874)",
        "quarantined whole, one row per line (unreadable_file, naming the file)",
    ),
    Input(
        f"{SV}/gzip_named_csv.csv",
        sv_gzip,
        "a gzip-compressed export named .csv",
        "quarantined whole as one row (unreadable_file, naming the file)",
    ),
    Input(
        f"{SV}/wrong_delimiter_semicolons.csv",
        sv_wrong_delimiter,
        "reference export written with ';'",
        "every row quarantined (unmapped_instrument)",
    ),
    Input(
        f"{SV}/excel_formula_cells.csv",
        sv_excel_formulas,
        "=HYPERLINK(...), @SUM, +cmd, =5+5 as answers",
        "accepted; comments verbatim; unmatched_community, unparseable_age, unparseable_life_satisfaction",
    ),
    Input(
        f"{SV}/mixed_line_endings.csv",
        sv_mixed_line_endings,
        "\\r\\n, \\n and \\r line endings in one export",
        "3 accepted",
    ),
    Input(
        f"{SV}/nul_byte_in_field.csv",
        sv_nul_byte,
        "a NUL byte inside a comment",
        "both accepted; the comment kept verbatim",
    ),
    Input(
        f"{SV}/cover_page_first_sheet.xlsx",
        sv_cover_page_first,
        "XLSX whose first sheet is a cover page; the export is the second sheet",
        "the sheet whose headers an instrument maps: 50 accepted",
    ),
    Input(
        f"{SV}/personal_data_in_community.csv",
        sv_personal_data_in_community,
        "a phone, a valid national ID and a respondent's name typed as the community; "
        "dotted, bracketed, +66, zero-width-split and full-width phones in a comment",
        "5 accepted, the community and comment scrubbed ([phone], [national-id], [name]); "
        "unmatched_community",
    ),
    Input(
        f"{SV}/cumulative_download_day1.csv",
        lambda: _form_download(60),
        "with day2: a cumulative form download of 60 responses",
        "60 accepted; the same response keys as day 2's first 60 rows",
    ),
    Input(
        f"{SV}/cumulative_download_day2.csv",
        lambda: _form_download(80),
        "with day1: the next day's download, day 1's 60 responses plus 20 new",
        "80 accepted: 140 rows landed, 80 distinct response keys (dbt counts 80 respondents)",
    ),
    Input(
        f"{SV}/community_typed_as_name.csv",
        sv_community_typed_as_name,
        "a respondent typed their community (บ้านแขก) into the name field",
        "not a personal name: the community ชุมชนบ้านแขก and the comment are kept as written",
    ),
    Input(
        f"{SV}/truncated_mid_character.csv",
        sv_truncated_mid_character,
        "export cut one byte into a Thai character",
        "quarantined whole, one row per line (unreadable_file): the two complete rows are not landed",
    ),
)


# Real export shapes of service-request exports (issue #17), kept apart from the inputs above.
SR_EXPORT_SHAPES: tuple[Input, ...] = (
    Input(
        f"{SR}/trailing_empty_column.csv",
        sr_trailing_empty_column,
        "Excel's trailing comma: `...,last_activity,` and every record ending with `,`; CRLF; "
        "17 records, one with a three-line comment",
        "17 read, 17 accepted; the unnamed column ignored",
    ),
    Input(
        f"{SR}/utf16le_bom.csv",
        sr_utf16le_bom,
        "the 17 records saved as UTF-16 LE with a byte-order mark (public dump, CRLF)",
        "decoded: 17 read, 17 accepted, the Thai text intact",
    ),
    Input(
        f"{SR}/utf16be_no_bom.csv",
        sr_utf16be_no_bom,
        "the 17 records saved as UTF-16 BE without a byte-order mark (API v2)",
        "decoded: 17 read, 17 accepted",
    ),
    Input(
        f"{SR}/utf16le_cut_mid_character.csv",
        sr_utf16le_cut_mid_character,
        "a UTF-16 LE export cut after an odd number of bytes",
        "quarantined whole as one record (wrong_encoding, naming UTF-16 and the file)",
    ),
    Input(
        f"{SR}/excel_unicode_text.txt",
        sr_excel_unicode_text,
        'the 17 records saved as Excel\'s "Unicode Text": UTF-16 LE, tab-separated, CRLF',
        "decoded, the tab delimiter told from the header: 17 read, 17 accepted",
    ),
    Input(
        f"{SR}/xlsx_workbook.xlsx",
        sr_xlsx_workbook,
        "the 17 records in an XLSX workbook",
        "quarantined whole as one record (unsupported_format: save as CSV UTF-8)",
    ),
    Input(
        f"{SR}/upper_case_header.csv",
        sr_upper_case_header,
        "API v2 header in upper and title case, with spaces and no-break spaces around names",
        "17 read, 17 accepted (names matched case- and space-insensitively)",
    ),
    Input(
        f"{SR}/personal_data_in_bad_timestamp.csv",
        sr_personal_data_in_bad_timestamp,
        "a phone number and name, and a national ID, typed into the creation timestamp; one in 2099",
        "3 quarantined, reasons describe the values' shape and never repeat them; 1 accepted",
    ),
)
CORPUS_INPUTS = (*INPUTS, *SR_EXPORT_SHAPES)


GENERATED_README_ROWS = [
    "| (generated) 10 MB comment, service requests | a record over DuckDB's 4 MiB line limit | "
    "that record quarantined (LINE SIZE OVER MAXIMUM); the other accepted |",
    "| (generated) 10 MB comment, survey | a cell over Python's csv field limit | "
    "that row quarantined, the other accepted |",
]


def readme() -> str:
    lines = [
        "# Malformed-input corpus",
        "",
        "Written by `make_corpus.py` (standard library only, deterministic); do not edit these files by",
        "hand: change the script and run `python tests/corpus/make_corpus.py`.",
        "`tests/orchestration/sources/test_bad_inputs.py`",
        "lands every input and asserts its outcome (counts, reason and warning codes) from a table; every",
        "input is listed with the outcome the platform guarantees. The 10 MB single-field inputs (one per",
        "source) are generated by the test into a temporary folder, never committed.",
        "",
        "| input | exercises | expected outcome |",
        "|---|---|---|",
    ]
    lines += [f"| `{i.path}` | {i.exercises} | {i.expected} |" for i in CORPUS_INPUTS]
    lines += GENERATED_README_ROWS
    count = len(CORPUS_INPUTS) + len(GENERATED_README_ROWS)
    lines += ["", f"{count} inputs: {len(CORPUS_INPUTS)} committed, {len(GENERATED_README_ROWS)} generated."]
    return "\n".join(lines) + "\n"


def write_corpus(out_dir: Path) -> list[Path]:
    written = []
    for item in CORPUS_INPUTS:
        target = out_dir / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(item.build())
        written.append(target)
    (out_dir / "README.md").write_bytes(readme().encode())
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=HERE)
    args = parser.parse_args()
    written = write_corpus(args.out_dir)
    print(f"wrote {len(written)} inputs and README.md under {args.out_dir}")


if __name__ == "__main__":
    main()
