-- The well-being index per community and quarter, and for the city ('ALL'), in indicator_values' shape
-- (decision 019): wb_dim_<dimension> is the weighted mean of the dimension's used component scores,
-- published only where the method's share of the dimension's weight is used; wb_index is the
-- equal-weight mean of the dimension scores, published only where the method's minimum number of
-- dimensions are scored. No component or dimension is imputed. sample_size is the number of
-- components used; the bootstrap interval of the index rank is in wellbeing_rank_intervals.
-- `provisional` (decision 016): the quarter's survey figures are provisional, or its service requests
-- are by the rule of the monthly sr_* figures applied to the quarter (not over sr_settling_days before
-- the cut-off, or the tickets start after the quarter's first day).
with dimensions as (
    {{ wellbeing_dimension_scores(ref('wellbeing_components'), ['period_start', 'area_id']) }}
),

communities as (
    {{ wellbeing_index_scores('dimensions', ['period_start', 'area_id']) }}
),

survey_quarters as (
    select
        period_start,
        max(case when provisional then 1 else 0 end) = 1 as provisional
    from {{ ref('fct_survey_indicators') }}
    group by period_start
),

scores as (
    select
        'wb_dim_' || dimension as indicator_id,
        period_start,
        area_id,
        value,
        components
    from dimensions
    where is_scored

    union all

    select
        'wb_index' as indicator_id,
        period_start,
        area_id,
        value,
        components
    from communities
)

select
    scores.indicator_id,
    scores.period_start,
    'quarter' as period_grain,
    scores.area_id,
    'ALL' as category,
    cast(scores.value as double) as value,
    cast(null as double) as numerator,
    cast(null as double) as denominator,
    cast(scores.components as bigint) as sample_size,
    cast(null as double) as ci_low,
    cast(null as double) as ci_high,
    false as suppressed,
    coalesce(survey_quarters.provisional, false)
    or coalesce({{ is_provisional_period(
        'scores.period_start', 'quarter', 'cutoff.latest_at', 'cutoff.first_created_at', var('sr_settling_days')
    ) }}, false) as provisional
from scores
left join survey_quarters
    on scores.period_start = survey_quarters.period_start
left join {{ ref('int_service_requests__data_cutoff') }} as cutoff
    on true
