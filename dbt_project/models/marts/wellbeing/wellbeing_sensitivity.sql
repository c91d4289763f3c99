-- How far each community's index rank moves under other reasonable choices (decision 019; OECD/JRC
-- Handbook step 7): every combination of a normalisation (the method's fixed goalposts, min-max across
-- the quarter's communities, z-score across them) and a weighting (equal weight per dimension, as the
-- method; equal weight per component) ranks the communities that have a published index. The values
-- normalised are the method's credibility-adjusted values of the used components, so only the choice
-- under test changes; a component that does not vary in a quarter has no min-max or z-score and is
-- left out of that scenario. rank_shift = scenario rank - published rank (negative = ranked higher).
with published as (
    select
        period_start,
        area_id,
        rank() over (partition by period_start order by value desc) as published_rank
    from {{ ref('fct_wellbeing_index') }}
    where indicator_id = 'wb_index' and area_id <> 'ALL'
),

components as (
    select
        components.*,
        case when components.higher_is_better then 1.0 else -1.0 end as direction,
        min(components.adjusted_value) over quarter_component as min_value,
        max(components.adjusted_value) over quarter_component as max_value,
        avg(components.adjusted_value) over quarter_component as mean_value,
        stddev_pop(components.adjusted_value) over quarter_component as sd_value
    from {{ ref('wellbeing_components') }} as components
    inner join published
        on
            components.period_start = published.period_start
            and components.area_id = published.area_id
    window quarter_component as (partition by components.period_start, components.indicator_id)
),

normalised as (
    select
        'goalposts' as normalisation,
        period_start,
        area_id,
        method_id,
        dimension,
        weight,
        score
    from components

    union all

    select
        'min_max' as normalisation,
        period_start,
        area_id,
        method_id,
        dimension,
        weight,
        10.0 * (
            case when higher_is_better then adjusted_value - min_value else max_value - adjusted_value end
        ) / nullif(max_value - min_value, 0) as score
    from components

    union all

    select
        'z_score' as normalisation,
        period_start,
        area_id,
        method_id,
        dimension,
        weight,
        direction * (adjusted_value - mean_value) / nullif(sd_value, 0) as score
    from components
),

dimensions as (
    {{ wellbeing_dimension_scores('normalised', ['normalisation', 'period_start', 'area_id']) }}
),

indexes as (
    select
        normalisation,
        'dimension' as weighting,
        period_start,
        area_id,
        value
    from ({{ wellbeing_index_scores('dimensions', ['normalisation', 'period_start', 'area_id']) }})

    union all

    select
        normalisation,
        'component' as weighting,
        period_start,
        area_id,
        sum(weight * score) / sum(weight) filter (where score is not null) as value
    from normalised
    group by normalisation, period_start, area_id
),

ranked as (
    select
        *,
        rank() over (partition by normalisation, weighting, period_start order by value desc) as scenario_rank
    from indexes
    where value is not null
)

select
    published.period_start,
    published.area_id,
    ranked.normalisation || '/' || ranked.weighting || '_weights' as scenario,
    ranked.normalisation,
    ranked.weighting,
    cast(ranked.value as double) as wb_index,
    cast(ranked.scenario_rank as integer) as rank,
    cast(published.published_rank as integer) as published_rank,
    cast(ranked.scenario_rank - published.published_rank as integer) as rank_shift
from published
inner join ranked
    on published.period_start = ranked.period_start and published.area_id = ranked.area_id
