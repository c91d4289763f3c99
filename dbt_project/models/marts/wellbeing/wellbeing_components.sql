-- Every component of the current well-being method for every community and quarter, and for the city
-- ('ALL'), scored 0-10 against the component's fixed goalposts (decision 019): the transparent layer
-- behind wb_dim_* and wb_index. A community's score depends only on its own value and the city's value
-- of the quarter, never on another community's, so scores compare across quarters.
-- Monthly service-request values are pooled into the quarter as a sample-size-weighted mean (exact for
-- the rates and means the method allows). Small samples: a community's value on n tickets or
-- respondents is shrunk towards the city's value with credibility n / (n + k), k from the components
-- seed (the city is the prior, so it is not shrunk). A component is left out when its survey cell is
-- suppressed, it has no value, its sample is below the component's minimum, or the city has no value to
-- shrink towards (a suppressed city cell).
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
        components.goalpost_low,
        components.goalpost_high,
        components.credibility_k,
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

areas as (
    -- The communities, and the city: scored on its own values, the prior the communities shrink to.
    select area_id from {{ ref('ref_areas') }}
    union all
    select 'ALL' as area_id
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
    where
        cells.indicator_id in (select components.indicator_id from components)
        and cells.area_id in (select areas.area_id from areas)
    group by cells.indicator_id, cast(date_trunc('quarter', cells.period_start) as date), cells.area_id
),

spine as (
    select
        quarters.period_start,
        areas.area_id,
        components.*
    from (select distinct period_start from quarterly) as quarters
    cross join areas
    cross join components
),

candidates as (
    select
        spine.*,
        quarterly.value,
        quarterly.sample_size,
        city.value as city_value,
        case
            when quarterly.suppressed then 'suppressed'
            when quarterly.value is null then 'missing'
            when quarterly.sample_size < spine.min_sample_size then 'small_sample'
            when city.value is null then 'no_city_value'
            else 'used'
        end as status
    from spine
    left join quarterly
        on
            spine.indicator_id = quarterly.indicator_id
            and spine.period_start = quarterly.period_start
            and spine.area_id = quarterly.area_id
    left join quarterly as city
        on
            spine.indicator_id = city.indicator_id
            and spine.period_start = city.period_start
            and city.area_id = 'ALL'
),

adjusted as (
    select
        *,
        case
            when status <> 'used' then null
            when area_id = 'ALL' then value
            else {{ credibility_adjusted('value', 'sample_size', 'city_value', 'credibility_k') }}
        end as adjusted_value
    from candidates
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
    cast(city_value as double) as city_value,
    cast(credibility_k as double) as credibility_k,
    cast(adjusted_value as double) as adjusted_value,
    cast(goalpost_low as double) as goalpost_low,
    cast(goalpost_high as double) as goalpost_high,
    status,
    cast(
        {{ goalpost_score('adjusted_value', 'goalpost_low', 'goalpost_high', 'higher_is_better') }} as double
    ) as score
from adjusted
