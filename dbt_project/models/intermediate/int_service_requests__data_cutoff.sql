-- The one data cut-off of the service requests: the latest creation or activity time in the accepted
-- observations (what "now" is for the data), and where the data start. Read by the backlog (measured at
-- the cut-off for a month still in progress), the SLA rate (open tickets past their SLA by then) and
-- the provisional flag of every sr_* figure.
with tickets as (
    select
        min(period_start) as first_month,
        min(created_at) as first_created_at
    from {{ ref('int_service_requests__tickets') }}
)

select
    tickets.first_month,
    tickets.first_created_at,
    max(
        greatest(
            observations.created_at, coalesce(observations.last_activity_at, observations.created_at)
        )
    ) as latest_at
from {{ ref('stg_lake__service_request_observations') }} as observations
cross join tickets
group by tickets.first_month, tickets.first_created_at
