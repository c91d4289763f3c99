-- The current state of every ticket: its observation with the latest last_activity (SPEC 3.1);
-- ties go to the later batch (landing order), then the later row of that file.
with ranked as (
    select
        *,
        row_number() over (
            partition by ticket_id
            order by coalesce(last_activity_at, created_at) desc, batch_seq desc, source_row desc
        ) as recency_rank
    from {{ ref('stg_lake__service_request_observations') }}
)

select
    ranked.ticket_id,
    ranked.type_labels,
    ranked.latitude,
    ranked.longitude,
    ranked.created_at,
    ranked.status_label,
    coalesce(statuses.status_type, 'unknown') as status_type,
    case
        when statuses.status_type = 'finished'
            then coalesce(ranked.finished_reported_at, ranked.last_activity_at)
    end as finished_at,
    ranked.last_activity_at,
    ranked.star,
    coalesce(ranked.count_reopen, 0) as count_reopen,
    ranked.batch_id,
    ranked.source_row
from ranked
left join {{ ref('ref_statuses') }} as statuses
    on ranked.status_label = statuses.status_label
where ranked.recency_rank = 1
