-- (b) City life satisfaction (0-10) over the quarters, with its 95% interval: the city's post-stratified
-- figure (decision 017), how many answered, whether the quarter can still change, and whether the change
-- from the previous quarter is distinguishable from noise (decision 024).
select
    values_table.period_start,
    values_table.value as life_satisfaction,
    values_table.ci_low,
    values_table.ci_high,
    values_table.sample_size as answers,
    values_table.provisional,
    values_table.suppressed,
    scorecard.change_from_previous,
    scorecard.change_from_previous_is_significant
from indicator_values as values_table
left join scorecard
    on
        values_table.indicator_id = scorecard.indicator_id
        and values_table.period_start = scorecard.period_start
        and scorecard.period_grain = 'quarter'
        and scorecard.area_id = 'ALL'
where values_table.indicator_id = 'sv_life_satisfaction_mean' and values_table.area_id = 'ALL'
order by values_table.period_start
