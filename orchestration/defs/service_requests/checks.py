"""The service-request raw gate: every landed Traffy batch passes its suite, or an operator decided."""

from orchestration.defs.raw_batch_check import build_raw_batch_check
from orchestration.defs.service_requests.assets import RAW_SERVICE_REQUESTS
from orchestration.sources.service_requests.source import (
    RAW_SUITE,
    RAW_SUITE_COLUMNS,
    SOURCE,
    service_request_lake,
)

service_request_batches_check = build_raw_batch_check(
    RAW_SERVICE_REQUESTS, SOURCE, service_request_lake, RAW_SUITE, RAW_SUITE_COLUMNS
)
