-- Survey counts per group before disclosure control: the Dagster UI counts it, never previews it.
{{ config(meta={"unsuppressed_survey_cells": true}) }}

-- Which community-quarters publish their cells by sex or by age band (decision 026), one pattern per
-- community, quarter and dimension for every group and indicator, as decision 017 does for the totals.
-- Primary: the community's totals are suppressed (int_survey__disclosure), or any group present in it has
-- fewer than min_cell_respondents respondents or answers to any indicator. Then all its groups are
-- hidden together: publishing the others would give the small one by subtraction from the total.
-- Secondary: the hidden communities form the pooled stratum of the city's group figures; the smallest
-- published ones join (primary first, then by respondents and area_id) until every group and indicator
-- with answers in the pool has them from at least two communities and min_cell_respondents answers, so
-- city group figure minus the published community cells leaves only a protected pool.
with item_totals as (
    select
        period_start,
        dimension,
        area_id,
        group_value,
        indicator_id,
        count(*) as answers
    from {{ ref('int_survey__group_answers') }}
    where area_id <> 'unknown'
    group by period_start, dimension, area_id, group_value, indicator_id
),

present_groups as (
    select
        period_start,
        dimension,
        area_id,
        group_value
    from item_totals
    where indicator_id = 'sv_respondents'
),

indicators as (
    select distinct indicator_id
    from item_totals
),

-- Every indicator of every group present: an unanswered indicator counts as 0 answers.
group_cells as (
    select
        present_groups.*,
        indicators.indicator_id,
        coalesce(item_totals.answers, 0) as answers
    from present_groups
    cross join indicators
    left join item_totals
        on
            present_groups.period_start = item_totals.period_start
            and present_groups.dimension = item_totals.dimension
            and present_groups.area_id = item_totals.area_id
            and present_groups.group_value = item_totals.group_value
            and indicators.indicator_id = item_totals.indicator_id
),

communities as (
    select
        group_cells.period_start,
        group_cells.dimension,
        group_cells.area_id,
        max(disclosure.respondents) as respondents,
        bool_or(disclosure.suppressed) or min(group_cells.answers) < {{ var('min_cell_respondents') }}
            as primary_suppressed
    from group_cells
    inner join {{ ref('int_survey__disclosure') }} as disclosure
        on
            group_cells.period_start = disclosure.period_start
            and group_cells.area_id = disclosure.area_id
    group by group_cells.period_start, group_cells.dimension, group_cells.area_id
),

ordered as (
    select
        *,
        row_number() over (
            partition by period_start, dimension
            order by primary_suppressed desc, respondents asc, area_id asc
        ) as pool_order,
        count(*) filter (where primary_suppressed) over (
            partition by period_start, dimension
        ) as primary_cells,
        count(*) over (partition by period_start, dimension) as communities_in_quarter
    from communities
),

prefixes as (
    select
        period_start,
        dimension,
        pool_order as pool_size
    from ordered
    where pool_order >= primary_cells
),

prefix_items as (
    select
        prefixes.period_start,
        prefixes.dimension,
        prefixes.pool_size,
        group_cells.group_value,
        group_cells.indicator_id,
        sum(group_cells.answers) as answers,
        count(*) filter (where group_cells.answers > 0) as members
    from prefixes
    inner join ordered
        on
            prefixes.period_start = ordered.period_start
            and prefixes.dimension = ordered.dimension
            and prefixes.pool_size >= ordered.pool_order
    inner join group_cells
        on
            ordered.period_start = group_cells.period_start
            and ordered.dimension = group_cells.dimension
            and ordered.area_id = group_cells.area_id
    group by
        prefixes.period_start, prefixes.dimension, prefixes.pool_size, group_cells.group_value,
        group_cells.indicator_id
),

protective_prefixes as (
    select
        period_start,
        dimension,
        pool_size
    from prefix_items
    group by period_start, dimension, pool_size
    having bool_and(answers = 0 or (members >= 2 and answers >= {{ var('min_cell_respondents') }}))
),

pools as (
    select
        ordered.period_start,
        ordered.dimension,
        case
            when max(ordered.primary_cells) = 0 then 0
            else coalesce(min(protective_prefixes.pool_size), max(ordered.communities_in_quarter))
        end as pool_size
    from ordered
    left join protective_prefixes
        on
            ordered.period_start = protective_prefixes.period_start
            and ordered.dimension = protective_prefixes.dimension
    group by ordered.period_start, ordered.dimension
)

select
    ordered.period_start,
    ordered.dimension,
    ordered.area_id,
    ordered.primary_suppressed,
    ordered.pool_order <= pools.pool_size as suppressed,
    case
        when ordered.primary_suppressed then 'primary'
        when ordered.pool_order <= pools.pool_size then 'secondary'
    end as suppression,
    case when ordered.pool_order <= pools.pool_size then 'pooled' else ordered.area_id end as stratum
from ordered
inner join pools
    on ordered.period_start = pools.period_start and ordered.dimension = pools.dimension
