-- The well-being index per community and quarter, and for the city ('ALL'), in indicator_values' shape
-- (decision 019): wb_dim_<dimension> is the weighted mean of the dimension's used component scores,
-- published only where the method's share of the dimension's weight is used; wb_index is the
-- equal-weight mean of the dimension scores, published only where the method's minimum number of
-- dimensions are scored. No component or dimension is imputed. sample_size is the number of
-- components used; the bootstrap interval of the index rank is in wellbeing_rank_intervals.
with dimensions as (
    {{ wellbeing_dimension_scores(ref('wellbeing_components'), ['period_start', 'area_id']) }}
),

communities as (
    {{ wellbeing_index_scores('dimensions', ['period_start', 'area_id']) }}
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
    indicator_id,
    period_start,
    'quarter' as period_grain,
    area_id,
    'ALL' as category,
    cast(value as double) as value,
    cast(null as double) as numerator,
    cast(null as double) as denominator,
    cast(components as bigint) as sample_size,
    cast(null as double) as ci_low,
    cast(null as double) as ci_high,
    false as suppressed
from scores
