-- Survey figures before disclosure control: the Dagster UI counts them, never previews them.
{{ config(meta={"unsuppressed_survey_cells": true}) }}

-- Unweighted estimates per quarter, community and indicator over the respondents who answered,
-- plus sv_respondents (consenting responses). Responses from an unknown community are left out here.
with answered as (
    select
        period_start,
        area_id,
        indicator_id,
        count(*) as sample_size,
        sum(x) as x_sum,
        avg(x) as estimate,
        var_samp(x) as variance
    from {{ ref('int_survey__answers') }}
    where area_id <> 'unknown'
    group by period_start, area_id, indicator_id
),

respondents as (
    select
        period_start,
        area_id,
        'sv_respondents' as indicator_id,
        count(*) as sample_size
    from {{ ref('int_survey__responses') }}
    where area_id <> 'unknown'
    group by period_start, area_id
)

select
    period_start,
    area_id,
    indicator_id,
    sample_size,
    estimate,
    variance,
    sqrt(variance / sample_size) as standard_error,
    case when indicator_id like '%\_rate' escape '\' then x_sum end as numerator
from answered

union all

select
    period_start,
    area_id,
    indicator_id,
    sample_size,
    cast(sample_size as double) as estimate,
    cast(null as double) as variance,
    cast(null as double) as standard_error,
    cast(sample_size as double) as numerator
from respondents
