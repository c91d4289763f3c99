"""Inbox files whose content has not been landed yet, for both sources: what a run still has to do."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from orchestration.core.paths import city_data_paths
from orchestration.defs.partitions import export_day
from orchestration.lake.digest_cache import file_digests
from orchestration.lake.inbox import inbox_files
from orchestration.sources.service_requests.source import SOURCE as SERVICE_REQUESTS
from orchestration.sources.service_requests.source import service_request_lake
from orchestration.sources.survey.source import SOURCE as SURVEY
from orchestration.sources.survey.source import survey_lake

# A file changed this recently may still be being copied into the inbox; the sensor waits for it.
# Tests with a live daemon shorten it through the environment.
SETTLE_SECONDS = int(os.environ.get("CITY_INBOX_SETTLE_SECONDS", "30"))


@dataclass(frozen=True)
class Arrival:
    """One inbox file not landed yet."""

    source: str
    path: Path
    sha256: str

    @property
    def name(self) -> str:
        return f"{self.source}/{self.path.name}"


def unlanded_files(settled_for: float = 0, now: float | None = None) -> list[Arrival]:
    """Inbox files not landed yet, leaving out any modified in the last ``settled_for`` seconds."""
    paths = city_data_paths()
    now = time.time() if now is None else now
    settled_before = now - settled_for
    pending = []
    for source, lake in ((SERVICE_REQUESTS, service_request_lake()), (SURVEY, survey_lake())):
        settled = [
            path for path in inbox_files(paths.inbox_for(source)) if path.stat().st_mtime <= settled_before
        ]
        for path, digest in file_digests(settled, lake.lake_dir / "inbox_digests.json", now).items():
            if not lake.batch_record_file(digest).exists():
                pending.append(Arrival(source, path, digest))
    return pending


def export_days_of(arrivals: list[Arrival]) -> set[str]:
    """The Bangkok-day partitions the service-request files among ``arrivals`` belong to."""
    return {export_day(arrival.path) for arrival in arrivals if arrival.source == SERVICE_REQUESTS}
