-- The published indicator table every BI dashboard reads (SPEC 6): all sources, one long table.
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
from {{ ref('fct_service_request_indicators') }}
