"""Turn one exported survey answer into its canonical value, or into a warning (SPEC 3.2 quirks)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from orchestration.core.thai_calendar import BANGKOK, common_era_year
from orchestration.privacy.pii import mask_raw_value, normalise_digits
from orchestration.sources.survey.instruments import FieldSpec, normalise_label

_TIME = r"(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?$"
_DAY_FIRST = re.compile(r"^(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})" + _TIME)
_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})" + _TIME)


class AnswerProblem(ValueError):
    """An answer that cannot be used; ``code`` is the warning code recorded on the response."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_submitted_at(value: Any) -> datetime:
    """Day/month/year (B.E. or C.E.) or ISO text, or an Excel datetime; local times are Asia/Bangkok."""
    if isinstance(value, datetime):
        moment = value
    else:
        text = normalise_digits(str(value)).strip()
        match = _DAY_FIRST.match(text) or _ISO.match(text)
        if match is None:
            raise ValueError(f"{mask_raw_value(value)} is not a date and time")
        parts = {name: int(number) for name, number in match.groupdict(default="0").items()}
        parts["year"] = common_era_year(parts["year"])
        moment = datetime(**parts)
    return moment.replace(tzinfo=BANGKOK) if moment.tzinfo is None else moment


def parse_answer(spec: FieldSpec, value: Any) -> Any:
    """The canonical value of a non-blank answer of a ``choice``, ``integer`` or ``text`` field."""
    if spec.type == "choice":
        label = normalise_label(value)
        if label not in spec.answers:
            raise AnswerProblem(
                f"unknown_answer_{spec.name}", f"{spec.name}: answer {mask_raw_value(label)} is not mapped"
            )
        return spec.answers[label]
    if spec.type == "integer":
        text = normalise_digits(str(value)).strip()
        try:
            number = float(text)
        except ValueError as error:
            raise AnswerProblem(
                f"unparseable_{spec.name}", f"{spec.name}: {mask_raw_value(text)} is not a number"
            ) from error
        if (
            number != int(number)
            or (spec.minimum is not None and number < spec.minimum)
            or (spec.maximum is not None and number > spec.maximum)
        ):
            raise AnswerProblem(
                f"out_of_range_{spec.name}",
                f"{spec.name}: {mask_raw_value(text)} is outside {spec.minimum}..{spec.maximum}",
            )
        return int(number)
    return normalise_label(value)
