-- The published indicator table every BI dashboard reads (SPEC 6): all sources, one long table.
with service_requests as (
    select * from {{ ref('fct_service_request_indicators') }}
),

survey as (
    select * from {{ ref('fct_survey_indicators') }}
)

select
    indicator_id,
    period_start,
    period_grain,
    area_id,
    category,
    value,
    numerator,
    denominator,
    sample_size,
    ci_low,
    ci_high,
    suppressed
from service_requests

union all

select
    indicator_id,
    period_start,
    period_grain,
    area_id,
    category,
    value,
    numerator,
    denominator,
    sample_size,
    ci_low,
    ci_high,
    suppressed
from survey
