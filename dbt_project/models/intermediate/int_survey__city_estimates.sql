-- Survey figures before disclosure control: the Dagster UI counts them, never previews them.
{{ config(meta={"unsuppressed_survey_cells": true}) }}

-- City-level ('ALL') estimates, post-stratified by population (SPEC 4, decision 014). Strata: each
-- published community, and one pooled stratum of every suppressed community (primary and secondary),
-- weighted by its total population and estimated by the unweighted mean of its pooled answers. Giving
-- each suppressed community its own public weight would let anyone solve the city figure for its value.
-- Weights run over the matched communities with at least one answer; the variance is the stratified
-- sum(w_s^2 x s_s^2 / n_s). A city figure is suppressed when its pooled stratum cannot protect its
-- members (fewer than two communities or min_cell_respondents answers, or one answer given by all).
with answers as (
    select
        answers.period_start,
        answers.indicator_id,
        answers.area_id,
        answers.x,
        disclosure.stratum
    from {{ ref('int_survey__answers') }} as answers
    inner join {{ ref('int_survey__disclosure') }} as disclosure
        on
            answers.period_start = disclosure.period_start
            and answers.area_id = disclosure.area_id
),

members as (
    select distinct
        period_start,
        indicator_id,
        stratum,
        area_id
    from answers
),

stratum_populations as (
    select
        members.period_start,
        members.indicator_id,
        members.stratum,
        sum(areas.population) as population
    from members
    inner join {{ ref('ref_areas') }} as areas
        on members.area_id = areas.area_id
    group by members.period_start, members.indicator_id, members.stratum
),

strata as (
    select
        answers.period_start,
        answers.indicator_id,
        answers.stratum,
        count(*) as sample_size,
        avg(answers.x) as estimate,
        coalesce(var_samp(answers.x), 0) as variance,
        answers.stratum = 'pooled'
        and (
            count(distinct answers.area_id) < 2
            or count(*) < {{ var('min_cell_respondents') }}
            or count(distinct answers.x) < 2
        ) as unprotected
    from answers
    group by answers.period_start, answers.indicator_id, answers.stratum
),

weighted as (
    select
        strata.*,
        stratum_populations.population * 1.0
        / sum(stratum_populations.population) over (
            partition by strata.period_start, strata.indicator_id
        ) as weight
    from strata
    inner join stratum_populations
        on
            strata.period_start = stratum_populations.period_start
            and strata.indicator_id = stratum_populations.indicator_id
            and strata.stratum = stratum_populations.stratum
),

estimates as (
    select
        period_start,
        indicator_id,
        sum(sample_size) as sample_size,
        sum(weight * estimate) as estimate,
        sqrt(sum(weight * weight * variance / sample_size)) as standard_error,
        bool_or(unprotected) as suppressed
    from weighted
    group by period_start, indicator_id
),

respondents as (
    -- Every consenting response counts here, including those from an unknown community. Only a
    -- quarter whose communities cannot be pooled safely hides it (its pool could be one community).
    select
        responses.period_start,
        count(*) as sample_size,
        coalesce(bool_or(disclosure.suppressed), false)
        and (
            count(distinct responses.area_id) filter (where disclosure.suppressed) < 2
            or count(*) filter (where disclosure.suppressed) < {{ var('min_cell_respondents') }}
        ) as suppressed
    from {{ ref('int_survey__responses') }} as responses
    left join {{ ref('int_survey__disclosure') }} as disclosure
        on
            responses.period_start = disclosure.period_start
            and responses.area_id = disclosure.area_id
    group by responses.period_start
)

select
    period_start,
    'ALL' as area_id,
    indicator_id,
    sample_size,
    estimate,
    standard_error,
    cast(null as double) as numerator,
    suppressed
from estimates

union all

select
    period_start,
    'ALL' as area_id,
    'sv_respondents' as indicator_id,
    sample_size,
    cast(sample_size as double) as estimate,
    cast(null as double) as standard_error,
    cast(sample_size as double) as numerator,
    suppressed
from respondents
