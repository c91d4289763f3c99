"""What each alert says, in Thai and in English, from plain facts (no Dagster objects, so it is unit-tested).

Every message starts with what happened and what it means for the published figures, in Thai first (the
municipality's staff) and then English (partners, vendors), then the technical detail once (check
names, batch files and example rows, error text are the same in both languages), then a link into the
Dagster UI where the operator acts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from orchestration.operations.notify import Message

BANGKOK = ZoneInfo("Asia/Bangkok")
DEFAULT_UI_BASE_URL = "http://127.0.0.1:3000"
PREFIX_TH = "ข้อมูลเมืองพิษณุโลก"
PREFIX_EN = "Phitsanulok city data"
# A blocked batch's description lists reasons, example rows and the review command; past this many
# characters a check's text is cut (the run page has the rest).
MAX_DETAIL_CHARS = 700
MAX_CHECKS = 5


@dataclass(frozen=True)
class FailedCheck:
    """A blocking check that failed: its asset (the table or the raw source), its name and what it found."""

    asset: str
    check: str
    description: str


def bangkok_time(moment: datetime) -> str:
    """``2026-12-03 18:04`` in Asia/Bangkok: the time operators read everywhere else in the platform."""
    return moment.astimezone(BANGKOK).strftime("%Y-%m-%d %H:%M")


def run_url(base_url: str, run_id: str) -> str:
    return f"{base_url.rstrip('/')}/runs/{run_id}"


def asset_checks_url(base_url: str, asset: str) -> str:
    return f"{base_url.rstrip('/')}/assets/{asset}?view=checks"


def _shorten(text: str, limit: int = MAX_DETAIL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def run_failed_message(
    *,
    job: str,
    run_id: str,
    failed_at: datetime,
    reason: str,
    failed_steps: Sequence[str],
    will_retry: bool,
    link: str,
) -> Message:
    """A run that failed for a reason other than a quality check (an error, a killed process)."""
    when = bangkok_time(failed_at)
    steps = ", ".join(failed_steps) or "-"
    retry_th = "ระบบจะรันใหม่ให้อัตโนมัติหนึ่งครั้ง" if will_retry else "ระบบจะไม่รันใหม่ให้เอง: แก้ไขสาเหตุแล้วสั่งรันอีกครั้ง"
    retry_en = (
        "It will be retried once automatically."
        if will_retry
        else "It will not be retried by itself: fix the cause, then run it again."
    )
    return Message(
        title=f"{PREFIX_TH}: การรันล้มเหลว / {PREFIX_EN}: run failed ({job})",
        body="\n".join(
            [
                f"การรัน {job} ({run_id[:8]}) ล้มเหลวเมื่อ {when} (เวลากรุงเทพฯ) "
                f"ข้อมูลที่เผยแพร่ยังคงเป็นชุดเดิม {retry_th}",
                f"Run {job} ({run_id[:8]}) failed at {when} (Bangkok time); the published snapshot is "
                f"unchanged. {retry_en}",
                "",
                f"สาเหตุ / Reason: {_shorten(reason)}",
                f"ขั้นตอนที่ล้มเหลว / Failed steps: {steps}",
                f"ดูรายละเอียด / Details: {link}",
            ]
        ),
    )


def gate_failed_message(
    *, run_id: str, failed_at: datetime, checks: Sequence[FailedCheck], link: str
) -> Message:
    """A run whose blocking quality checks stopped the publish: which checks, on what, and examples."""
    when = bangkok_time(failed_at)
    names = ", ".join(f"{c.asset}:{c.check}" for c in checks)
    lines = [
        f"การตรวจคุณภาพข้อมูลไม่ผ่านในการรัน {run_id[:8]} เมื่อ {when} (เวลากรุงเทพฯ) "
        "จึงไม่มีการเผยแพร่ข้อมูลชุดใหม่ ข้อมูลที่เผยแพร่ยังคงเป็นชุดเดิม "
        "ผู้ดูแลต้องตัดสินใจตามรายละเอียดด้านล่างก่อนรันอีกครั้ง",
        f"A blocking quality check failed in run {run_id[:8]} at {when} (Bangkok time), so nothing new "
        "was published; the published snapshot is unchanged. An operator has to act on the details "
        "below before the next run can publish.",
        "",
        f"ตรวจไม่ผ่าน / Failed checks: {names}",
    ]
    lines += [f"- {c.asset}:{c.check}: {_shorten(c.description)}" for c in checks[:MAX_CHECKS]]
    if len(checks) > MAX_CHECKS:
        lines.append(f"- … {len(checks) - MAX_CHECKS} more (ดูในหน้าการรัน / see the run)")
    lines.append(f"ดูรายละเอียด / Details: {link}")
    return Message(
        title=f"{PREFIX_TH}: การตรวจคุณภาพระงับการเผยแพร่ / {PREFIX_EN}: a quality check blocked "
        f"publishing ({names})",
        body="\n".join(lines),
    )


@dataclass(frozen=True)
class FreshnessRule:
    """What an asset is expected to do, said to an operator, and what to look at when it did not."""

    expectation_th: str
    expectation_en: str
    look_at_th: str
    look_at_en: str


def stale_message(
    *, asset: str, rule: FreshnessRule, last_update: datetime | None, evaluated_at: datetime, link: str
) -> Message:
    """An asset that missed its freshness rule: the published snapshot or a raw source gone quiet."""
    last_th = f"{bangkok_time(last_update)} (เวลากรุงเทพฯ)" if last_update else "ยังไม่เคยมี"
    last_en = f"{bangkok_time(last_update)} (Bangkok time)" if last_update else "never"
    return Message(
        title=f"{PREFIX_TH}: ข้อมูลไม่เป็นปัจจุบัน / {PREFIX_EN}: stale data ({asset})",
        body="\n".join(
            [
                f"{asset} ไม่เป็นไปตามที่กำหนด: {rule.expectation_th} "
                f"ตรวจเมื่อ {bangkok_time(evaluated_at)} อัปเดตล่าสุด: {last_th} {rule.look_at_th}",
                f"{asset} missed its freshness rule: {rule.expectation_en} Checked at "
                f"{bangkok_time(evaluated_at)}; last updated: {last_en}. {rule.look_at_en}",
                "",
                f"ดูรายละเอียด / Details: {link}",
            ]
        ),
    )
