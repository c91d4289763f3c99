-- Tickets fanned out for the indicator grain (SPEC 4): once per category and once under 'ALL', each
-- both in the ticket's own area and in the whole city ('ALL'). Grouping these rows by (month, area,
-- category) then yields every roll-up with one plain GROUP BY.
-- Incremental: a changed ticket's rows are all replaced (after the cells they were in are noted).
-- depends_on: {{ ref('int_service_requests__replaced_cells') }}
{{ keyed_incremental_config('ticket_id') }}

with tickets_in_scope as (
    select *
    from {{ ref('int_service_requests__tickets') }}
    where {{ only_changed_tickets('ticket_id') }}
),

by_category as (
    select
        tickets.ticket_id,
        bridge.category_code as category
    from {{ ref('int_service_requests__categories') }} as bridge
    inner join tickets_in_scope as tickets
        on bridge.ticket_id = tickets.ticket_id

    union all

    select
        ticket_id,
        'ALL' as category
    from tickets_in_scope
),

by_area as (
    select
        ticket_id,
        area_id
    from tickets_in_scope

    union all

    select
        ticket_id,
        'ALL' as area_id
    from tickets_in_scope
)

select
    tickets.ticket_id,
    tickets.period_start,
    by_area.area_id,
    by_category.category,
    tickets.created_at,
    tickets.is_finished,
    tickets.finished_at,
    tickets.hours_to_finish,
    tickets.sla_met,
    tickets.sla_due_at,
    tickets.is_reopened,
    tickets.star,
    tickets.backlog_aged_at,
    tickets.month_reaching_created,
    tickets.month_reaching_aged,
    tickets.month_reaching_finished
from tickets_in_scope as tickets
inner join by_category
    on tickets.ticket_id = by_category.ticket_id
inner join by_area
    on tickets.ticket_id = by_area.ticket_id
