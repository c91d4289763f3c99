-- Tickets fanned out for the indicator grain (SPEC 4): once per category and once under 'ALL', each
-- both in the ticket's own area and in the whole city ('ALL'). Grouping these rows by (month, area,
-- category) then yields every roll-up with one plain GROUP BY.
with by_category as (
    select
        tickets.ticket_id,
        bridge.category_code as category
    from {{ ref('int_service_requests__categories') }} as bridge
    inner join {{ ref('int_service_requests__tickets') }} as tickets
        on bridge.ticket_id = tickets.ticket_id

    union all

    select
        ticket_id,
        'ALL' as category
    from {{ ref('int_service_requests__tickets') }}
),

by_area as (
    select
        ticket_id,
        area_id
    from {{ ref('int_service_requests__tickets') }}

    union all

    select
        ticket_id,
        'ALL' as area_id
    from {{ ref('int_service_requests__tickets') }}
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
    tickets.is_reopened,
    tickets.star
from {{ ref('int_service_requests__tickets') }} as tickets
inner join by_category
    on tickets.ticket_id = by_category.ticket_id
inner join by_area
    on tickets.ticket_id = by_area.ticket_id
