-- City-level ('ALL') estimates, post-stratified by population (SPEC 4): the sum over communities with
-- at least one answer of pop_c / sum(pop) x estimate_c, so communities count by how many people live
-- there, not by how many answered. Its variance is sum(w_c^2 x s_c^2 / n_c); a community with a single
-- answer has no sample variance of its own and borrows the pooled variance of the quarter.
with community as (
    select *
    from {{ ref('int_survey__community_estimates') }}
    where indicator_id <> 'sv_respondents'
),

pooled as (
    select
        period_start,
        indicator_id,
        var_samp(x) as pooled_variance
    from {{ ref('int_survey__answers') }}
    where area_id <> 'unknown'
    group by period_start, indicator_id
),

weighted as (
    select
        community.period_start,
        community.indicator_id,
        community.sample_size,
        community.estimate,
        coalesce(community.variance, pooled.pooled_variance, 0) as variance,
        areas.population * 1.0
        / sum(areas.population) over (partition by community.period_start, community.indicator_id) as weight
    from community
    inner join {{ ref('ref_areas') }} as areas
        on community.area_id = areas.area_id
    inner join pooled
        on
            community.period_start = pooled.period_start
            and community.indicator_id = pooled.indicator_id
),

estimates as (
    select
        period_start,
        indicator_id,
        sum(sample_size) as sample_size,
        sum(weight * estimate) as estimate,
        sqrt(sum(weight * weight * variance / sample_size)) as standard_error
    from weighted
    group by period_start, indicator_id
),

respondents as (
    -- Every consenting response counts here, including those from an unknown community.
    select
        period_start,
        count(*) as sample_size
    from {{ ref('int_survey__responses') }}
    group by period_start
)

select
    period_start,
    'ALL' as area_id,
    indicator_id,
    sample_size,
    estimate,
    standard_error,
    cast(null as double) as numerator
from estimates

union all

select
    period_start,
    'ALL' as area_id,
    'sv_respondents' as indicator_id,
    sample_size,
    cast(sample_size as double) as estimate,
    cast(null as double) as standard_error,
    cast(sample_size as double) as numerator
from respondents
