"""What an inbox file is, told from its first bytes, and its UTF-8 copy (lib/export_encoding.py)."""

from __future__ import annotations

import codecs
import gzip
import io
import zipfile
from pathlib import Path

import pytest

from orchestration.lake.export_encoding import SAMPLE_BYTES, sniff_format, utf8_copy

HEADER = "ticket_id,type,organization,comment,coords,timestamp,state,last_activity\n"
THAI_ROW = '2024-AB01,{ถนน},กองช่าง,ถนนพัง น้ำขัง,"100.26,16.81",2024-11-01 09:00,รอรับเรื่อง,\n'
TEXT = HEADER + THAI_ROW * 3


def _zip(names: list[str]) -> bytes:
    """A ZIP of the named members, byte-identical on every call: each pytest-xdist worker collects
    the cases itself, and a member's timestamp in a case's id would make their collections differ."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 11, 1, 0, 0, 0)), "<x/>")
    return buffer.getvalue()


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "name", "codecs_tried"),
    [
        (TEXT.encode(), "UTF-8 text", ("utf-8",)),
        (codecs.BOM_UTF8 + TEXT.encode(), "UTF-8 text", ("utf-8",)),
        (b"", "UTF-8 text", ("utf-8",)),
        (TEXT.replace("ถนนพัง", "ถนน\x00พัง").encode(), "UTF-8 text", ("utf-8",)),  # a NUL in a comment
        ("\ufeff".encode("utf-16-le") + TEXT.encode("utf-16-le"), "UTF-16 text", ("utf-16",)),
        ("\ufeff".encode("utf-16-be") + TEXT.encode("utf-16-be"), "UTF-16 text", ("utf-16",)),
        (TEXT.encode("utf-16-le"), "UTF-16 LE text", ("utf-16-le",)),
        (TEXT.encode("utf-16-be"), "UTF-16 BE text", ("utf-16-be",)),
        (TEXT.encode("cp874"), "Windows-874 (Thai Excel) text", ("cp874", "utf-8")),
        # 0xFF is neither UTF-8 nor cp874: a damaged UTF-8 export, read as one.
        (TEXT.encode().replace("น้ำ".encode(), b"\xff"), "UTF-8 text", ("utf-8",)),
        (gzip.compress(TEXT.encode(), mtime=0), "gzip-compressed", ()),
        (_zip(["[Content_Types].xml", "xl/workbook.xml"]), "an Excel workbook (XLSX)", ()),
        (_zip(["traffy_2024-11-01.csv"]), "a ZIP archive", ()),
        (_zip(["xl/workbook.xml"])[:40], "a ZIP archive", ()),  # cut short: no readable directory
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "an Excel 97-2003 workbook (XLS)", ()),
    ],
)
def test_format_is_told_from_the_first_bytes(
    tmp_path: Path, data: bytes, name: str, codecs_tried: tuple[str, ...]
) -> None:
    export = sniff_format(_write(tmp_path, data))
    assert (export.name, export.codecs) == (name, codecs_tried)
    assert bool(export.advice) == (not codecs_tried)  # what to do is said whenever the file is refused


def test_a_sample_cut_inside_a_character_is_still_utf8(tmp_path: Path) -> None:
    data = ("ก" * SAMPLE_BYTES).encode()  # three bytes each: the sample ends mid-character
    assert sniff_format(_write(tmp_path, data)).codecs == ("utf-8",)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "cp874"])
def test_copy_is_the_same_text_in_utf8_line_endings_kept(tmp_path: Path, codec: str) -> None:
    text = TEXT.replace("\n", "\r\n") * 5000  # several read chunks
    target = utf8_copy(_write(tmp_path, text.encode(codec)), codec, tmp_path / "out" / "export.csv")
    assert target.read_bytes() == text.encode()


def test_copy_refuses_bytes_the_codec_does_not_have(tmp_path: Path) -> None:
    data = TEXT.encode("utf-16-le")[:-1]  # cut inside the last character
    with pytest.raises(UnicodeDecodeError):
        utf8_copy(_write(tmp_path, data), "utf-16-le", tmp_path / "out" / "export.csv")
