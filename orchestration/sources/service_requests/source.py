"""The service-request source (Traffy Fondue exports): its name and where its batches live."""

from orchestration.lake.store import LakeLayout, source_lake

SOURCE = "service_requests"


def service_request_lake() -> LakeLayout:
    """The lake and quarantine folders of service requests under ``$CITY_DATA_DIR``."""
    return source_lake(SOURCE)


# The raw suite every landed batch must pass (expectations/), and the accepted columns it reads.
RAW_SUITE = "raw_service_requests_batch"
RAW_SUITE_COLUMNS = (
    "ticket_id",
    "created_at",
    "latitude",
    "longitude",
    "star",
    "count_reopen",
    "status_label",
    "layout",
)
