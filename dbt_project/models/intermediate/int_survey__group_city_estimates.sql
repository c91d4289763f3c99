-- Survey figures before disclosure control: the Dagster UI counts them, never previews them.
{{ config(meta={"unsuppressed_survey_cells": true}) }}

-- City-level ('ALL') estimates per group (decision 026), post-stratified like the city figures of
-- int_survey__city_estimates (decision 017) with the strata of int_survey__group_disclosure: each
-- community publishing its groups is a stratum, the hidden ones one pooled stratum (its group answers'
-- unweighted mean), weighted by population over the strata with at least one answer from the group.
-- Variance: the stratified sum(w_s^2 x s_s^2 / n_s). A figure is suppressed when its pool cannot protect
-- its members (fewer than two communities or min_cell_respondents answers, or one answer given by all),
-- or when the group has fewer than min_cell_respondents answers in the whole city; then other groups are
-- hidden with it (secondary, below). sv_respondents is the group's count of matched respondents.
with answers as (
    select
        answers.period_start,
        answers.dimension,
        answers.group_value,
        answers.indicator_id,
        answers.area_id,
        answers.x,
        disclosure.stratum
    from {{ ref('int_survey__group_answers') }} as answers
    inner join {{ ref('int_survey__group_disclosure') }} as disclosure
        on
            answers.period_start = disclosure.period_start
            and answers.dimension = disclosure.dimension
            and answers.area_id = disclosure.area_id
),

stratum_populations as (
    select
        members.period_start,
        members.dimension,
        members.group_value,
        members.indicator_id,
        members.stratum,
        sum(areas.population) as population
    from (
        select distinct
            period_start,
            dimension,
            group_value,
            indicator_id,
            stratum,
            area_id
        from answers
    ) as members
    inner join {{ ref('ref_areas') }} as areas
        on members.area_id = areas.area_id
    group by
        members.period_start, members.dimension, members.group_value, members.indicator_id, members.stratum
),

strata as (
    select
        period_start,
        dimension,
        group_value,
        indicator_id,
        stratum,
        count(*) as sample_size,
        avg(x) as estimate,
        coalesce(var_samp(x), 0) as variance,
        stratum = 'pooled'
        and (
            count(distinct area_id) < 2
            or count(*) < {{ var('min_cell_respondents') }}
            or (indicator_id <> 'sv_respondents' and count(distinct x) < 2)
        ) as unprotected
    from answers
    group by period_start, dimension, group_value, indicator_id, stratum
),

weighted as (
    select
        strata.*,
        stratum_populations.population * 1.0
        / sum(stratum_populations.population) over (
            partition by strata.period_start, strata.dimension, strata.group_value, strata.indicator_id
        ) as weight
    from strata
    inner join stratum_populations
        on
            strata.period_start = stratum_populations.period_start
            and strata.dimension = stratum_populations.dimension
            and strata.group_value = stratum_populations.group_value
            and strata.indicator_id = stratum_populations.indicator_id
            and strata.stratum = stratum_populations.stratum
),

estimates as (
    select
        period_start,
        dimension,
        group_value,
        indicator_id,
        sum(sample_size) as sample_size,
        case
            when indicator_id = 'sv_respondents' then cast(sum(sample_size) as double)
            else sum(weight * estimate)
        end as estimate,
        case
            when indicator_id <> 'sv_respondents' then sqrt(sum(weight * weight * variance / sample_size))
        end as standard_error,
        bool_or(unprotected) or sum(sample_size) < {{ var('min_cell_respondents') }} as primary_suppressed
    from weighted
    group by period_start, dimension, group_value, indicator_id
),

-- Secondary suppression across the groups of a dimension: the city total minus the published groups
-- gives the hidden ones together, so they must hold at least two groups and min_cell_respondents
-- answers. The smallest published groups join the primary ones in a fixed order until they do.
ordered as (
    select
        *,
        count(*) filter (where primary_suppressed) over (
            partition by period_start, dimension, indicator_id
        ) as primary_groups,
        row_number() over (
            partition by period_start, dimension, indicator_id
            order by primary_suppressed desc, sample_size asc, group_value asc
        ) as hide_order,
        sum(sample_size) over (
            partition by period_start, dimension, indicator_id
            order by primary_suppressed desc, sample_size asc, group_value asc
            rows between unbounded preceding and current row
        ) as hidden_answers
    from estimates
),

hidden_groups as (
    select
        period_start,
        dimension,
        indicator_id,
        coalesce(
            min(hide_order) filter (
                where
                hide_order >= greatest(primary_groups, 2)
                and hidden_answers >= {{ var('min_cell_respondents') }}
            ),
            max(hide_order)
        ) as hidden_count,
        max(primary_groups) as primary_groups
    from ordered
    group by period_start, dimension, indicator_id
)

select
    ordered.period_start,
    ordered.dimension,
    ordered.group_value,
    'ALL' as area_id,
    ordered.indicator_id,
    ordered.sample_size,
    ordered.estimate,
    ordered.standard_error,
    hidden_groups.primary_groups > 0 and ordered.hide_order <= hidden_groups.hidden_count as suppressed
from ordered
inner join hidden_groups
    on
        ordered.period_start = hidden_groups.period_start
        and ordered.dimension = hidden_groups.dimension
        and ordered.indicator_id = hidden_groups.indicator_id
