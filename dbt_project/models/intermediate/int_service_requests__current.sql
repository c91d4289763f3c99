-- The current state of every ticket: its observation with the latest last_activity (SPEC 3.1);
-- ties go to the later batch (landing order), then the later row of that file.
-- Incremental: the newly landed observations compete with each changed ticket's current observation,
-- which already won against everything landed before.
-- depends_on: {{ ref('int_service_requests__changed_tickets') }}
{{ keyed_incremental_config('ticket_id') }}
{%- set observed = [
    'ticket_id', 'type_labels', 'latitude', 'longitude', 'created_at', 'status_label',
    'finished_reported_at', 'last_activity_at', 'star', 'count_reopen', 'batch_id', 'batch_seq',
    'source_row',
] %}

with candidates as (
    select {{ observed | join(', ') }}
    from {{ ref('stg_lake__service_request_observations') }}
    {% if is_incremental() %}
        where {{ landed_since_last_build() }}

        union all

        select {{ observed | join(', ') }}
        from {{ this }}
        where {{ only_changed_tickets('ticket_id') }}
    {% endif %}
),

ranked as (
    select
        *,
        row_number() over (
            partition by ticket_id
            order by coalesce(last_activity_at, created_at) desc, batch_seq desc, source_row desc
        ) as recency_rank
    from candidates
)

select
    ranked.ticket_id,
    ranked.type_labels,
    ranked.latitude,
    ranked.longitude,
    ranked.created_at,
    ranked.status_label,
    coalesce(statuses.status_type, 'unknown') as status_type,
    ranked.finished_reported_at,
    case
        when statuses.status_type = 'finished'
            then coalesce(ranked.finished_reported_at, ranked.last_activity_at)
    end as finished_at,
    ranked.last_activity_at,
    ranked.star,
    coalesce(ranked.count_reopen, 0) as count_reopen,
    ranked.batch_id,
    ranked.batch_seq,
    ranked.source_row
from ranked
left join {{ ref('ref_statuses') }} as statuses
    on ranked.status_label = statuses.status_label
where ranked.recency_rank = 1
