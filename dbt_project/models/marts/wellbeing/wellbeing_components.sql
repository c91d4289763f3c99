-- Every component of the current well-being method for every community and quarter, normalised to
-- 0-10 across communities (issue 5, OECD-style): the transparent layer behind wb_dim_* and wb_index.
-- The ratio is taken before scaling, so the best community scores exactly 10, never 10 plus a rounding error.
-- Monthly service-request values are pooled into the quarter as a sample-size-weighted mean (exact for
-- the rates and means the method allows). A component is left out of a community's scores when its
-- survey cell is suppressed, it has no value, its sample is below the component's minimum, or it does
-- not vary across communities in that quarter (then it cannot tell them apart).
with current_method as (
    select method_id
    from {{ ref('ref_wellbeing_methods') }}
    order by adopted_on desc
    limit 1
),

components as (
    select
        components.method_id,
        components.dimension,
        components.indicator_id,
        components.weight,
        components.min_sample_size,
        indicators.higher_is_better
    from {{ ref('ref_wellbeing_components') }} as components
    inner join current_method
        on components.method_id = current_method.method_id
    inner join {{ ref('ref_indicator_catalog') }} as indicators
        on components.indicator_id = indicators.indicator_id
),

cells as (
    select
        indicator_id,
        period_start,
        area_id,
        value,
        sample_size,
        suppressed
    from {{ ref('fct_service_request_indicators') }}
    where category = 'ALL'

    union all

    select
        indicator_id,
        period_start,
        area_id,
        value,
        sample_size,
        suppressed
    from {{ ref('fct_survey_indicators') }}
),

quarterly as (
    select
        cells.indicator_id,
        cast(date_trunc('quarter', cells.period_start) as date) as period_start,
        cells.area_id,
        sum(cells.value * cells.sample_size) filter (where not cells.suppressed)
        / sum(cells.sample_size) filter (where not cells.suppressed) as value,
        sum(cells.sample_size) filter (where not cells.suppressed) as sample_size,
        bool_and(cells.suppressed) as suppressed
    from cells
    inner join {{ ref('ref_areas') }} as areas
        on cells.area_id = areas.area_id
    where cells.indicator_id in (select components.indicator_id from components)
    group by cells.indicator_id, cast(date_trunc('quarter', cells.period_start) as date), cells.area_id
),

spine as (
    select
        quarters.period_start,
        areas.area_id,
        components.*
    from (select distinct period_start from quarterly) as quarters
    cross join {{ ref('ref_areas') }} as areas
    cross join components
),

candidates as (
    select
        spine.*,
        quarterly.value,
        quarterly.sample_size,
        case
            when quarterly.suppressed then 'suppressed'
            when quarterly.value is null then 'missing'
            when quarterly.sample_size < spine.min_sample_size then 'small_sample'
        end as excluded_as
    from spine
    left join quarterly
        on
            spine.indicator_id = quarterly.indicator_id
            and spine.period_start = quarterly.period_start
            and spine.area_id = quarterly.area_id
),

ranged as (
    select
        *,
        min(value) filter (where excluded_as is null) over (partition by period_start, indicator_id)
            as min_value,
        max(value) filter (where excluded_as is null) over (partition by period_start, indicator_id)
            as max_value
    from candidates
),

scored as (
    select
        *,
        coalesce(excluded_as, case when max_value = min_value then 'no_spread' else 'used' end) as status
    from ranged
)

select
    method_id,
    period_start,
    'quarter' as period_grain,
    area_id,
    dimension,
    indicator_id,
    cast(weight as double) as weight,
    higher_is_better,
    cast(value as double) as value,
    cast(sample_size as bigint) as sample_size,
    cast(min_value as double) as min_value,
    cast(max_value as double) as max_value,
    status,
    cast(
        case
            when status = 'used' and higher_is_better
                then 10.0 * ((value - min_value) / (max_value - min_value))
            when status = 'used' then 10.0 * ((max_value - value) / (max_value - min_value))
        end as double
    ) as score
from scored
