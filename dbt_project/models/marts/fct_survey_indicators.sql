-- Every sv_* indicator of SPEC 4 per quarter and area (communities and the city, 'ALL'). Which
-- community-quarters are suppressed comes from int_survey__disclosure (one pattern for every survey
-- table); the city figure comes from int_survey__city_estimates, with the suppressed communities as one
-- pooled stratum. 95% intervals (decision 014): Wilson score for a community rate, so a 0/n cell has a
-- real upper bound; Student's t with n - 1 degrees of freedom for a community mean; the stratified
-- normal interval for the city. Means are clipped to the answer scale (0-10), city rates to [0, 1].
-- `provisional` (SPEC 6, decision 016): the quarter is not over at the survey data's cut-off, the latest
-- submission among the accepted responses, so later responses of its wave can still arrive.
with survey_cutoff as (
    select max(submitted_at) as latest_at
    from {{ ref('stg_lake__survey_responses') }}
),

survey_indicators as (
    select indicator_id
    from {{ ref('ref_indicator_catalog') }}
    where indicator_id like 'sv\_%' escape '\'
),

community as (
    -- A suppressed community-quarter has a row for every sv_* indicator, answered or not, so which
    -- rows exist cannot tell which questions its few respondents left blank.
    select
        disclosure.period_start,
        disclosure.area_id,
        survey_indicators.indicator_id,
        estimates.sample_size,
        estimates.estimate,
        estimates.standard_error,
        estimates.numerator,
        cast(estimates.sample_size as double) as denominator,
        disclosure.suppressed
    from {{ ref('int_survey__disclosure') }} as disclosure
    cross join survey_indicators
    left join {{ ref('int_survey__community_estimates') }} as estimates
        on
            disclosure.period_start = estimates.period_start
            and disclosure.area_id = estimates.area_id
            and survey_indicators.indicator_id = estimates.indicator_id
    where disclosure.suppressed or estimates.indicator_id is not null
),

cells as (
    select * from community

    union all

    select
        period_start,
        area_id,
        indicator_id,
        sample_size,
        estimate,
        standard_error,
        numerator,
        cast(null as double) as denominator,
        suppressed
    from {{ ref('int_survey__city_estimates') }}
),

{{ survey_interval_ctes() }}

select
    intervals.indicator_id,
    intervals.period_start,
    'quarter' as period_grain,
    intervals.area_id,
    'ALL' as category,
    cast(case when not intervals.suppressed then intervals.estimate end as double) as value,
    cast(case when not intervals.suppressed and intervals.is_rate then intervals.numerator end as double)
        as numerator,
    cast(case when not intervals.suppressed and intervals.is_rate then intervals.denominator end as double)
        as denominator,
    cast(case when not intervals.suppressed then intervals.sample_size end as bigint) as sample_size,
    cast(case when not intervals.suppressed then intervals.ci_low end as double) as ci_low,
    cast(case when not intervals.suppressed then intervals.ci_high end as double) as ci_high,
    intervals.suppressed,
    {{ is_provisional_period('intervals.period_start', 'quarter', 'survey_cutoff.latest_at') }} as provisional
from intervals
cross join survey_cutoff
