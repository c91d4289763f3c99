-- Survey indicators by sex and by age band (decision 026), for the city ('ALL') and for the communities
-- whose group cells the disclosure rules allow (int_survey__group_disclosure), with each figure's gap
-- to the city's overall figure of the quarter. Every community-quarter has a row for every group and
-- indicator, published or not, so which rows exist tells nothing about who answered. Intervals as in
-- fct_survey_indicators (decision 017): Wilson for a community rate, Student's t for a community mean,
-- the stratified normal interval for the city. Gap: value - city figure, with the conservative standard
-- error sqrt(se_group^2 + se_city^2) (the group is part of the city, so the true covariance is positive
-- and the true error smaller); distinguishable from noise when |gap| > z x that error.
with survey_cutoff as (
    select max(submitted_at) as latest_at
    from {{ ref('stg_lake__survey_responses') }}
),

survey_indicators as (
    select indicator_id
    from {{ ref('ref_indicator_catalog') }}
    where indicator_id like 'sv\_%' escape '\'
),

community_estimates as (
    select
        period_start,
        dimension,
        group_value,
        area_id,
        indicator_id,
        count(*) as sample_size,
        case when indicator_id = 'sv_respondents' then count(*) else avg(x) end as estimate,
        case when indicator_id <> 'sv_respondents' then sqrt(var_samp(x) / count(*)) end as standard_error
    from {{ ref('int_survey__group_answers') }}
    where area_id <> 'unknown'
    group by period_start, dimension, group_value, area_id, indicator_id
),

cells as (
    select
        disclosure.period_start,
        disclosure.dimension,
        population_groups.group_value,
        disclosure.area_id,
        survey_indicators.indicator_id,
        coalesce(estimates.sample_size, 0) as sample_size,
        estimates.estimate,
        estimates.standard_error,
        disclosure.suppressed
    from {{ ref('int_survey__group_disclosure') }} as disclosure
    inner join {{ ref('ref_population_groups') }} as population_groups
        on disclosure.dimension = population_groups.dimension
    cross join survey_indicators
    left join community_estimates as estimates
        on
            disclosure.period_start = estimates.period_start
            and disclosure.dimension = estimates.dimension
            and population_groups.group_value = estimates.group_value
            and disclosure.area_id = estimates.area_id
            and survey_indicators.indicator_id = estimates.indicator_id

    union all

    select
        quarters.period_start,
        population_groups.dimension,
        population_groups.group_value,
        'ALL' as area_id,
        survey_indicators.indicator_id,
        coalesce(estimates.sample_size, 0) as sample_size,
        estimates.estimate,
        estimates.standard_error,
        coalesce(estimates.suppressed, false) as suppressed
    from (select distinct period_start from {{ ref('int_survey__group_disclosure') }}) as quarters
    cross join {{ ref('ref_population_groups') }} as population_groups
    cross join survey_indicators
    left join {{ ref('int_survey__group_city_estimates') }} as estimates
        on
            quarters.period_start = estimates.period_start
            and population_groups.dimension = estimates.dimension
            and population_groups.group_value = estimates.group_value
            and survey_indicators.indicator_id = estimates.indicator_id
),

{{ survey_interval_ctes(null_when_suppressed=true) }},

gaps as (
    select
        intervals.*,
        case when not intervals.suppressed then intervals.estimate - city.estimate end as gap_to_city,
        case
            when not intervals.suppressed
                then sqrt(
                    intervals.standard_error * intervals.standard_error
                    + city.standard_error * city.standard_error
                )
        end as gap_standard_error,
        city.estimate as city_value
    from intervals
    left join {{ ref('int_survey__city_estimates') }} as city
        on
            intervals.period_start = city.period_start
            and intervals.indicator_id = city.indicator_id
            and not city.suppressed
            and intervals.indicator_id <> 'sv_respondents'
)

select
    gaps.indicator_id,
    gaps.period_start,
    'quarter' as period_grain,
    gaps.dimension,
    gaps.group_value,
    population_groups.name_en as group_name_en,
    population_groups.name_th as group_name_th,
    gaps.area_id,
    cast(case when not gaps.suppressed then gaps.estimate end as double) as value,
    cast(case when not gaps.suppressed then gaps.sample_size end as bigint) as sample_size,
    cast(gaps.ci_low as double) as ci_low,
    cast(gaps.ci_high as double) as ci_high,
    gaps.suppressed,
    {{ is_provisional_period('gaps.period_start', 'quarter', 'survey_cutoff.latest_at') }} as provisional,
    cast(gaps.city_value as double) as city_value,
    cast(gaps.gap_to_city as double) as gap_to_city,
    cast(gaps.gap_to_city - {{ var('z_975') }} * gaps.gap_standard_error as double) as gap_ci_low,
    cast(gaps.gap_to_city + {{ var('z_975') }} * gaps.gap_standard_error as double) as gap_ci_high,
    abs(gaps.gap_to_city) > {{ var('z_975') }} * gaps.gap_standard_error as gap_is_significant
from gaps
inner join {{ ref('ref_population_groups') }} as population_groups
    on gaps.dimension = population_groups.dimension and gaps.group_value = population_groups.group_value
cross join survey_cutoff
