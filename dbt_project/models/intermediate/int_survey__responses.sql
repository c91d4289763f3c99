-- Row-level survey data: the Dagster UI shows its row count but never a preview of its rows.
{{ config(meta={"row_level_personal_data": true}) }}

-- One row per consenting response with the Asia/Bangkok quarter of submission: the grain of every survey
-- indicator. Form tools export cumulatively, so a response landed by several downloads is counted once,
-- in the version of the latest batch (decision 014).
with current_versions as (
    select *
    from {{ ref('stg_lake__survey_responses') }}
    qualify row_number() over (
        partition by response_key
        order by batch_seq desc, source_row desc
    ) = 1
)

select
    batch_id,
    source_row,
    response_key,
    {{ bangkok_period_start('submitted_at', 'quarter') }} as period_start,
    area_id,
    sex,
    age,
    life_satisfaction,
    service_satisfaction,
    feel_safe_night,
    health,
    environment_satisfaction,
    top_problem,
    warnings
from current_versions
