-- Aggregates per (Asia/Bangkok quarter of creation, area, category) for the quarterly sr_* figures
-- (decision 026): the same ticket rows as the monthly cells, grouped by the quarter of their month, so a
-- quarter question has one answer and every quarterly figure is computed from its tickets, never from
-- monthly figures (a median of three monthly medians is not the quarter's median). `open_past_sla` counts
-- the open tickets past their SLA at the data cut-off (decision 016). Rebuilt whole on every run: the
-- cut-off moves with every export. The counts, means and quantiles: ticket_cell_aggregates, as
-- for the monthly cells.
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

{{ ticket_cell_aggregates(open_past_sla=true) }}
