-- One row per landed observation of a ticket; the lake already holds canonical names and types.
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
