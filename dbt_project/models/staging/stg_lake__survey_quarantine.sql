-- One row per survey row that was not accepted, with the reason (answers are never kept).
select
    batch_id,
    source_file,
    source_row,
    field,
    reason_code,
    reason
from {{ source('lake', 'survey_quarantine') }}
