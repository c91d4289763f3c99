"""Response identity: which landed survey rows are one response (decision 014).

Online-form tools export cumulatively: day 2's download repeats day 1's responses. Every download is
landed as it is (the lake stays immutable) and dbt keeps one row per response key, the latest batch's.
A key is the form tool's own response ID when the instrument maps one (KoboToolbox ``_uuid``), so an
edited answer stays the same response; otherwise a hash of the submission time and every answer
(national-ID hash included), numbered by occurrence within the export, because a form tool never repeats
a response inside one download: two identical rows there are two people who answered alike.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping
from typing import Any

from orchestration.sources.survey.instruments import ANSWER_FIELDS, normalise_label
from orchestration.sources.survey.values import is_blank

# What a response answered; derived columns (area_id, warnings) follow from these.
_CONTENT_FIELDS = (
    "submitted_at",
    "community_name",
    "sex",
    "age",
    *ANSWER_FIELDS,
    "comment",
    "national_id_hash",
)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class ResponseKeys:
    """Assigns the response key of each accepted row of one export, in file order."""

    def __init__(self) -> None:
        self._seen: Counter[str] = Counter()

    def key(self, values: Mapping[str, Any], response_id: Any) -> str:
        """The form tool's response ID when given, else the content hash and its occurrence number."""
        if not is_blank(response_id):
            return _digest("response_id", normalise_label(response_id))
        content = json.dumps(
            {name: values.get(name) for name in _CONTENT_FIELDS}, default=str, ensure_ascii=False
        )
        self._seen[content] += 1
        return _digest("content", content, str(self._seen[content]))
