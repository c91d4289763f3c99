-- The well-being index per community and quarter in indicator_values' shape (issue 5): wb_dim_<dimension>
-- is the weighted mean of the dimension's used component scores, wb_index the equal-weight mean of the
-- dimension scores, published only where the method's minimum number of dimensions have a score.
-- sample_size is the number of components used; nothing here is a sample estimate, so no interval.
with used as (
    select
        method_id,
        period_start,
        area_id,
        dimension,
        weight,
        score
    from {{ ref('wellbeing_components') }}
    where status = 'used'
),

dimensions as (
    select
        method_id,
        period_start,
        area_id,
        dimension,
        sum(weight * score) / sum(weight) as value,
        count(*) as components
    from used
    group by method_id, period_start, area_id, dimension
),

communities as (
    select
        dimensions.period_start,
        dimensions.area_id,
        avg(dimensions.value) as value,
        sum(dimensions.components) as components,
        count(*) as dimensions,
        max(methods.min_dimensions) as min_dimensions
    from dimensions
    inner join {{ ref('ref_wellbeing_methods') }} as methods
        on dimensions.method_id = methods.method_id
    group by dimensions.period_start, dimensions.area_id
),

scores as (
    select
        'wb_dim_' || dimension as indicator_id,
        period_start,
        area_id,
        value,
        components
    from dimensions

    union all

    select
        'wb_index' as indicator_id,
        period_start,
        area_id,
        value,
        components
    from communities
    where dimensions >= min_dimensions
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
