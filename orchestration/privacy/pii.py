"""Personal data at the lake boundary (SPEC 3.2, Thailand PDPA B.E. 2562).

Survey exports carry names, phone numbers and national IDs. Names and phones are dropped before the lake;
a national ID survives only as a keyed hash, so the same person can be recognised across waves without the
lake ever holding the number; free-text comments are scrubbed of phones and IDs. The patterns here are
also used by the publish-time scan (``pii_scan``), so what is scrubbed and what is caught cannot drift.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import uuid
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

KEY_ENV = "CITY_PII_KEY"
KEY_FILE_NAME = ".pii_key"
_KEY_BYTES = 32

# Thai (๐–๙) and full-width (０–９) digits: Thai keyboards and phones' IMEs type both.
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙０１２３４５６７８９", "01234567890123456789")
_DIGIT_FORMS = ("0123456789", "๐๑๒๓๔๕๖๗๘๙", "０１２３４５６７８９")
_ANY_DIGIT = "0-9๐-๙０-９"
# Zero-width characters that copy-paste and some forms insert between digits; invisible, so a number split
# by them reads as a phone number to anyone.
_INVISIBLE = "\u200b-\u200d\u2060\ufeff"


def _digit(ascii_digits: str = "0123456789") -> str:
    """One of ``ascii_digits`` in any written form, followed by any invisible characters."""
    forms = "".join(form[int(digit)] for digit in ascii_digits for form in _DIGIT_FORMS)
    return f"(?:[{forms}][{_INVISIBLE}]*)"


_DIGIT = _digit()
# One group separator: a dash, a dot or a closing bracket (optionally spaced), or spaces; NBSP because
# Excel and web forms insert it.
_SEP = "(?:[ \u00a0]*[-.)][ \u00a0]*|[ \u00a0]+)?"
# A match must not sit inside a longer token: not next to a digit or an ASCII letter (so hex digests,
# uuids and publish ids such as 20261125T163624426157Z never match), and not right after "<digit>." or
# before ".<digit>" (so decimals such as 0.0812345678 do not match). Thai letters may touch a number:
# "โทร0812345678" is how people write it.
_START = f"(?<![{_ANY_DIGIT}A-Za-z])(?<![{_ANY_DIGIT}][.,])"
_END = f"(?![{_ANY_DIGIT}A-Za-z])(?![.,][{_ANY_DIGIT}])"

# Digits after the trunk prefix (0 domestically, +66 internationally).
_MOBILE = (  # 08x-xxx-xxxx
    f"{_digit('689')}(?:{_DIGIT}{_SEP}{_DIGIT}{{3}}|{_SEP}{_DIGIT}{{4}}){_SEP}{_DIGIT}{{4}}"
)
_LANDLINE = (  # 02-xxx-xxxx (Bangkok) and 0xx-xxx-xxx (provinces)
    f"{_digit('234567')}"
    f"(?:{_SEP}{_DIGIT}{{3}}{_SEP}{_DIGIT}{{4}}|{_DIGIT}{_SEP}{_DIGIT}{{3}}{_SEP}{_DIGIT}{{3}})"
)
# "(081)2345678": the bracket opens before the trunk 0 and closes as a separator.
_TRUNK = f"(?:\\(?{_digit('0')}|\\+{_digit('6')}{_digit('6')}{_SEP})"

PHONE_PATTERN = re.compile(f"{_START}{_TRUNK}(?:{_MOBILE}|{_LANDLINE}){_END}")
# 13 digits, unseparated or in the 1-4-5-2-1 grouping printed on the ID card.
NATIONAL_ID_PATTERN = re.compile(
    f"{_START}{_DIGIT}{_SEP}{_DIGIT}{{4}}{_SEP}{_DIGIT}{{5}}{_SEP}{_DIGIT}{{2}}{_SEP}{_DIGIT}{_END}"
)
_ID_SEPARATORS = re.compile(f"[\\s\\-.(){_INVISIBLE}]")
_THIRTEEN_DIGITS = re.compile("[0-9]{13}")
# Long enough to recognise a value in a message, too short to carry a whole comment.
MESSAGE_VALUE_CHARACTERS = 40


def normalise_digits(text: str) -> str:
    """Map Thai (๐–๙) and full-width (０–９) digits to 0–9: exports mix them, often within one file."""
    return text.translate(_THAI_DIGITS)


def _checksum_holds(digits: str) -> bool:
    weighted = sum(int(digit) * (13 - position) for position, digit in enumerate(digits[:12]))
    return (11 - weighted % 11) % 10 == int(digits[12])


def _national_id_digits(text: str) -> str | None:
    """The 13 ASCII digits of a valid ID, or None; the one place that decides what a valid ID is."""
    digits = normalise_digits(_ID_SEPARATORS.sub("", text))
    if _THIRTEEN_DIGITS.fullmatch(digits) and _checksum_holds(digits):
        return digits
    return None


def is_valid_national_id(text: str) -> bool:
    """13 digits (spaces, dashes and Thai digits allowed) whose check digit holds (SPEC 3.2)."""
    return _national_id_digits(text) is not None


def hash_national_id(text: str, key: bytes) -> str | None:
    """Keyed hash of a valid ID, or None for a blank or invalid one.

    HMAC rather than a plain hash: there are only ~10^12 valid IDs, so an unkeyed SHA-256 could be
    reversed by enumeration; without the key the hash reveals nothing.
    """
    digits = _national_id_digits(text)
    if digits is None:
        return None
    return hmac.new(key, digits.encode("ascii"), hashlib.sha256).hexdigest()


def find_national_ids(text: str) -> list[str]:
    """13-digit runs in ``text`` (as written there) that pass the checksum, i.e. almost surely real IDs."""
    return [
        match.group() for match in NATIONAL_ID_PATTERN.finditer(text) if is_valid_national_id(match.group())
    ]


def scrub_free_text(text: str | None) -> str | None:
    """Replace phone numbers with ``[phone]`` and every 13-digit run with ``[national-id]``.

    Any 13-digit run goes, checksum or not: a mistyped ID still identifies a person to anyone holding the
    register. IDs are replaced first so a phone-shaped part of one can never be what is left behind.
    """
    if text is None:
        return None
    without_ids = NATIONAL_ID_PATTERN.sub("[national-id]", text)
    return PHONE_PATTERN.sub("[phone]", without_ids)


def scrub_personal_data(text: str, names: Iterable[str] = ()) -> str:
    """``scrub_free_text`` plus every respondent name in ``names`` replaced with ``[name]``.

    Longest names first, so "สมชาย ใจดี" goes whole rather than leaving "ใจดี" behind "สมชาย".
    """
    scrubbed = scrub_free_text(text) or ""
    for name in sorted(set(names), key=len, reverse=True):
        if name:
            scrubbed = scrubbed.replace(name, "[name]")
    return scrubbed


def mask_raw_value(value: object, names: Iterable[str] = ()) -> str:
    """A raw value as it may appear in a quarantine reason or a log line: scrubbed, shortened, quoted.

    Messages are read by operators and stored beside the lake; they must not carry what the lake itself
    is not allowed to hold.
    """
    text = scrub_personal_data(value if isinstance(value, str) else str(value), names)
    if len(text) > MESSAGE_VALUE_CHARACTERS:
        text = text[:MESSAGE_VALUE_CHARACTERS] + "…"
    return repr(text) if isinstance(value, str) else text


@dataclass(frozen=True, order=True)
class RespondentName:
    """A name from the name column of a raw export, and where it was written (never stored anywhere).

    The file and row let a publish-scan finding point at the response an operator must look at.
    """

    name: str
    source_file: str
    source_row: int

    def place(self) -> str:
        """File and row, the file name itself scrubbed of phones and IDs."""
        return f"{scrub_free_text(self.source_file)} row {self.source_row}"

    def origin(self) -> str:
        return f"survey file {self.place()}"


class PiiKeyWarning(UserWarning):
    """A hashing key was generated on disk: it must be backed up and kept out of the repository."""


@dataclass(frozen=True)
class PiiKey:
    """The HMAC key and where it came from; the key is left out of ``repr`` so logging this is safe."""

    key: bytes = field(repr=False)
    source: str
    notice: str | None = None  # set when a key file was just generated, for callers to log


def _create_key_file(path: Path, key: bytes) -> bool:
    """Write ``key`` (hex) to ``path`` unless it exists; True when this call created it.

    The key is written to a private temporary file (``O_CREAT | O_EXCL``, mode 0o600) and hard-linked
    into place, which fails if the file exists: two processes racing here end up on the same key, and a
    reader never sees a half-written file.
    """
    temporary = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(key.hex())
            handle.flush()
            os.fsync(handle.fileno())
        os.link(temporary, path)
        return True
    except FileExistsError:
        return False
    finally:
        temporary.unlink()


def _read_key_file(path: Path) -> bytes:
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except ValueError:
        key = b""
    if len(key) != _KEY_BYTES:
        # The content is not echoed: even a damaged key is secret material.
        raise ValueError(f"{path} does not hold a {2 * _KEY_BYTES}-hex-digit key; restore it from backup")
    return key


def resolve_pii_key(data_root: Path) -> PiiKey:
    """The national-ID hashing key: ``$CITY_PII_KEY`` if set, else ``<data_root>/.pii_key``.

    The file is generated on first use so a local run works out of the box; losing it means hashes from
    later waves no longer match earlier ones, hence the warning to back it up.
    """
    from_env = os.environ.get(KEY_ENV)
    if from_env:
        return PiiKey(key=from_env.encode("utf-8"), source=f"environment variable {KEY_ENV}")
    path = data_root / KEY_FILE_NAME
    notice = None
    if not path.exists():
        data_root.mkdir(parents=True, exist_ok=True)
        if _create_key_file(path, secrets.token_bytes(_KEY_BYTES)):
            notice = (
                f"{KEY_ENV} is not set, so a new national-ID hashing key was generated in {path}. "
                "Back it up (without it, ID hashes cannot be matched across survey waves) and keep it "
                f"out of the repository; or set {KEY_ENV}."
            )
            warnings.warn(notice, PiiKeyWarning, stacklevel=2)
    return PiiKey(key=_read_key_file(path), source=str(path), notice=notice)
