-- Row-level survey data: the Dagster UI shows its row count but never a preview of its rows.
{{ config(meta={"row_level_personal_data": true}) }}

-- One row per survey row that was not accepted, with the reason (answers are never kept).
select
    batch_id,
    source_file,
    source_row,
    field,
    reason_code,
    reason
from {{ source('lake', 'survey_quarantine') }}

union all

select
    batch_id,
    source_file,
    source_row,
    'batch' as field,
    'rejected_by_operator' as reason_code,
    {{ rejected_batch_reason() }} as reason
from {{ source('lake', 'survey_responses') }}
where {{ is_rejected_batch('batch_id') }}
