-- Tickets fanned out for the indicator grain: once per category and once under 'ALL' (SPEC 4).
select
    tickets.*,
    bridge.category_code as category
from {{ ref('int_service_requests__tickets') }} as tickets
inner join {{ ref('int_service_requests__categories') }} as bridge
    on tickets.ticket_id = bridge.ticket_id

union all

select
    tickets.*,
    'ALL' as category
from {{ ref('int_service_requests__tickets') }} as tickets
