{#- The per-cell aggregates of the sr_* figures, over a `rows_in_scope` CTE of ticket rows with
    period_start, area_id, category, is_finished, hours_to_finish, sla_met, is_reopened and star (and
    is_open_past_sla when `open_past_sla` is true): shared by the monthly and the quarterly cells, so
    both grains count, average and rank every cell the same way. The continuous median and 90th
    percentile are read off ranked durations instead of percentile_cont: a quantile aggregate holds
    every duration of every cell in memory at once (out of memory at 10M tickets under the 1.2 GB cap),
    while the ranking is a sort, which spills to disk. A continuous quantile q lies at rank (n - 1) * q,
    between the durations ranked floor() and ceil(). -#}
{% macro ticket_cell_aggregates(open_past_sla=false) -%}
ranked_durations as (
    select
        period_start,
        area_id,
        category,
        hours_to_finish,
        row_number() over (
            partition by period_start, area_id, category order by hours_to_finish
        ) - 1 as duration_rank,
        count(*) over (partition by period_start, area_id, category) - 1 as last_rank
    from rows_in_scope
    where hours_to_finish is not null
),

quantiles as (
    select
        period_start,
        area_id,
        category,
        {{ quantile_from_ranks(0.5) }} as median_hours_to_finish,
        {{ quantile_from_ranks(0.9) }} as p90_hours_to_finish
    from ranked_durations
    group by period_start, area_id, category, last_rank
),

cells as (
    select
        period_start,
        area_id,
        category,
        count(*) as received,
        count(*) filter (where is_finished) as finished,
        count(hours_to_finish) as finished_with_duration,
        avg(hours_to_finish) as mean_hours_to_finish,
        count(*) filter (where sla_met) as sla_met,
        {% if open_past_sla -%}
            count(*) filter (where is_open_past_sla) as open_past_sla,
        {% endif -%}
        count(*) filter (where is_reopened) as reopened,
        count(star) as rated,
        avg(star) as star_mean
    from rows_in_scope
    group by period_start, area_id, category
)

select
    cells.period_start,
    cells.area_id,
    cells.category,
    cells.received,
    cells.finished,
    cells.finished_with_duration,
    quantiles.median_hours_to_finish,
    quantiles.p90_hours_to_finish,
    cells.mean_hours_to_finish,
    cells.sla_met,
    {% if open_past_sla -%}
        cells.open_past_sla,
    {% endif -%}
    cells.reopened,
    cells.rated,
    cells.star_mean
from cells
left join quantiles
    on
        cells.period_start = quantiles.period_start
        and cells.area_id = quantiles.area_id
        and cells.category = quantiles.category
{%- endmacro %}
