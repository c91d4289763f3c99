"""Personal-data helpers at the lake boundary: ID validation, keyed hashing, the key file, scrubbing."""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from orchestration.privacy import pii
from orchestration.privacy.pii import (
    KEY_ENV,
    KEY_FILE_NAME,
    PHONE_PATTERN,
    PiiKeyWarning,
    find_national_ids,
    hash_national_id,
    is_valid_national_id,
    normalise_digits,
    resolve_pii_key,
    scrub_free_text,
)

_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def _with_check_digit(first_twelve: str) -> str:
    """The SPEC 3.2 checksum, computed here independently of the code under test."""
    weighted = sum(int(digit) * (13 - position) for position, digit in enumerate(first_twelve))
    return first_twelve + str((11 - weighted % 11) % 10)


def _grouped(digits: str, separator: str) -> str:
    """The 1-4-5-2-1 grouping printed on the card."""
    parts = (digits[0], digits[1:5], digits[5:10], digits[10:12], digits[12])
    return separator.join(parts)


def _prefix_with_remainder(remainder: int) -> str:
    """A 12-digit prefix whose weighted sum leaves ``remainder`` mod 11: 0 and 1 are where "mod 10" bites."""
    prefixes = (f"31005012{middle:02d}{last:02d}" for middle in range(100) for last in range(100))
    return next(p for p in prefixes if sum(int(d) * (13 - i) for i, d in enumerate(p)) % 11 == remainder)


VALID_ID = _with_check_digit("310050123456")
INVALID_ID = VALID_ID[:12] + str((int(VALID_ID[12]) + 1) % 10)
KEY = b"test-key"


def test_normalise_digits_maps_every_thai_digit_and_leaves_text_alone() -> None:
    assert normalise_digits("๐๑๒๓๔๕๖๗๘๙") == "0123456789"
    assert normalise_digits("อายุ ๔๕ ปี (45)") == "อายุ 45 ปี (45)"


@pytest.mark.parametrize(
    "written",
    [
        VALID_ID,
        _grouped(VALID_ID, "-"),
        _grouped(VALID_ID, " "),
        VALID_ID.translate(_TO_THAI),
        _grouped(VALID_ID, "-").translate(_TO_THAI),
    ],
)
def test_valid_id_is_accepted_in_every_written_form(written: str) -> None:
    assert is_valid_national_id(written)


@pytest.mark.parametrize("prefix", ["310050123456", _prefix_with_remainder(0), _prefix_with_remainder(1)])
def test_only_the_correct_check_digit_is_accepted(prefix: str) -> None:
    accepted = [digit for digit in "0123456789" if is_valid_national_id(prefix + digit)]
    assert accepted == [_with_check_digit(prefix)[12]]


@pytest.mark.parametrize(
    "written",
    [
        "",
        "   ",
        INVALID_ID,
        VALID_ID[:12],
        VALID_ID + "0",
        VALID_ID[:6] + "x" + VALID_ID[7:],
        INVALID_ID.translate(_TO_THAI),
    ],
)
def test_malformed_ids_are_rejected(written: str) -> None:
    assert not is_valid_national_id(written)


def test_hash_is_hmac_sha256_of_the_thirteen_normalised_digits() -> None:
    expected = hmac.new(KEY, VALID_ID.encode("ascii"), hashlib.sha256).hexdigest()
    forms = [VALID_ID, _grouped(VALID_ID, "-"), _grouped(VALID_ID, " ").translate(_TO_THAI)]
    assert {hash_national_id(form, KEY) for form in forms} == {expected}
    assert hash_national_id(VALID_ID, b"another-key") != expected


@pytest.mark.parametrize("written", ["", "  ", INVALID_ID, "0812345678"])
def test_blank_or_invalid_ids_hash_to_none(written: str) -> None:
    assert hash_national_id(written, KEY) is None


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """Umask 0, so a key file created with a wider mode than 0o600 would show it."""
    previous = os.umask(0)
    yield
    os.umask(previous)


@pytest.mark.usefixtures("permissive_umask")
def test_key_file_is_generated_once_private_and_announced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)
    key_file = tmp_path / "data" / KEY_FILE_NAME
    with pytest.warns(PiiKeyWarning) as caught:
        first = resolve_pii_key(tmp_path / "data")
    message = str(caught[0].message)
    assert str(key_file) in message and "Back it up" in message and "out of the repository" in message
    assert first.notice == message and first.source == str(key_file)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first.key) == 32 and key_file.read_text() == first.key.hex()
    assert first.key.hex() not in message and first.key.hex() not in repr(first)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a later call reads the file silently
        assert resolve_pii_key(tmp_path / "data").key == first.key
    assert sorted(path.name for path in key_file.parent.iterdir()) == [KEY_FILE_NAME]


def test_key_from_the_environment_wins_and_writes_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(KEY_ENV, "กุญแจ-secret")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert resolve_pii_key(tmp_path).key == "กุญแจ-secret".encode()
    assert not (tmp_path / KEY_FILE_NAME).exists()


def test_empty_environment_variable_counts_as_unset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_ENV, "")
    with pytest.warns(PiiKeyWarning):
        key = resolve_pii_key(tmp_path).key
    assert (tmp_path / KEY_FILE_NAME).read_text() == key.hex()


def test_a_process_losing_the_creation_race_uses_the_winners_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)
    winner = bytes(range(32))

    def generate_while_another_process_wins(size: int) -> bytes:
        # The other process creates the file between our existence check and our own creation.
        (tmp_path / KEY_FILE_NAME).write_text(winner.hex())
        return b"\xff" * size

    monkeypatch.setattr(pii.secrets, "token_bytes", generate_while_another_process_wins)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the loser did not generate the key, so it does not announce one
        assert resolve_pii_key(tmp_path).key == winner
    assert sorted(path.name for path in tmp_path.iterdir()) == [KEY_FILE_NAME]


def test_damaged_key_file_fails_without_echoing_its_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)
    (tmp_path / KEY_FILE_NAME).write_text("abcd1234")
    with pytest.raises(ValueError, match="restore it from backup") as raised:
        resolve_pii_key(tmp_path)
    assert "abcd1234" not in str(raised.value)


@pytest.mark.parametrize(
    "phone",
    [
        "0812345678",
        "0612345678",
        "092-345-6789",
        "081-234-5678",
        "081 234 5678",
        "+66 81 234 5678",
        "+66812345678",
        "02-123-4567",
        "055-123-456",
        "๐๘๑-๒๓๔-๕๖๗๘",
        "+๖๖ ๘๑ ๒๓๔ ๕๖๗๘",
        # dotted, bracketed, with invisible characters, full-width
        "081.234.5670",
        "(081)2345671",
        "(081) 234-5671",
        "+66812345672",
        "0\u200b8\u200b1\u200b2\u200b3\u200b4\u200b5\u200b6\u200b7\u200b3",
        "081\u200c234\u2060567\ufeff3",
        "０８１２３４５６７４",
        "０８１-２３４-５６７４",
    ],
)
def test_scrub_replaces_every_phone_form(phone: str) -> None:
    assert scrub_free_text(f"ติดต่อ {phone} ได้เลย") == "ติดต่อ [phone] ได้เลย"
    assert scrub_free_text(f"โทร.{phone}") == "โทร.[phone]"
    assert PHONE_PATTERN.search(phone) is not None  # the publish scan uses the same pattern


@pytest.mark.parametrize(
    "written",
    [
        VALID_ID,
        INVALID_ID,  # a mistyped ID still identifies someone: scrubbed regardless of checksum
        _grouped(VALID_ID, "-"),
        _grouped(VALID_ID, " "),
        _grouped(INVALID_ID, "-").translate(_TO_THAI),
    ],
)
def test_scrub_replaces_every_thirteen_digit_run(written: str) -> None:
    assert scrub_free_text(f"เลขบัตร {written} ค่ะ") == "เลขบัตร [national-id] ค่ะ"


@pytest.mark.parametrize(
    "text",
    [
        "ปี 2567 น้ำท่วมหนักมาก",
        "ค่าซ่อม 1,500 บาท และ 10,000,000 บาท",
        "บ้านเลขที่ 12/3 หมู่ 4",
        "ระยะ 0.0812345678 กม.",
        "วันที่ 17/11/2565 14:03:21 และ 02-11-2567",
        "เรื่องที่ 123456789 และ 12345678901234",
        "20261125T163624426157Z",
        "53ade4aa1eb4fc4bc505fc4d0842db18f7d1305b6ba9b802c31e1888e9e0c374",
        f"ab0812345678cd{VALID_ID}ef",
        "6912e655-b525-4811-b216-5ffc5378cfd9",
    ],
)
def test_scrub_leaves_other_numbers_alone(text: str) -> None:
    assert scrub_free_text(text) == text


def test_scrub_passes_none_through() -> None:
    assert scrub_free_text(None) is None


def test_phone_pattern_finds_a_number_glued_to_thai_text() -> None:
    match = PHONE_PATTERN.search("โทร0812345678ค่ะ")
    assert match is not None and match.group() == "0812345678"


def test_find_national_ids_returns_only_checksum_valid_runs_as_written() -> None:
    dashed = _grouped(VALID_ID, "-")
    text = f"ก {dashed} ข {INVALID_ID} ค {VALID_ID.translate(_TO_THAI)} ง 0812345678"
    assert find_national_ids(text) == [dashed, VALID_ID.translate(_TO_THAI)]


def test_scrub_replaces_full_width_and_invisibly_split_ids() -> None:
    full_width = VALID_ID.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    split = "\u200b".join(VALID_ID)
    for written in (full_width, split, _grouped(VALID_ID, ".")):
        assert scrub_free_text(f"เลขบัตร {written} ค่ะ") == "เลขบัตร [national-id] ค่ะ"
        assert find_national_ids(written) == [written]


def test_scrub_personal_data_also_removes_names_longest_first() -> None:
    text = "คุณสมชาย ใจดี (สมชาย) โทร 081.234.5670"
    names = {"สมชาย", "สมชาย ใจดี"}
    assert pii.scrub_personal_data(text, names) == "คุณ[name] ([name]) โทร [phone]"


def test_mask_raw_value_quotes_a_scrubbed_and_shortened_value_for_messages() -> None:
    assert pii.mask_raw_value("โทร ０８１２３４５６７４") == "'โทร [phone]'"
    assert pii.mask_raw_value("นายสมชาย ใจดี", {"สมชาย ใจดี"}) == "'นาย[name]'"
    assert pii.mask_raw_value("ก" * 200) == repr("ก" * 40 + "…")
    assert pii.mask_raw_value(42) == "42"
