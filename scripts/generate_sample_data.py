"""Generate the committed SYNTHETIC sample data: a community list and a year of Traffy Fondue exports.

Why this exists: the platform must run end to end on a fresh checkout, and its tests need inputs that
look like what Phitsanulok City Municipality really receives, mess included (two export layouts, BOMs,
two timestamp forms, multi-line comments, bad rows that must be quarantined, unknown labels). Real
exports contain personal data and cannot be committed, so this script invents them, deterministically:
the same seed always gives byte-identical files, so the committed files can be checked in CI.

Standard library only, so it runs before any dependency is installed:

    python scripts/generate_sample_data.py [--out-dir data/sample] [--seeds-dir dbt_project/seeds]
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import math
import random
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEED = 2566  # B.E. 2566 = 2023 C.E.; any integer gives another, equally valid sample

# Bangkok has had no daylight saving since 1920: a fixed offset avoids depending on tzdata.
BANGKOK = timezone(timedelta(hours=7), "Asia/Bangkok")
FIRST_DAY = date(2024, 11, 1)
LAST_DAY = date(2025, 10, 31)
API_V2_FROM = date(2025, 5, 1)  # the day the municipality switched from the public dump to its API export
WINDOW_END = datetime.combine(LAST_DAY + timedelta(days=1), time(), BANGKOK)

CITY_CENTRE = (16.8211, 100.2659)
CENTROID_RADIUS_M = 2300.0
MIN_CENTROID_SEPARATION_M = 260.0
NAN_RIVER_LON = 100.2600  # the Nan runs roughly north-south through the city at about this longitude
RIVER_CLEARANCE_M = 80.0
POPULATION_RANGE = (400, 2500)
POPULATION_TOTAL_RANGE = (67_800, 68_200)
TICKET_SPREAD_M = 300.0
UNASSIGNED_DISTANCE_M = 2000.0
METRES_PER_DEGREE = 111_320.0
THAILAND_BOX = ((5.0, 21.0), (97.0, 106.0))  # (lat range, lon range), as in SPEC 3.1

# The two real Traffy Fondue layouts, in their real column order (SPEC 3.1): the lander's data file.
_LAYOUTS_FILE = REPO_ROOT / "config" / "export_formats" / "traffy_layouts.json"
_LAYOUTS = json.loads(_LAYOUTS_FILE.read_text(encoding="utf-8"))["layouts"]
PUBLIC_DUMP_HEADER = tuple(_LAYOUTS["public_dump"]["columns"])
API_V2_HEADER = tuple(_LAYOUTS["exchange_api_v2"]["columns"])
AREAS_HEADER = ("area_id", "name_th", "name_en", "population", "households", "centroid_lat", "centroid_lon")

# (Thai name after "ชุมชน", English transliteration). Invented but plausible: replace with the registry.
COMMUNITIES = (
    ("วัดใหญ่", "Wat Yai"),
    ("บ้านคลอง", "Ban Khlong"),
    ("สระสองห้อง", "Sa Song Hong"),
    ("วัดจันทร์", "Wat Chan"),
    ("วัดนางพญา", "Wat Nang Phaya"),
    ("วัดราชบูรณะ", "Wat Ratchaburana"),
    ("วัดอรัญญิก", "Wat Aranyik"),
    ("วัดคูหาสวรรค์", "Wat Khuha Sawan"),
    ("วัดธรรมจักร", "Wat Thammachak"),
    ("วัดเจดีย์ยอดทอง", "Wat Chedi Yot Thong"),
    ("วัดศรีสุคต", "Wat Si Sukhot"),
    ("วัดสระแก้ว", "Wat Sa Kaeo"),
    ("วัดพันปี", "Wat Phan Pi"),
    ("วัดโพธิ์ทอง", "Wat Pho Thong"),
    ("วัดท่ามะปราง", "Wat Tha Maprang"),
    ("วัดเทพกุญชร", "Wat Thep Kunchon"),
    ("วัดนิมิตรธรรมาราม", "Wat Nimit Thammaram"),
    ("วัดแก้วโกมล", "Wat Kaeo Komon"),
    ("ตลาดใต้", "Talat Tai"),
    ("ตลาดบ้านแขก", "Talat Ban Khaek"),
    ("ริมน่าน", "Rim Nan"),
    ("เรือนแพ", "Ruean Phae"),
    ("สถานีรถไฟ", "Sathani Rot Fai"),
    ("หลังสถานีรถไฟ", "Lang Sathani Rot Fai"),
    ("บึงแก่งใหญ่", "Bueng Kaeng Yai"),
    ("คลองเมม", "Khlong Mem"),
    ("ริมคลองเมม", "Rim Khlong Mem"),
    ("คลองโคกช้าง", "Khlong Khok Chang"),
    ("บ้านแขก", "Ban Khaek"),
    ("ท่าโรง", "Tha Rong"),
    ("สะพานเอกาทศรถ", "Saphan Ekathotsarot"),
    ("พระองค์ดำ", "Phra Ong Dam"),
    ("ศรีวิชัย", "Si Wichai"),
    ("บรมไตรโลกนาถ", "Borommatrailokkanat"),
    ("พุทธบูชา", "Phuttha Bucha"),
    ("หน้าค่าย", "Na Khai"),
    ("ประชาสันติ", "Pracha Santi"),
    ("ประชาร่วมใจ", "Pracha Ruam Chai"),
    ("ร่วมใจพัฒนา", "Ruam Chai Phatthana"),
    ("สามัคคีพัฒนา", "Samakkhi Phatthana"),
    ("เกษตรสุขใจ", "Kaset Suk Chai"),
    ("มิตรภาพ", "Mittraphap"),
    ("หัวรอ", "Hua Ro"),
    ("ตลาดหัวรอ", "Talat Hua Ro"),
    ("บ้านกร่าง", "Ban Krang"),
    ("ท่าทอง", "Tha Thong"),
    ("ศาลาช่อฟ้า", "Sala Cho Fa"),
    ("บ้านสวน", "Ban Suan"),
    ("บ้านใหม่", "Ban Mai"),
    ("มหาธรรมราชา", "Maha Thammaracha"),
    ("ชัยนาม", "Chai Nam"),
    ("ศรีธรรมไตรปิฎก", "Si Thammatraipidok"),
    ("ธรรมบูชา", "Thamma Bucha"),
    ("วิสุทธิกษัตริย์", "Wisutthikasat"),
    ("คลองมะขามเทศ", "Khlong Makham Thet"),
    ("สิงหวัฒน์", "Singhawat"),
    ("จ่าการบุญ", "Cha Kan Bun"),
    ("พญาเสือ", "Phaya Suea"),
    ("โพธิ์ทองพัฒนา", "Pho Thong Phatthana"),
    ("กรมทาง", "Krom Thang"),
)

WAITING, FORWARDED, IN_PROGRESS, FINISHED = "รอรับเรื่อง", "ส่งต่อ(ใหม่)", "กำลังดำเนินการ", "เสร็จสิ้น"
OTHER_IN_PROGRESS = ("ศึกษาปัญหา", "ของบประมาณ", "จัดซื้อจัดจ้าง")
IN_PROGRESS_LABELS = (IN_PROGRESS, *OTHER_IN_PROGRESS)
UNKNOWN_STATUSES = ("รอตรวจสอบ", "รอผู้แจ้งยืนยัน")  # not in ref_statuses: exercises the warning

# Relative frequency of each known label (the reference categories of SPEC 3.1).
LABEL_WEIGHTS = {
    "ถนน": 14,
    "ทางเท้า": 6,
    "ความปลอดภัย": 4,
    "ร้องเรียน": 4,
    "ความสะอาด": 9,
    "แสงสว่าง": 8,
    "ท่อระบายน้ำ": 5,
    "กีดขวาง": 4,
    "น้ำท่วม": 2,
    "เสียงรบกวน": 3,
    "ป้าย": 2,
    "จราจร": 3,
    "ต้นไม้": 4,
    "คลอง": 1.5,
    "สัตว์จรจัด": 4,
    "สายไฟ": 3,
    "สะพาน": 1,
    "คนจรจัด": 1,
    "PM2.5": 0.5,
    "สอบถาม": 2,
    "เสนอแนะ": 2,
    "ห้องน้ำ": 0.5,
    "ป้ายจราจร": 1,
    "การเดินทาง": 1,
}
# Month multipliers: floods and blocked drains in the rainy season (peak Aug-Oct), haze in Jan-Apr.
SEASONAL_FACTORS = {
    "น้ำท่วม": {5: 2, 6: 3, 7: 4, 8: 10, 9: 14, 10: 10, 11: 2},
    "ท่อระบายน้ำ": {5: 1.5, 6: 2, 7: 2, 8: 3.5, 9: 4, 10: 3.5},
    "คลอง": {6: 1.5, 7: 2, 8: 3.5, 9: 4, 10: 3.5, 11: 1.5},
    "ต้นไม้": {5: 1.5, 6: 1.5, 7: 1.5, 8: 2, 9: 2, 10: 1.5},
    "PM2.5": {12: 4, 1: 12, 2: 20, 3: 24, 4: 12, 5: 2},
}
STORM_FACTORS = {"น้ำท่วม": 4, "ท่อระบายน้ำ": 2, "ต้นไม้": 2}
MONTH_VOLUME = {
    11: 0.85,
    12: 0.8,
    1: 0.85,
    2: 0.9,
    3: 1.0,
    4: 0.9,
    5: 0.95,
    6: 1.05,
    7: 1.1,
    8: 1.35,
    9: 1.5,
    10: 1.4,
}
BASE_TICKETS_PER_DAY = 9.0
WEEKEND_VOLUME = 0.75
STORM_DAYS = 4
STORM_VOLUME = 2.5
# Hour-of-day weights (Bangkok time) for when citizens file a ticket.
HOUR_WEIGHTS = (1, 0.5, 0.3, 0.3, 0.5, 1, 3, 6, 9, 10, 10, 9, 8, 9, 9, 9, 8, 8, 9, 9, 8, 6, 4, 2)

# Median hours from creation to finish is MEDIAN_HOURS_TO_FINISH times the first label's factor.
MEDIAN_HOURS_TO_FINISH = 40.0
FINISH_SIGMA = 1.3
SLOWNESS = {
    "ถนน": 1.6,
    "ทางเท้า": 1.6,
    "สะพาน": 2.5,
    "ป้ายจราจร": 1.3,
    "ความสะอาด": 0.5,
    "สัตว์จรจัด": 0.8,
    "น้ำท่วม": 0.4,
    "PM2.5": 0.6,
    "สอบถาม": 0.3,
    "กีดขวาง": 0.6,
}
P_FINISH = 0.84
P_STALLED_IN_PROGRESS = 0.55  # of the never-finished tickets
P_FORWARDED = 0.12
P_SKIP_IN_PROGRESS = 0.12
P_OTHER_IN_PROGRESS = 0.25
P_UNKNOWN_STATUS = 0.05
P_REOPEN = 0.05
P_REOPEN_TWICE = 0.25
P_RATED = 0.40
STAR_WEIGHTS = {"1": 4, "2": 4, "3": 10, "4": 27, "5": 55}
P_EMPTY_TYPE = 0.08
P_MULTI_LABEL = 0.22
P_THREE_LABELS = 0.15  # of the multi-label tickets
P_FAR = 0.05
P_BOUNDARY_SUBDISTRICT = 0.08
P_PHOTO = 0.75
P_PHOTO_AFTER = 0.5
P_NAIVE_TIMESTAMPS = 0.3
P_MULTILINE = 0.05
P_COMMA_ADDENDUM = 0.08
P_POLITE = 0.4
P_DIVISION = 0.7
P_POWER_AUTHORITY = 0.3

# Deliberate anomalies, as exact counts.
EMPTY_TICKET_ID_ROWS = 10
BAD_TIMESTAMPS = ("not-a-date", "N/A", "2025-02-30 25:61:00", "", "ไม่ระบุ")
MIN_ROWS_FOR_BAD_ROW = 20
UNKNOWN_LABEL_TICKETS = 10
OUTSIDE_THAILAND = ((0.0, 0.0), (35.68950, 139.69171), (1.35208, 103.81984))  # (lat, lon)
EMPTY_COORD_TICKETS = 3
INVALID_STARS = ("6", "abc")

CITY_ORG = "เทศบาลนครพิษณุโลก"
POWER_AUTHORITY = "การไฟฟ้าส่วนภูมิภาคจังหวัดพิษณุโลก"
DIVISIONS = {
    "กองช่าง": ("ถนน", "ทางเท้า", "ท่อระบายน้ำ", "น้ำท่วม", "สะพาน", "คลอง", "ป้ายจราจร", "แสงสว่าง", "สายไฟ"),
    "กองสาธารณสุขและสิ่งแวดล้อม": ("ความสะอาด", "PM2.5", "สัตว์จรจัด", "เสียงรบกวน", "ห้องน้ำ", "ต้นไม้"),
    "สำนักปลัดเทศบาล": ("ความปลอดภัย", "กีดขวาง", "จราจร", "ป้าย", "คนจรจัด", "การเดินทาง", "ร้องเรียน"),
}
INNER_SUBDISTRICT = "ในเมือง"
BOUNDARY_SUBDISTRICTS = ("อรัญญิก", "ท่าทอง", "บ้านคลอง", "หัวรอ")
OUTER_SUBDISTRICTS = (
    "อรัญญิก",
    "ท่าทอง",
    "บ้านคลอง",
    "หัวรอ",
    "วัดจันทร์",
    "บึงพระ",
    "สมอแข",
    "ดอนทอง",
    "พลายชุมพล",
    "มะขามสูง",
    "ไผ่ขอดอน",
    "งิ้วงาม",
    "บ้านป่า",
    "ปากโทก",
    "จอมทอง",
)
DISTRICT, PROVINCE, POSTCODE = "เมืองพิษณุโลก", "พิษณุโลก", "65000"

ROADS = (
    "ถนนบรมไตรโลกนาถ",
    "ถนนพุทธบูชา",
    "ถนนเอกาทศรถ",
    "ถนนนเรศวร",
    "ถนนสิงหวัฒน์",
    "ถนนพระองค์ดำ",
    "ถนนศรีธรรมไตรปิฎก",
    "ถนนวิสุทธิกษัตริย์",
    "ถนนมหาธรรมราชา",
    "ถนนพญาลิไท",
    "ถนนราเมศวร",
    "ถนนสีหราชเดโชชัย",
    "ถนนพระร่วง",
    "ถนนมิตรภาพ",
    "ถนนธรรมบูชา",
    "ถนนวังจันทน์",
)
LANDMARKS = (
    "ตลาดใต้",
    "สถานีรถไฟพิษณุโลก",
    "สวนชมน่าน",
    "สะพานเอกาทศรถ",
    "ศาลากลางจังหวัด",
    "ตลาดโต้รุ่ง",
    "หน้าโรงเรียนเทศบาล",
    "ท่าน้ำวัดใหญ่",
    "ป้ายรถเมล์",
    "สี่แยกอินโดจีน",
    "ริมแม่น้ำน่าน",
    "ปากซอย",
    "ท้ายซอย",
    "หน้าเซเว่น",
)
SHOPS = ("ก๋วยเตี๋ยวลุงแดง", "ข้าวต้มเจ๊ใจ", "ร้านซ่อมรถช่างเอก", "ชาบูบ้านสวน", "กาแฟริมน่าน")
COMPLAINTS = {
    "ถนน": (
        "ถนนเป็นหลุมเป็นบ่อ {where} รถจักรยานยนต์เกือบล้มหลายครั้ง",
        "ผิวถนนทรุดตัว {where} น้ำขังทุกครั้งที่ฝนตก",
        "ฝาท่อบนถนนยุบ {where} อันตรายมากตอนกลางคืน",
    ),
    "ทางเท้า": ("ทางเท้าชำรุด กระเบื้องแตก {where} คนเดินสะดุดล้ม", "มีร้านค้าวางของบนทางเท้า {where} ต้องลงไปเดินบนถนน"),
    "ความปลอดภัย": ("มีกลุ่มวัยรุ่นมั่วสุมตอนดึก {where} รู้สึกไม่ปลอดภัย", "รั้วริมตลิ่งพัง {where} เด็กเล่นแถวนั้นเป็นประจำ"),
    "ร้องเรียน": ("ร้องเรียนร้านค้าตั้งโต๊ะล้ำถนน {where}", "แจ้งเรื่องไปแล้วแต่ยังไม่มีเจ้าหน้าที่มาดู {where}"),
    "ความสะอาด": ("ขยะไม่มีคนมาเก็บหลายวันแล้ว {where} ส่งกลิ่นเหม็น", "มีคนนำขยะมาทิ้งริมถนน {where} เป็นกองใหญ่"),
    "แสงสว่าง": ("ไฟส่องสว่างดับหลายต้น {where} มืดมาก", "เสาไฟทางดับ {where} ตอนกลางคืนมองไม่เห็นทาง"),
    "ท่อระบายน้ำ": ("ท่อระบายน้ำอุดตัน {where} น้ำไม่ไหล ส่งกลิ่นเหม็น", "ฝาท่อระบายน้ำหาย {where} เกรงว่าจะมีคนตกลงไป"),
    "กีดขวาง": ("มีรถจอดกีดขวางทางเข้าออก {where} เป็นประจำ", "วัสดุก่อสร้างกองบนถนน {where} กีดขวางการจราจร"),
    "น้ำท่วม": (
        "น้ำท่วมขังสูงประมาณ 30 ซม. {where} รถเล็กผ่านไม่ได้",
        "ฝนตกหนักเมื่อคืน น้ำท่วมเข้าบ้าน {where}",
        "ระดับน้ำในแม่น้ำน่านสูงขึ้นมาก น้ำเริ่มล้นตลิ่ง {where}",
    ),
    "เสียงรบกวน": ("ร้านอาหารเปิดเพลงเสียงดังถึงตีสอง {where}", "ก่อสร้างตอนกลางคืน เสียงดังรบกวนการพักผ่อน {where}"),
    "ป้าย": ("ป้ายโฆษณาติดบนเสาไฟฟ้า {where} บดบังทัศนียภาพ", "ป้ายชื่อซอยหักล้ม {where}"),
    "จราจร": ("รถติดมากช่วงเช้า {where} ไม่มีเจ้าหน้าที่อำนวยการจราจร", "สัญญาณไฟจราจรเสีย {where}"),
    "ต้นไม้": ("กิ่งไม้ใหญ่หักพาดสายไฟ {where} หลังพายุเมื่อคืน", "ต้นไม้รกบังป้ายและไฟจราจร {where} ขอให้ตัดแต่ง"),
    "คลอง": ("ผักตบชวาเต็มคลอง {where} น้ำไหลไม่สะดวก", "มีคนทิ้งขยะลงคลอง {where} น้ำเน่าเสีย"),
    "สัตว์จรจัด": ("สุนัขจรจัดหลายตัวไล่กัดคนที่เดินผ่าน {where}", "มีแมวจรจัดจำนวนมาก {where} ขอให้มาจับไปทำหมัน"),
    "สายไฟ": ("สายไฟสายสื่อสารห้อยต่ำ {where} รถบรรทุกเกี่ยว", "สายไฟระโยงระยาง ไม่เรียบร้อย {where}"),
    "สะพาน": ("ราวสะพานชำรุด {where} อันตรายต่อคนเดินเท้า", "พื้นสะพานไม้ผุ {where}"),
    "คนจรจัด": ("มีคนเร่ร่อนนอนอยู่ {where} ทุกคืน ขอให้หน่วยงานช่วยดูแล",),
    "PM2.5": ("ควันจากการเผาหญ้าและขยะ {where} ฝุ่นควันเต็มบ้าน", "ค่าฝุ่น PM2.5 สูงมากหลายวันแล้ว ขอให้ฉีดพ่นน้ำ {where}"),
    "สอบถาม": ("สอบถามวันเก็บขยะ {where} ว่าเก็บวันไหนบ้าง", "สอบถามขั้นตอนขออนุญาตต่อเติมบ้าน {where}"),
    "เสนอแนะ": ("อยากให้ติดตั้งกล้องวงจรปิด {where}", "เสนอให้ทำทางม้าลายเพิ่ม {where} นักเรียนข้ามถนนลำบาก"),
    "ห้องน้ำ": ("ห้องน้ำสาธารณะ {where} สกปรก ไม่มีน้ำใช้",),
    "ป้ายจราจร": ("ป้ายจราจรล้มลงมา {where}", "ป้ายห้ามจอดถูกต้นไม้บัง {where}"),
    "การเดินทาง": ("รถสองแถวไม่ผ่าน {where} ช่วงเย็น เดินทางลำบาก", "ไม่มีที่จอดรถรับส่งนักเรียน {where}"),
}
GENERIC_COMPLAINTS = ("ขอให้เจ้าหน้าที่มาตรวจสอบ {where}", "มีปัญหา {where} รบกวนช่วยแก้ไขด้วย")
# Labels the reference table does not know (SPEC 3.1: they map to 'other' with a warning).
UNKNOWN_LABELS = {
    "ขยะล้น": "ถังขยะล้น {where} ไม่มีรถมาเก็บหลายวันแล้ว",
    "ไฟดับ": "ไฟฟ้าดับทั้งซอย {where} ตั้งแต่เมื่อคืน",
    "หาบเร่แผงลอย": "หาบเร่แผงลอยตั้งขายบนทางเท้า {where}",
    "ยุงลาย": "ยุงเยอะมาก {where} ขอให้มาพ่นหมอกควันกำจัดยุงลาย",
}
FOLLOW_UPS = ("แจ้งเป็นครั้งที่สองแล้ว", "รบกวนช่วยด่วนด้วย", "เป็นมาหลายวันแล้ว\nขอบคุณค่ะ", "ตามรูปที่แนบมา")
COMMA_ADDENDA = ("ขอบคุณครับ", "รบกวนด้วยค่ะ", "ช่วยด่วน", "เด็กและผู้สูงอายุใช้เส้นทางนี้ประจำ")
PHOTO_URL = "https://storage.googleapis.com/traffy_public_bucket/attachment/{month}/{digest:040x}.jpg"


@dataclass(frozen=True)
class Area:
    area_id: str
    name_th: str
    name_en: str
    population: int
    households: int
    lat: float
    lon: float


@dataclass(frozen=True)
class Event:
    """One status change: what a daily export shows if it is the day's last change of the ticket."""

    at: datetime
    status: str
    reopen: int = 0
    star: str = ""


@dataclass(frozen=True)
class Ticket:
    ticket_id: str
    created: datetime
    labels: tuple[str, ...]
    place: str  # where the citizen says the problem is, as written in the comment
    comment: str
    lat: float | None
    lon: float | None
    address: str
    subdistrict: str
    handler: str  # the organisation once the city has routed the ticket
    photo: str
    photo_after: str
    events: tuple[Event, ...]


@dataclass(frozen=True)
class DayFile:
    day: date
    naive_timestamps: bool

    @property
    def api_v2(self) -> bool:
        return self.day >= API_V2_FROM

    @property
    def bom(self) -> bool:
        return not self.api_v2 and self.day.day == 1

    @property
    def name(self) -> str:
        return f"traffy_plk_{self.day.isoformat()}.csv"


@dataclass
class Observation:
    """One export row before formatting; mutable so the deliberate anomalies can be injected."""

    ticket_id: str
    type: str
    organization: str
    comment: str
    lat: float | None
    lon: float | None
    photo: str
    photo_after: str
    address: str
    subdistrict: str
    timestamp: datetime | str  # a str only for the deliberately unparseable rows
    status: str
    star: str
    count_reopen: str
    last_activity: datetime
    timestamp_inprogress: datetime | None
    timestamp_finished: datetime | None
    org_finished: str
    confirmed: str

    @property
    def point(self) -> tuple[float, float] | None:
        """(lat, lon), or None when the export has no location."""
        return None if self.lat is None or self.lon is None else (self.lat, self.lon)


# --- geometry -----------------------------------------------------------------------------------------


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance; SPEC assigns tickets by distance, so the sample is checked the same way."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def offset(lat: float, lon: float, north_m: float, east_m: float) -> tuple[float, float]:
    """Move a point by metres; flat-earth is exact enough over a few kilometres."""
    return (
        lat + north_m / METRES_PER_DEGREE,
        lon + east_m / (METRES_PER_DEGREE * math.cos(math.radians(lat))),
    )


def nearest_area_m(areas: Sequence[Area], lat: float, lon: float) -> float:
    return min(distance_m(lat, lon, area.lat, area.lon) for area in areas)


def in_thailand(lat: float, lon: float) -> bool:
    (lat_lo, lat_hi), (lon_lo, lon_hi) = THAILAND_BOX
    return lat_lo <= lat <= lat_hi and lon_lo <= lon <= lon_hi


# --- areas --------------------------------------------------------------------------------------------


def place_centroids(rng: random.Random, count: int) -> list[tuple[float, float]]:
    """Uniform points in the municipality's disc, off the river and apart from each other."""
    points: list[tuple[float, float]] = []
    while len(points) < count:
        radius = CENTROID_RADIUS_M * math.sqrt(rng.random())
        angle = rng.uniform(0, 2 * math.pi)
        lat, lon = offset(*CITY_CENTRE, radius * math.cos(angle), radius * math.sin(angle))
        lat, lon = round(lat, 5), round(lon, 5)
        river_gap_m = abs(lon - NAN_RIVER_LON) * METRES_PER_DEGREE * math.cos(math.radians(lat))
        if river_gap_m < RIVER_CLEARANCE_M:
            continue
        if all(distance_m(lat, lon, *other) >= MIN_CENTROID_SEPARATION_M for other in points):
            points.append((lat, lon))
    return points


def draw_populations(rng: random.Random, count: int) -> list[int]:
    """Log-normal community sizes, clipped to a plausible range and nudged to the city's total."""
    low, high = POPULATION_RANGE
    target = rng.randint(*POPULATION_TOTAL_RANGE)
    raw = [rng.lognormvariate(math.log(1050), 0.45) for _ in range(count)]
    scale = target / sum(raw)
    populations = [min(max(round(value * scale), low), high) for value in raw]
    index = 0
    while (gap := target - sum(populations)) != 0:
        step = 1 if gap > 0 else -1
        if low <= populations[index] + step <= high:
            populations[index] += step
        index = (index + 1) % count
    return populations


def build_areas(rng: random.Random) -> list[Area]:
    points = place_centroids(rng, len(COMMUNITIES))
    populations = draw_populations(rng, len(COMMUNITIES))
    areas = []
    for number, ((name_th, name_en), (lat, lon), population) in enumerate(
        zip(COMMUNITIES, points, populations, strict=True), start=1
    ):
        households = round(population / rng.uniform(2.6, 3.2))
        areas.append(
            Area(
                f"PLK-C{number:02d}",
                f"ชุมชน{name_th}",
                f"{name_en} Community",
                population,
                households,
                lat,
                lon,
            )
        )
    return areas


# --- tickets ------------------------------------------------------------------------------------------


def poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method: the daily means here are small, and random has no Poisson sampler."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def hours(value: float) -> timedelta:
    return timedelta(microseconds=round(value * 3_600_000_000))


def choose_labels(rng: random.Random, day: date, storm: bool) -> tuple[str, ...]:
    """Seasonal label mix: a ticket's first label drives its text, handler and speed."""
    if rng.random() < P_EMPTY_TYPE:
        return ()
    names = list(LABEL_WEIGHTS)
    weights = [
        LABEL_WEIGHTS[name]
        * SEASONAL_FACTORS.get(name, {}).get(day.month, 1)
        * (STORM_FACTORS.get(name, 1) if storm else 1)
        for name in names
    ]
    wanted = 1
    if rng.random() < P_MULTI_LABEL:
        wanted = 3 if rng.random() < P_THREE_LABELS else 2
    labels: list[str] = []
    while len(labels) < wanted:
        label = rng.choices(names, weights)[0]
        if label not in labels:
            labels.append(label)
    return tuple(labels)


def describe_place(rng: random.Random, area: Area, road: str) -> str:
    roll = rng.random()
    if roll < 0.35:
        return f"บริเวณ{rng.choice(LANDMARKS)}"
    if roll < 0.7:
        return f"{road} ซอย {rng.randint(1, 18)}"
    if roll < 0.97:
        return f"ใน{area.name_th}"
    return f'หน้าร้าน "{rng.choice(SHOPS)}"'  # double quotes inside a field must survive CSV escaping


def compose_comment(rng: random.Random, template: str, place: str) -> str:
    """Short Thai complaint; some carry commas, quotes or a second line, as citizens type them."""
    text = template.format(where=place)
    roll = rng.random()
    if roll < P_MULTILINE:
        text += "\n" + rng.choice(FOLLOW_UPS)
    elif roll < P_MULTILINE + P_COMMA_ADDENDUM:
        text += ", " + rng.choice(COMMA_ADDENDA)
    if rng.random() < P_POLITE:
        text += rng.choice((" ครับ", " ค่ะ"))
    return text


def handler_for(rng: random.Random, labels: tuple[str, ...]) -> str:
    """The division a routed ticket lands with; wires and lights sometimes also go to the power authority."""
    first = labels[0] if labels else ""
    division = next((name for name, owned in DIVISIONS.items() if first in owned), "")
    organisation = f"{division} {CITY_ORG}" if division and rng.random() < P_DIVISION else CITY_ORG
    if first in ("สายไฟ", "แสงสว่าง") and rng.random() < P_POWER_AUTHORITY:
        organisation += "," + POWER_AUTHORITY
    return organisation


def locate(rng: random.Random, areas: Sequence[Area], road: str) -> tuple[float, float, str, str]:
    """Coordinates and address: most near a community (weighted by population), a few outside the city."""
    house = str(rng.randint(1, 499)) + (f"/{rng.randint(1, 40)}" if rng.random() < 0.4 else "")
    if rng.random() < P_FAR:
        while True:
            distance, angle = rng.uniform(4600, 12000), rng.uniform(0, 2 * math.pi)
            lat, lon = offset(*CITY_CENTRE, distance * math.cos(angle), distance * math.sin(angle))
            if nearest_area_m(areas, lat, lon) > UNASSIGNED_DISTANCE_M + 50:
                break
        subdistrict = rng.choice(OUTER_SUBDISTRICTS)
        return lat, lon, subdistrict, f"{house} หมู่ {rng.randint(1, 12)} ต.{subdistrict}"
    area = rng.choices(areas, [a.population for a in areas])[0]
    lat, lon = offset(area.lat, area.lon, rng.gauss(0, TICKET_SPREAD_M), rng.gauss(0, TICKET_SPREAD_M))
    subdistrict = INNER_SUBDISTRICT
    if rng.random() < P_BOUNDARY_SUBDISTRICT:
        subdistrict = rng.choice(BOUNDARY_SUBDISTRICTS)
    return lat, lon, subdistrict, f"{house} {road} ต.{subdistrict}"


def new_ticket_id(rng: random.Random, created: datetime, taken: set[str]) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    while True:
        ticket_id = f"{created.astimezone(BANGKOK).year}-" + "".join(rng.choices(alphabet, k=6))
        if ticket_id not in taken:
            taken.add(ticket_id)
            return ticket_id


def photo_url(rng: random.Random, created: datetime) -> str:
    return PHOTO_URL.format(month=created.strftime("%Y-%m"), digest=rng.getrandbits(160))


def append_event(events: list[Event], at: datetime, status: str, reopen: int = 0) -> None:
    """Status changes are at least five minutes apart and strictly ordered, as the source system's are."""
    events.append(Event(max(at, events[-1].at + timedelta(minutes=5)), status, reopen))


def stall(rng: random.Random, events: list[Event], in_progress: str, unknown_step: bool) -> None:
    """A ticket that is never finished: left waiting, or taken up and then stuck."""
    created = events[0].at
    if rng.random() < P_STALLED_IN_PROGRESS:
        append_event(events, created + hours(rng.lognormvariate(math.log(24), 1.0)), in_progress)
    if unknown_step:
        pause = hours(rng.lognormvariate(math.log(48), 1.0))
        append_event(events, events[-1].at + pause, rng.choice(UNKNOWN_STATUSES))


def finish(
    rng: random.Random, events: list[Event], labels: tuple[str, ...], in_progress: str, unknown_step: bool
) -> None:
    """Finished after a log-normal time (slower for roads and bridges), maybe reopened and rated."""
    created = events[0].at
    slowness = SLOWNESS.get(labels[0], 1.0) if labels else 1.0
    total = max(0.3, rng.lognormvariate(math.log(MEDIAN_HOURS_TO_FINISH * slowness), FINISH_SIGMA))
    if rng.random() >= P_SKIP_IN_PROGRESS:
        append_event(events, created + hours(total * rng.uniform(0.1, 0.5)), in_progress)
    if unknown_step:
        append_event(events, created + hours(total * rng.uniform(0.6, 0.9)), rng.choice(UNKNOWN_STATUSES))
    reopens = 0
    if rng.random() < P_REOPEN:
        reopens = 2 if rng.random() < P_REOPEN_TWICE else 1
    append_event(events, created + hours(total), FINISHED)
    for count in range(1, reopens + 1):
        append_event(events, events[-1].at + hours(rng.lognormvariate(math.log(48), 0.8)), IN_PROGRESS, count)
        append_event(events, events[-1].at + hours(rng.lognormvariate(math.log(72), 0.8)), FINISHED, count)
    if rng.random() < P_RATED:
        star = rng.choices(list(STAR_WEIGHTS), list(STAR_WEIGHTS.values()))[0]
        events[-1] = dataclasses.replace(events[-1], star=star)


def lifecycle(rng: random.Random, created: datetime, labels: tuple[str, ...]) -> list[Event]:
    """Status changes over the ticket's life: waiting, maybe forwarded, in progress, finished, reopened."""
    events = [Event(created + timedelta(microseconds=rng.randint(0, 30_000)), WAITING)]
    if rng.random() < P_FORWARDED:
        append_event(events, created + hours(rng.lognormvariate(math.log(3), 1.0)), FORWARDED)
    in_progress = IN_PROGRESS
    if rng.random() < P_OTHER_IN_PROGRESS:
        in_progress = rng.choice(OTHER_IN_PROGRESS)
    unknown_step = rng.random() < P_UNKNOWN_STATUS
    if rng.random() < P_FINISH:
        finish(rng, events, labels, in_progress, unknown_step)
    else:
        stall(rng, events, in_progress, unknown_step)
    return events


def make_ticket(rng: random.Random, day: date, storm: bool, areas: Sequence[Area], taken: set[str]) -> Ticket:
    moment = time(
        rng.choices(range(24), HOUR_WEIGHTS)[0],
        rng.randrange(60),
        rng.randrange(60),
        rng.randrange(1_000_000),
    )
    created = datetime.combine(day, moment, BANGKOK).astimezone(UTC)
    labels = choose_labels(rng, day, storm)
    road = rng.choice(ROADS)
    lat, lon, subdistrict, street = locate(rng, areas, road)
    place = describe_place(rng, min(areas, key=lambda a: distance_m(lat, lon, a.lat, a.lon)), road)
    templates = COMPLAINTS.get(labels[0], GENERIC_COMPLAINTS) if labels else GENERIC_COMPLAINTS
    events = [e for e in lifecycle(rng, created, labels) if e.at < WINDOW_END]
    return Ticket(
        ticket_id=new_ticket_id(rng, created, taken),
        created=created,
        labels=labels,
        place=place,
        comment=compose_comment(rng, rng.choice(templates), place),
        lat=round(lat, 5),
        lon=round(lon, 5),
        address=f"{street} อ.{DISTRICT} จ.{PROVINCE} {POSTCODE}",
        subdistrict=subdistrict,
        handler=handler_for(rng, labels),
        photo=photo_url(rng, created) if rng.random() < P_PHOTO else "",
        photo_after=photo_url(rng, created) if rng.random() < P_PHOTO_AFTER else "",
        events=tuple(events),
    )


def bangkok_day(moment: datetime) -> date:
    return moment.astimezone(BANGKOK).date()


def each_day() -> list[date]:
    return [FIRST_DAY + timedelta(days=n) for n in range((LAST_DAY - FIRST_DAY).days + 1)]


def daily_mean(day: date, storm: bool) -> float:
    mean = BASE_TICKETS_PER_DAY * MONTH_VOLUME[day.month]
    if day.weekday() >= 5:
        mean *= WEEKEND_VOLUME
    return mean * (STORM_VOLUME if storm else 1)


def generate_tickets(rng: random.Random, areas: Sequence[Area]) -> list[Ticket]:
    """All tickets created in the window, with more in the rainy season and a few storm days."""
    rainy_days = [day for day in each_day() if day.month in (8, 9, 10)]
    storms = set(rng.sample(rainy_days, STORM_DAYS))
    taken: set[str] = set()
    return [
        make_ticket(rng, day, day in storms, areas, taken)
        for day in each_day()
        for _ in range(poisson(rng, daily_mean(day, day in storms)))
    ]


def observed_days(ticket: Ticket) -> dict[date, int]:
    """Day -> index of that day's last event: a daily export shows a ticket once, in its end-of-day state."""
    return {bangkok_day(event.at): index for index, event in enumerate(ticket.events)}


def whole_seconds(ticket: Ticket) -> Ticket:
    """Drop microseconds, so a ticket printed in both timestamp forms keeps exactly the same instants."""

    def floor(moment: datetime) -> datetime:
        return moment.replace(microsecond=0)

    return dataclasses.replace(
        ticket,
        created=floor(ticket.created),
        events=tuple(dataclasses.replace(event, at=floor(event.at)) for event in ticket.events),
    )


def with_unknown_label(rng: random.Random, ticket: Ticket) -> Ticket:
    """A label the reference table lacks, alone or after a known one, with a comment that fits it."""
    label = rng.choice(sorted(UNKNOWN_LABELS))
    comment = compose_comment(rng, UNKNOWN_LABELS[label], ticket.place)
    return dataclasses.replace(ticket, labels=(*ticket.labels[:1], label), comment=comment)


# --- rows ---------------------------------------------------------------------------------------------


def observation(ticket: Ticket, index: int) -> Observation:
    """The ticket as it stood after event ``index``: what that day's export shows."""
    event = ticket.events[index]
    history = ticket.events[: index + 1]
    routed = any(e.status != WAITING for e in history)
    organisation = ticket.handler if routed else CITY_ORG
    finished = event.status == FINISHED
    return Observation(
        ticket_id=ticket.ticket_id,
        type="{" + ",".join(ticket.labels) + "}",
        organization=organisation,
        comment=ticket.comment,
        lat=ticket.lat,
        lon=ticket.lon,
        photo=ticket.photo,
        photo_after=ticket.photo_after if finished else "",
        address=ticket.address,
        subdistrict=ticket.subdistrict,
        timestamp=ticket.created,
        status=event.status,
        star=event.star if finished else "",
        count_reopen=str(event.reopen),
        last_activity=event.at,
        timestamp_inprogress=next((e.at for e in history if e.status in IN_PROGRESS_LABELS), None),
        timestamp_finished=event.at if finished else None,
        org_finished=organisation if finished else "",
        confirmed="true" if routed else "false",
    )


def build_rows(tickets: Sequence[Ticket]) -> dict[date, list[Observation]]:
    rows: dict[date, list[Observation]] = {day: [] for day in each_day()}
    for ticket in tickets:
        for day, index in observed_days(ticket).items():
            rows[day].append(observation(ticket, index))
    return rows


def format_timestamp(value: datetime | str | None, naive: bool) -> str:
    """Traffy's Postgres form in UTC (fraction omitted when zero, as Postgres prints it) or Bangkok local."""
    if not isinstance(value, datetime):
        return value or ""
    if naive:
        return value.astimezone(BANGKOK).strftime("%Y-%m-%d %H:%M:%S")
    moment = value.astimezone(UTC)
    fraction = f".{moment.microsecond:06d}" if moment.microsecond else ""
    return moment.strftime("%Y-%m-%d %H:%M:%S") + fraction + "+00"


def export_fields(row: Observation, naive: bool) -> dict[str, str]:
    """Every column of both layouts; a layout picks its columns by name from this."""
    lat, lon = (f"{value:.5f}" for value in row.point) if row.point else ("", "")
    return {
        "ticket_id": row.ticket_id,
        "type": row.type,
        "organization": row.organization,
        "comment": row.comment,
        "description": row.comment,
        "coords": f"{lon},{lat}" if row.point else "",  # longitude first
        "latitude": lat,
        "longitude": lon,
        "photo": row.photo,
        "photo_after": row.photo_after,
        "address": row.address,
        "subdistrict": row.subdistrict,
        "district": DISTRICT,
        "province": PROVINCE,
        "timestamp": format_timestamp(row.timestamp, naive),
        "state": row.status,
        "status": row.status,
        "star": row.star,
        "count_reopen": row.count_reopen,
        "last_activity": format_timestamp(row.last_activity, naive),
        "timestamp_inprogress": format_timestamp(row.timestamp_inprogress, naive),
        "timestamp_finished": format_timestamp(row.timestamp_finished, naive),
        "org_finished": row.org_finished,
        "confirmed": row.confirmed,
    }


# --- anomalies ----------------------------------------------------------------------------------------


def spread_pick(candidates: Sequence[date], count: int) -> list[date]:
    """Evenly spaced picks, so deliberate bad rows land all over the year rather than in one month."""
    return [candidates[int((n + 0.5) * len(candidates) / count)] for n in range(count)]


def add_quarantine_rows(
    rng: random.Random, rows: dict[date, list[Observation]], areas: Sequence[Area], taken: set[str]
) -> None:
    """One unacceptable row (no ticket id, or no parseable creation time) in each of several busy days.

    Busy days only, so such rows stay a small share of any one file; each is a one-off ticket that
    appears nowhere else, so the valid ticket count is unaffected.
    """
    kinds: list[str | None] = [None] * EMPTY_TICKET_ID_ROWS + list(BAD_TIMESTAMPS)
    rng.shuffle(kinds)
    busy = [day for day, day_rows in rows.items() if len(day_rows) >= MIN_ROWS_FOR_BAD_ROW]
    for day, bad_timestamp in zip(spread_pick(busy, len(kinds)), kinds, strict=True):
        row = observation(make_ticket(rng, day, False, areas, taken), 0)
        if bad_timestamp is None:
            row.ticket_id = ""
        else:
            row.timestamp = bad_timestamp
        rows[day].append(row)


def break_coordinates(rng: random.Random, tickets: list[Ticket]) -> None:
    """Bogus locations go on tickets nobody acted on (seen once), as happens when the pin is useless."""
    seen_once = [n for n, ticket in enumerate(tickets) if len(observed_days(ticket)) == 1]
    nowhere: list[tuple[float | None, float | None]] = [(None, None)] * EMPTY_COORD_TICKETS
    spots = [*OUTSIDE_THAILAND, *nowhere]
    for index, (lat, lon) in zip(rng.sample(seen_once, len(spots)), spots, strict=True):
        tickets[index] = dataclasses.replace(tickets[index], lat=lat, lon=lon)


def break_stars(rng: random.Random, rows: dict[date, list[Observation]]) -> None:
    """One invalid star on each layout's side, on a finished observation."""
    for value, on_api_side in zip(INVALID_STARS, (False, True), strict=True):
        finished = [
            row
            for day, day_rows in rows.items()
            for row in day_rows
            if row.status == FINISHED and (day >= API_V2_FROM) == on_api_side
        ]
        rng.choice(finished).star = value


# --- summary ------------------------------------------------------------------------------------------


def share(part: int, whole: int) -> str:
    return f"{part:,} ({100 * part / whole:.1f}%)" if whole else "0"


def area_facts(areas: Sequence[Area]) -> list[tuple[str, str]]:
    separation = min(distance_m(a.lat, a.lon, b.lat, b.lon) for a in areas for b in areas if a is not b)
    reach = max(distance_m(*CITY_CENTRE, a.lat, a.lon) for a in areas)
    west = sum(a.lon < NAN_RIVER_LON for a in areas)
    return [
        ("communities", f"{len(areas)}"),
        ("population (sum)", f"{sum(a.population for a in areas):,}"),
        ("households (sum)", f"{sum(a.households for a in areas):,}"),
        ("population range", f"{min(a.population for a in areas):,}-{max(a.population for a in areas):,}"),
        ("west / east bank of the Nan", f"{west} / {len(areas) - west}"),
        ("closest two centroids", f"{separation:.0f} m"),
        ("farthest centroid from the city centre", f"{reach:.0f} m"),
    ]


def volume_facts(
    files: Sequence[DayFile], rows: dict[date, list[Observation]], tickets: Sequence[Ticket]
) -> list[tuple[str, str]]:
    all_rows = [row for day_rows in rows.values() for row in day_rows]
    api_rows = sum(len(rows[f.day]) for f in files if f.api_v2)
    naive_rows = sum(len(rows[f.day]) for f in files if f.naive_timestamps)
    current = [ticket.events[-1] for ticket in tickets]
    finished = [t for t in tickets if t.events[-1].status == FINISHED]
    slow = sum(t.events[-1].at - t.created > timedelta(days=30) for t in finished)
    valid_rows = len(all_rows) - EMPTY_TICKET_ID_ROWS - len(BAD_TIMESTAMPS)
    return [
        ("daily files", f"{len(files)} ({FIRST_DAY} to {LAST_DAY})"),
        ("files in the public dump layout (before 2025-05-01)", f"{sum(not f.api_v2 for f in files)}"),
        ("files in the exchange API v2 layout", f"{sum(f.api_v2 for f in files)}"),
        ("files with a UTF-8 BOM (1st of the month, public dump)", f"{sum(f.bom for f in files)}"),
        ("files with Bangkok-local timestamps (no offset)", f"{sum(f.naive_timestamps for f in files)}"),
        ("rows (observations)", f"{len(all_rows):,}"),
        ("rows in public dump / API v2 files", f"{len(all_rows) - api_rows:,} / {api_rows:,}"),
        (
            "rows with UTC `+00` / Bangkok-local timestamps",
            f"{len(all_rows) - naive_rows:,} / {naive_rows:,}",
        ),
        ("distinct valid tickets", f"{len(tickets):,}"),
        ("observations per valid ticket (mean)", f"{valid_rows / len(tickets):.2f}"),
        ("tickets finished by 2025-10-31", share(len(finished), len(tickets))),
        ("tickets not finished by 2025-10-31", share(len(tickets) - len(finished), len(tickets))),
        ("finished tickets that took more than 30 days", f"{slow}"),
        ("finished tickets rated 1-5", share(sum(e.star in STAR_WEIGHTS for e in current), len(finished))),
        (
            "finished tickets reopened (count_reopen 1-2)",
            share(sum(e.reopen > 0 for e in current if e.status == FINISHED), len(finished)),
        ),
    ]


def anomaly_facts(
    files: Sequence[DayFile],
    rows: dict[date, list[Observation]],
    tickets: Sequence[Ticket],
    areas: Sequence[Area],
) -> list[tuple[str, str]]:
    all_rows = [row for day_rows in rows.values() for row in day_rows]

    def count(test: Callable[[Observation], bool]) -> int:
        return sum(1 for row in all_rows if test(row))

    def unassigned(row: Observation) -> bool:
        point = row.point
        return (
            point is not None
            and in_thailand(*point)
            and nearest_area_m(areas, *point) > UNASSIGNED_DISTANCE_M
        )

    def abroad(row: Observation) -> bool:
        point = row.point
        return point is not None and not in_thailand(*point)

    def rejected(row: Observation) -> bool:
        return row.ticket_id == "" or isinstance(row.timestamp, str)

    worst = max(sum(map(rejected, rows[f.day])) / len(rows[f.day]) for f in files if rows[f.day])
    known_statuses = {WAITING, FORWARDED, *IN_PROGRESS_LABELS, FINISHED}
    return [
        ("rows with an empty `ticket_id` (quarantine)", f"{count(lambda r: r.ticket_id == '')}"),
        (
            "rows with an unparseable creation `timestamp` (quarantine)",
            f"{count(lambda r: isinstance(r.timestamp, str))}: "
            + ", ".join(f"`{v}`" if v else "(empty)" for v in BAD_TIMESTAMPS),
        ),
        ("largest share of such rows in one file", f"{100 * worst:.1f}%"),
        (
            "tickets with an empty `type` `{}` (unspecified)",
            share(sum(not t.labels for t in tickets), len(tickets)),
        ),
        ("tickets with 2-3 labels", share(sum(len(t.labels) > 1 for t in tickets), len(tickets))),
        (
            "tickets with a label not in the reference list (other)",
            f"{sum(any(lb not in LABEL_WEIGHTS for lb in t.labels) for t in tickets)}: "
            + ", ".join(f"`{label}`" for label in sorted(UNKNOWN_LABELS)),
        ),
        (
            "rows with an unknown status label",
            share(count(lambda r: r.status not in known_statuses), len(all_rows))
            + ": "
            + ", ".join(f"`{label}`" for label in UNKNOWN_STATUSES),
        ),
        (
            "rows with another in-progress label (ศึกษาปัญหา, ของบประมาณ, จัดซื้อจัดจ้าง)",
            f"{count(lambda r: r.status in OTHER_IN_PROGRESS):,}",
        ),
        ("rows with a multi-line comment", f"{count(lambda r: chr(10) in r.comment)}"),
        (
            "rows whose comment holds a comma / a double quote",
            f"{count(lambda r: ',' in r.comment)} / {count(lambda r: chr(34) in r.comment)}",
        ),
        (
            "rows whose organization lists two organisations (comma)",
            f"{count(lambda r: ',' in r.organization)}",
        ),
        ("rows more than 2 km from every centroid, inside Thailand (unassigned)", f"{count(unassigned)}"),
        (
            "rows with coordinates outside Thailand (nulled, warned)",
            f"{count(abroad)}",
        ),
        ("rows with empty coordinates", f"{count(lambda r: r.point is None)}"),
        (
            "rows with an invalid `star`",
            f"{count(lambda r: r.star in INVALID_STARS)}: " + ", ".join(f"`{v}`" for v in INVALID_STARS),
        ),
    ]


def render_table(facts: Sequence[tuple[str, str]]) -> str:
    return "\n".join(["| what | count |", "|---|---|", *(f"| {what} | {value} |" for what, value in facts)])


def monthly_table(tickets: Sequence[Ticket]) -> str:
    """Tickets by month of creation: shows the rainy-season peak and the haze season at a glance."""
    wet = ("น้ำท่วม", "ท่อระบายน้ำ", "คลอง")
    months: Counter[str] = Counter()
    wet_months: Counter[str] = Counter()
    haze_months: Counter[str] = Counter()
    for ticket in tickets:
        month = ticket.created.astimezone(BANGKOK).strftime("%Y-%m")
        months[month] += 1
        wet_months[month] += any(label in wet for label in ticket.labels)
        haze_months[month] += "PM2.5" in ticket.labels
    lines = ["| month | tickets | flooding / drainage / canal | PM2.5 |", "|---|---:|---:|---:|"]
    lines += [f"| {m} | {months[m]} | {wet_months[m]} | {haze_months[m]} |" for m in sorted(months)]
    return "\n".join(lines)


def readme(seed: int, sections: dict[str, str]) -> str:
    body = "\n\n".join(f"### {title}\n\n{table}" for title, table in sections.items())
    return f"""# Sample data: SYNTHETIC

Everything in this folder, and `dbt_project/seeds/ref_areas.csv`, is **synthetic sample data**. No row
describes a real complaint, person or place measurement. It was generated by
`scripts/generate_sample_data.py` (standard library only, deterministic) with:

```
python scripts/generate_sample_data.py --seed {seed}
```

(defaults: `--out-dir data/sample --seeds-dir dbt_project/seeds --seed {DEFAULT_SEED}`). Do not edit
these files by hand: change the script and re-run it; `tests/scripts/test_generate_sample_data.py`
checks that the committed files are exactly what the script produces. This README is written by
the script too.

## What is here

- `dbt_project/seeds/ref_areas.csv`: a **sample community list** of Phitsanulok City Municipality
  ({len(COMMUNITIES)} invented but plausible communities with populations, households and centroids inside the
  municipality, on both banks of the Nan). It must be **replaced by the municipality's community registry**
  before any figure is published.
- `service_requests/traffy_plk_YYYY-MM-DD.csv`: one Traffy Fondue export per day from {FIRST_DAY} to
  {LAST_DAY} (Asia/Bangkok). Each file holds every ticket created that day plus every older ticket whose
  status changed that day, in its end-of-day state, so a ticket appears once per day it changed. Files
  before {API_V2_FROM} use the public dump layout (`coords` is `"lon,lat"`), later ones the exchange API v2
  layout (`latitude`, `longitude`, `timestamp_inprogress`, `timestamp_finished`, ...). Timestamps are UTC
  with an offset (`2024-11-03 02:15:09.123456+00`, fraction omitted when zero) or, in some files (counted
  below), Bangkok local time without an offset (`2024-11-03 09:15:09`). A ticket's creation `timestamp`
  never changes between its observations (tickets seen in Bangkok-local files have whole-second times).
  Tickets are more frequent in the rainy season; flooding, drainage and canal tickets peak in Aug-Oct and
  PM2.5 tickets in Jan-Apr (haze).

## Figures and deliberate mess (computed by the generator)

{body}
"""


# --- main ---------------------------------------------------------------------------------------------


def write_csv(
    path: Path, header: Sequence[str], records: Iterable[Sequence[object]], bom: bool = False
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(records)


def write_areas(seeds_dir: Path, areas: Sequence[Area]) -> None:
    write_csv(
        seeds_dir / "ref_areas.csv",
        AREAS_HEADER,
        (
            [a.area_id, a.name_th, a.name_en, a.population, a.households, f"{a.lat:.5f}", f"{a.lon:.5f}"]
            for a in areas
        ),
    )


def write_day_files(out_dir: Path, files: Sequence[DayFile], rows: dict[date, list[Observation]]) -> None:
    for file in files:
        header = API_V2_HEADER if file.api_v2 else PUBLIC_DUMP_HEADER
        day_rows = sorted(rows[file.day], key=lambda row: row.last_activity)
        records = (
            [export_fields(row, file.naive_timestamps)[column] for column in header] for row in day_rows
        )
        write_csv(out_dir / "service_requests" / file.name, header, records, bom=file.bom)


def touches(ticket: Ticket, days: set[date]) -> bool:
    return any(day in days for day in observed_days(ticket))


def generate(seed: int, out_dir: Path, seeds_dir: Path) -> dict[str, str]:
    """Write every sample file and return the summary tables (also written into the README)."""
    areas = build_areas(random.Random(f"{seed}:areas"))
    rng = random.Random(f"{seed}:service-requests")
    files = [DayFile(day, rng.random() < P_NAIVE_TIMESTAMPS) for day in each_day()]
    tickets = generate_tickets(rng, areas)
    for index in rng.sample(range(len(tickets)), UNKNOWN_LABEL_TICKETS):
        tickets[index] = with_unknown_label(rng, tickets[index])
    break_coordinates(rng, tickets)
    naive_days = {f.day for f in files if f.naive_timestamps}
    tickets = [whole_seconds(t) if touches(t, naive_days) else t for t in tickets]
    rows = build_rows(tickets)
    break_stars(rng, rows)
    add_quarantine_rows(rng, rows, areas, {t.ticket_id for t in tickets})

    write_areas(seeds_dir, areas)
    write_day_files(out_dir, files, rows)
    sections = {
        "Communities (`ref_areas.csv`)": render_table(area_facts(areas)),
        "Service requests": render_table(volume_facts(files, rows, tickets)),
        "Tickets by month of creation": monthly_table(tickets),
        "Deliberate anomalies": render_table(anomaly_facts(files, rows, tickets, areas)),
    }
    (out_dir / "README.md").write_text(readme(seed, sections), encoding="utf-8", newline="\n")
    return sections


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=REPO_ROOT / "data" / "sample",
        help="where service_requests/ and README.md go (default: data/sample)",
    )
    parser.add_argument(
        "--seeds-dir",
        type=Path,
        default=REPO_ROOT / "dbt_project" / "seeds",
        help="where ref_areas.csv goes (default: dbt_project/seeds)",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})"
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    sections = generate(args.seed, args.out_dir, args.seeds_dir)
    for title, table in sections.items():
        print(f"\n{title}\n{table}")


if __name__ == "__main__":
    main()
