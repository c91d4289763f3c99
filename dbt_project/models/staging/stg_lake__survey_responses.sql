-- Row-level survey data: the Dagster UI shows its row count but never a preview of its rows.
{{ config(meta={"row_level_personal_data": true}) }}

-- One row per consenting survey response as landed, re-downloads included (int_survey__responses keeps
-- one per response); personal data never reached the lake. Responses of a batch an operator rejected
-- are left out (the quarantine model counts them).
select
    batch_id,
    source_file,
    source_row,
    instrument_id,
    batch_seq,
    submitted_at,
    community_name,
    area_id,
    sex,
    age,
    life_satisfaction,
    service_satisfaction,
    feel_safe_night,
    health,
    environment_satisfaction,
    top_problem,
    -- Batches landed before response keys existed: each row its own response.
    coalesce(response_key, batch_id || ':' || source_row) as response_key,
    warnings
from {{ source('lake', 'survey_responses') }}
where not {{ is_rejected_batch('batch_id') }}
