-- The tickets observed by a batch landed since the last successful build: what an incremental build of
-- the ticket-level models recomputes (docs/decisions/013-incremental-daily-runs.md).
select distinct ticket_id
from {{ ref('stg_lake__service_request_observations') }}
where {{ landed_since_last_build() }} and {{ unless_full_refresh() }}
