-- One row per landed observation of a ticket; the lake already holds canonical names and types.
-- Rows of a batch an operator rejected are left out (they are counted in the quarantine model).
select
    batch_id,
    source_file,
    source_row,
    layout,
    batch_seq,
    ticket_id,
    type_labels,
    organization,
    latitude,
    longitude,
    subdistrict,
    district,
    province,
    created_at,
    in_progress_at,
    finished_reported_at,
    last_activity_at,
    status_label,
    star,
    count_reopen,
    warnings
from {{ source('lake', 'service_request_observations') }}
where not {{ is_rejected_batch('batch_id') }}
