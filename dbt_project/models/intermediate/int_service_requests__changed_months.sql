-- The creation months an incremental build recomputes: every month any observation of a changed ticket
-- was created in, so a ticket whose creation time moved to another month leaves the old one as well.
select distinct {{ bangkok_period_start('observations.created_at', 'month') }} as period_start
from {{ ref('stg_lake__service_request_observations') }} as observations
inner join {{ ref('int_service_requests__changed_tickets') }} as changed
    on observations.ticket_id = changed.ticket_id
