"""Tell what an inbox file is from its first bytes, and give the landing a UTF-8 copy of a text export.

The CSV reader only reads UTF-8. Spreadsheets save Traffy exports otherwise: Thai Excel writes
Windows-874 (cp874), a "Unicode" CSV is UTF-16, a workbook is a ZIP container. Read as UTF-8, each
became "header matches no Traffy layout" and a meaningless record count. Text in an encoding that can
be told apart reliably is decoded (losslessly) and landed; a container is refused by name, with what
to do about it. ``docs/decisions/015-export-shapes.md`` records the choice.
"""

from __future__ import annotations

import codecs
import zipfile
from dataclasses import dataclass
from pathlib import Path

# Enough bytes to see a whole Traffy header and the first records, little enough to read for any file.
SAMPLE_BYTES = 64 * 1024
UTF8 = "utf-8"
SAVE_AS_CSV = "open it in Excel and save it as CSV UTF-8 (Comma delimited)"


@dataclass(frozen=True)
class ExportFormat:
    """What a file's first bytes say it is.

    ``codecs`` are tried in order to read it as text (``utf-8``: read as it is); none means it is no
    text at all and ``advice`` says what to do with it.
    """

    name: str
    codecs: tuple[str, ...]
    advice: str = ""


_GZIP = ExportFormat("gzip-compressed", (), "decompress it and put the CSV export in the inbox")
_XLS = ExportFormat("an Excel 97-2003 workbook (XLS)", (), SAVE_AS_CSV)
_XLSX = ExportFormat("an Excel workbook (XLSX)", (), SAVE_AS_CSV)
_ZIP = ExportFormat("a ZIP archive", (), "extract the CSV export from it and put that in the inbox")
_MAGIC = ((b"\x1f\x8b", _GZIP), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", _XLS), (b"PK\x03\x04", _ZIP))

_UTF8_TEXT = ExportFormat("UTF-8 text", (UTF8,))
# A cp874 guess that does not decode the whole file falls back to UTF-8, where only the damaged
# records are quarantined: a UTF-8 export with a few broken bytes must not be read as Thai Excel's.
_CP874_TEXT = ExportFormat("Windows-874 (Thai Excel) text", ("cp874", UTF8))
_UTF16_BOM = ExportFormat("UTF-16 text", ("utf-16",))
_UTF16_LE = ExportFormat("UTF-16 LE text", ("utf-16-le",))
_UTF16_BE = ExportFormat("UTF-16 BE text", ("utf-16-be",))


def _zip_format(path: Path) -> ExportFormat:
    """An XLSX workbook is a ZIP archive holding ``xl/workbook.xml``; a damaged archive is just a ZIP."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return _ZIP
    return _XLSX if "xl/workbook.xml" in names else _ZIP


def _utf16_without_bom(sample: bytes) -> ExportFormat | None:
    """UTF-16 of mostly ASCII text (a Traffy header, dates, digits) has a zero byte in every other place.

    Thai letters (U+0E01..) have no zero byte, and a NUL inside a UTF-8 comment is rare and at random
    places, so a quarter of one side zero and none on the other tells UTF-16 and its byte order.
    """
    sample = sample[: len(sample) - len(sample) % 2]
    pairs = len(sample) // 2
    zeros_first, zeros_second = sample[0::2].count(0), sample[1::2].count(0)
    if pairs and zeros_second >= pairs / 4 and zeros_first == 0:
        return _UTF16_LE
    if pairs and zeros_first >= pairs / 4 and zeros_second == 0:
        return _UTF16_BE
    return None


def _decodes(sample: bytes, codec: str) -> bool:
    """Whether ``sample`` decodes, allowing the sample's end to cut a character in two."""
    try:
        codecs.getincrementaldecoder(codec)().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def sniff_format(path: Path) -> ExportFormat:
    """What ``path`` is, from its first ``SAMPLE_BYTES``: a container, or text in some encoding."""
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    for magic, container in _MAGIC:
        if sample.startswith(magic):
            return _zip_format(path) if container is _ZIP else container
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _UTF16_BOM
    if sample.startswith(codecs.BOM_UTF8):
        return _UTF8_TEXT
    # Before the UTF-8 check: UTF-16 of ASCII and Thai text is valid UTF-8 byte by byte.
    utf16 = _utf16_without_bom(sample)
    if utf16 is not None:
        return utf16
    if _decodes(sample, UTF8):
        return _UTF8_TEXT
    return _CP874_TEXT if _decodes(sample, "cp874") else _UTF8_TEXT


def utf8_copy(path: Path, codec: str, target: Path) -> Path:
    """Decode ``path`` strictly from ``codec`` into UTF-8 at ``target``, streamed; line endings kept.

    Raises ``UnicodeDecodeError`` when some bytes are not ``codec``, rather than guess what they were.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    with path.open("rb") as source, target.open("wb") as sink:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            sink.write(decoder.decode(chunk).encode(UTF8))
        sink.write(decoder.decode(b"", final=True).encode(UTF8))
    return target
