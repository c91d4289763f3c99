-- Row-level survey data: the Dagster UI shows its row count but never a preview of its rows.
{{ config(meta={"row_level_personal_data": true}) }}

-- Consenting responses with the Asia/Bangkok quarter of submission: the grain of every survey indicator.
select
    batch_id,
    source_row,
    {{ bangkok_period_start('submitted_at', 'quarter') }} as period_start,
    area_id,
    life_satisfaction,
    service_satisfaction,
    feel_safe_night,
    health,
    environment_satisfaction,
    top_problem
from {{ ref('stg_lake__survey_responses') }}
