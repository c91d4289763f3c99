-- Open tickets already past their SLA deadline at the data cut-off, per (month of creation, area,
-- category): they have missed their SLA without a finish, so sr_sla_met_rate counts them in its
-- denominator beside the finished tickets (SPEC 4). Rebuilt whole on every run (not incremental like
-- int_service_requests__monthly_cells): the cut-off moves with every export, so an open ticket becomes
-- overdue without any new observation of it. Only open rows are aggregated.
select
    ticket_rows.period_start,
    ticket_rows.area_id,
    ticket_rows.category,
    count(*) as open_past_sla
from {{ ref('int_service_requests__category_rows') }} as ticket_rows
cross join {{ ref('int_service_requests__data_cutoff') }} as cutoff
where {{ sla_overdue_at_cutoff('ticket_rows', 'cutoff.latest_at') }}
group by ticket_rows.period_start, ticket_rows.area_id, ticket_rows.category
