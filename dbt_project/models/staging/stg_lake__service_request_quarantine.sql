-- One row per rejected record of a Traffy export, with the machine-readable reason code.
select
    batch_id,
    source_file,
    source_row,
    source_line,
    field,
    reason_code,
    reason
from {{ source('lake', 'service_request_quarantine') }}
