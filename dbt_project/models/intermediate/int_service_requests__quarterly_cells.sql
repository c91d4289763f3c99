-- Aggregates per (Asia/Bangkok quarter of creation, area, category) for the quarterly sr_* figures
-- (decision 026): the same ticket rows as the monthly cells, grouped by the quarter of their month, so a
-- quarter question has one answer and every quarterly figure is computed from its tickets, never from
-- monthly figures (a median of three monthly medians is not the quarter's median). `open_past_sla` counts
-- the open tickets past their SLA at the data cut-off (decision 016). Rebuilt whole on every run: the
-- cut-off moves with every export. Quantiles are read off ranked durations, as in the monthly cells, so
-- the sort spills to disk instead of holding every duration in memory.
with rows_in_scope as (
    select
        cast({{ dbt.date_trunc('quarter', 'ticket_rows.period_start') }} as date) as period_start,
        ticket_rows.area_id,
        ticket_rows.category,
        ticket_rows.is_finished,
        ticket_rows.hours_to_finish,
        ticket_rows.sla_met,
        ticket_rows.is_reopened,
        ticket_rows.star,
        {{ sla_overdue_at_cutoff('ticket_rows', 'cutoff.latest_at') }} as is_open_past_sla
    from {{ ref('int_service_requests__category_rows') }} as ticket_rows
    cross join {{ ref('int_service_requests__data_cutoff') }} as cutoff
),

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
        count(*) filter (where is_open_past_sla) as open_past_sla,
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
    cells.open_past_sla,
    cells.reopened,
    cells.rated,
    cells.star_mean
from cells
left join quantiles
    on
        cells.period_start = quantiles.period_start
        and cells.area_id = quantiles.area_id
        and cells.category = quantiles.category
