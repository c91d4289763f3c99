-- The gap between the best- and the worst-off fifth of communities per survey indicator and quarter
-- (decision 026), from the published community figures only (indicator_values: suppressed communities
-- take no part, so nothing hidden enters). Communities are ranked by their value in the indicator's good
-- direction (ref_indicator_catalog.higher_is_better); a fifth is the ceil(n / 5) communities at each end.
-- Each fifth's figure is the unweighted mean of its communities' values, with standard error
-- sqrt(sum(se_c^2)) / k (independent samples, se_c from the community's 95% interval); the gap is best
-- minus worst, distinguishable from noise when |gap| > z x sqrt(se_best^2 + se_worst^2). Ranking by
-- noisy values selects lucky and unlucky communities, so the gap overstates the true one a little.
with published as (
    select
        values_table.indicator_id,
        values_table.period_start,
        values_table.area_id,
        values_table.value,
        values_table.provisional,
        (values_table.ci_high - values_table.ci_low) / (2 * {{ var('z_975') }}) as standard_error,
        indicator_catalog.higher_is_better
    from {{ ref('indicator_values') }} as values_table
    inner join {{ ref('ref_indicator_catalog') }} as indicator_catalog
        on values_table.indicator_id = indicator_catalog.indicator_id
    where
        values_table.indicator_id like 'sv\_%' escape '\'
        and values_table.indicator_id <> 'sv_respondents'
        and values_table.area_id <> 'ALL'
        and not values_table.suppressed
        and values_table.value is not null
        and values_table.ci_low is not null
),

ranked as (
    select
        *,
        row_number() over (
            partition by indicator_id, period_start
            order by case when higher_is_better then -value else value end, area_id
        ) as best_rank,
        count(*) over (partition by indicator_id, period_start) as communities
    from published
),

fifths as (
    select
        indicator_id,
        period_start,
        max(communities) as communities,
        cast(ceil(max(communities) / 5.0) as bigint) as fifth_size,
        bool_or(provisional) as provisional
    from ranked
    group by indicator_id, period_start
),

ends as (
    select
        ranked.indicator_id,
        ranked.period_start,
        avg(ranked.value) filter (where ranked.best_rank <= fifths.fifth_size) as best_fifth_value,
        sqrt(
            sum(ranked.standard_error * ranked.standard_error)
            filter (where ranked.best_rank <= fifths.fifth_size)
        )
        / fifths.fifth_size as best_fifth_standard_error,
        avg(ranked.value) filter (where ranked.best_rank > ranked.communities - fifths.fifth_size)
            as worst_fifth_value,
        sqrt(
            sum(ranked.standard_error * ranked.standard_error)
            filter (where ranked.best_rank > ranked.communities - fifths.fifth_size)
        )
        / fifths.fifth_size as worst_fifth_standard_error
    from ranked
    inner join fifths
        on ranked.indicator_id = fifths.indicator_id and ranked.period_start = fifths.period_start
    group by ranked.indicator_id, ranked.period_start, fifths.fifth_size
),

gaps as (
    select
        ends.*,
        ends.best_fifth_value - ends.worst_fifth_value as gap,
        sqrt(
            ends.best_fifth_standard_error * ends.best_fifth_standard_error
            + ends.worst_fifth_standard_error * ends.worst_fifth_standard_error
        ) as gap_standard_error
    from ends
)

select
    gaps.indicator_id,
    gaps.period_start,
    'quarter' as period_grain,
    fifths.communities,
    fifths.fifth_size,
    cast(gaps.best_fifth_value as double) as best_fifth_value,
    cast(gaps.worst_fifth_value as double) as worst_fifth_value,
    cast(gaps.gap as double) as gap,
    cast(gaps.gap - {{ var('z_975') }} * gaps.gap_standard_error as double) as gap_ci_low,
    cast(gaps.gap + {{ var('z_975') }} * gaps.gap_standard_error as double) as gap_ci_high,
    abs(gaps.gap) > {{ var('z_975') }} * gaps.gap_standard_error as gap_is_significant,
    fifths.provisional
from gaps
inner join fifths
    on gaps.indicator_id = fifths.indicator_id and gaps.period_start = fifths.period_start
where fifths.communities >= 2
