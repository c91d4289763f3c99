-- How sure the league table's rank is (decision 019): a deterministic bootstrap of wb_index over the
-- respondents and tickets behind it, for the communities with a published index. Each replicate gives
-- every respondent and every ticket a Poisson(1) weight drawn from a hash of (seed, replicate, unit),
-- so every run draws the same replicates; a respondent or ticket keeps its weight across the
-- components it counts in. Each replicate recomputes the used components' values, shrinks and scores
-- them exactly like wellbeing_components (the city value, the prior, is held at its published figure),
-- aggregates them with the same rules and ranks the communities. Only published cells are resampled:
-- respondents of suppressed community-quarters are never read, and a community without an index has
-- no rank. The 90% interval is the 5th to 95th percentile of the replicate ranks, widened to contain
-- the published rank; the tier compares the 90% interval of the community's index with the city's.
with published as (
    select
        period_start,
        area_id,
        value as wb_index,
        rank() over (partition by period_start order by value desc) as wb_index_rank
    from {{ ref('fct_wellbeing_index') }}
    where indicator_id = 'wb_index' and area_id <> 'ALL'
),

components as (
    -- Every component of the ranked communities; only the used ones are resampled and scored.
    select components.*
    from {{ ref('wellbeing_components') }} as components
    inner join published
        on
            components.period_start = published.period_start
            and components.area_id = published.area_id
),

units as (
    -- One row per respondent or ticket and component it counts in, as a number whose mean is the value.
    select
        answers.period_start,
        answers.area_id,
        answers.indicator_id,
        'respondent:' || answers.batch_id || ':' || answers.source_row as unit_id,
        answers.x
    from {{ ref('int_survey__answers') }} as answers
    inner join {{ ref('int_survey__disclosure') }} as disclosure
        on
            answers.period_start = disclosure.period_start
            and answers.area_id = disclosure.area_id
    where not disclosure.suppressed

    union all

    select
        cast(date_trunc('quarter', tickets.period_start) as date) as period_start,
        tickets.area_id,
        measures.indicator_id,
        'ticket:' || tickets.ticket_id as unit_id,
        measures.x
    from {{ ref('int_service_requests__tickets') }} as tickets
    cross join {{ ref('int_service_requests__data_cutoff') }} as cutoff
    cross join
        lateral (
            values
            ('sr_finish_rate', cast(tickets.is_finished as double)),
            -- Censored at the data cut-off like the published rate: NULL (left out) while undecided.
            ('sr_sla_met_rate', cast({{ sla_outcome_at_cutoff('tickets', 'cutoff.latest_at') }} as double)),
            ('sr_mean_days_to_finish', tickets.hours_to_finish / 24.0),
            ('sr_satisfaction_mean', cast(tickets.star as double))
        ) as measures (indicator_id, x)
),

used_units as (
    select units.*
    from units
    inner join components
        on
            units.period_start = components.period_start
            and units.area_id = components.area_id
            and units.indicator_id = components.indicator_id
    where components.status = 'used' and units.x is not null
),

weighted as (
    select
        replicates.replicate,
        used_units.period_start,
        used_units.area_id,
        used_units.indicator_id,
        used_units.x,
        {{ poisson_one_weight(
            'hash(' ~ var('wellbeing_bootstrap_seed') ~ ', replicates.replicate, used_units.unit_id)'
            ~ ' / 18446744073709551616.0'
        ) }} as w
    from used_units
    cross join range(1, {{ var('wellbeing_bootstrap_replicates') }} + 1) as replicates (replicate)
),

replicate_values as (
    select
        replicate,
        period_start,
        area_id,
        indicator_id,
        sum(w * x) / nullif(sum(w), 0) as value,
        sum(w) as sample_size
    from weighted
    group by replicate, period_start, area_id, indicator_id
),

replicate_components as (
    select
        replicates.replicate,
        components.period_start,
        components.area_id,
        components.method_id,
        components.dimension,
        components.weight,
        {{ goalpost_score(
            credibility_adjusted(
                'replicate_values.value', 'replicate_values.sample_size', 'components.city_value',
                'components.credibility_k'
            ),
            'components.goalpost_low', 'components.goalpost_high', 'components.higher_is_better'
        ) }} as score
    from components
    cross join range(1, {{ var('wellbeing_bootstrap_replicates') }} + 1) as replicates (replicate)
    left join replicate_values
        on
            replicates.replicate = replicate_values.replicate
            and components.period_start = replicate_values.period_start
            and components.area_id = replicate_values.area_id
            and components.indicator_id = replicate_values.indicator_id
            and components.status = 'used'
),

replicate_dimensions as (
    {{ wellbeing_dimension_scores('replicate_components', ['replicate', 'period_start', 'area_id']) }}
),

replicate_index as (
    {{ wellbeing_index_scores('replicate_dimensions', ['replicate', 'period_start', 'area_id']) }}
),

replicate_ranks as (
    select
        *,
        rank() over (partition by replicate, period_start order by value desc) as replicate_rank
    from replicate_index
),

intervals as (
    select
        period_start,
        area_id,
        count(*) as replicates,
        quantile_disc(replicate_rank, 0.05) as rank_p05,
        quantile_disc(replicate_rank, 0.95) as rank_p95,
        quantile_cont(value, 0.05) as index_low,
        quantile_cont(value, 0.95) as index_high
    from replicate_ranks
    group by period_start, area_id
),

city as (
    select
        period_start,
        value as city_wb_index
    from {{ ref('fct_wellbeing_index') }}
    where indicator_id = 'wb_index' and area_id = 'ALL'
)

select
    published.period_start,
    published.area_id,
    cast(published.wb_index_rank as integer) as wb_index_rank,
    cast(least(intervals.rank_p05, published.wb_index_rank) as integer) as rank_low,
    cast(greatest(intervals.rank_p95, published.wb_index_rank) as integer) as rank_high,
    cast(intervals.index_low as double) as index_low,
    cast(intervals.index_high as double) as index_high,
    cast(city.city_wb_index as double) as city_wb_index,
    case
        when intervals.index_low > city.city_wb_index then 'above'
        when intervals.index_high < city.city_wb_index then 'below'
        when city.city_wb_index is not null then 'not_distinguishable'
    end as tier,
    cast(intervals.replicates as integer) as replicates
from published
inner join intervals
    on published.period_start = intervals.period_start and published.area_id = intervals.area_id
left join city
    on published.period_start = city.period_start
