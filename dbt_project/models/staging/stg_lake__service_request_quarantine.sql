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

union all

-- Every row of a batch an operator rejected: read, landed, and now out of every indicator.
select
    batch_id,
    source_file,
    source_row,
    cast(null as bigint) as source_line,
    'batch' as field,
    'rejected_by_operator' as reason_code,
    {{ rejected_batch_reason() }} as reason
from {{ source('lake', 'service_request_observations') }}
where {{ is_rejected_batch('batch_id') }}
