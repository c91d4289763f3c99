-- Rows read into the snapshot per source, by outcome (SPEC 6). 'warned' rows are accepted rows that
-- carry a warning, so they are counted under 'accepted' as well; a row with two warnings appears
-- under both reasons. Reasons are codes, never raw values, so no personal data can leak here.
-- A survey response read again by a later cumulative download is counted once under 'accepted' (its
-- latest version) and every earlier copy under 'quarantined' / 'duplicate_response': read, not used,
-- so read = accepted + quarantined still holds (decision 014).
with outcomes as (
    select
        'service_requests' as source,
        'accepted' as outcome,
        null as reason,
        count(*) as row_count
    from {{ ref('stg_lake__service_request_observations') }}

    union all

    select
        'service_requests' as source,
        'quarantined' as outcome,
        reason_code as reason,
        count(*) as row_count
    from {{ ref('stg_lake__service_request_quarantine') }}
    group by reason_code

    union all

    select
        'service_requests' as source,
        'warned' as outcome,
        warning_code as reason,
        count(*) as row_count
    from {{ ref('int_service_requests__observation_warnings') }}
    group by warning_code

    union all

    select
        'survey' as source,
        'accepted' as outcome,
        null as reason,
        count(*) as row_count
    from {{ ref('int_survey__responses') }}

    union all

    select
        'survey' as source,
        'quarantined' as outcome,
        'duplicate_response' as reason,
        count(*) as row_count
    from {{ ref('stg_lake__survey_responses') }} as landed
    anti join {{ ref('int_survey__responses') }} as counted
        on landed.batch_id = counted.batch_id and landed.source_row = counted.source_row
    having count(*) > 0

    union all

    select
        'survey' as source,
        'quarantined' as outcome,
        reason_code as reason,
        count(*) as row_count
    from {{ ref('stg_lake__survey_quarantine') }}
    group by reason_code

    union all

    select
        'survey' as source,
        'warned' as outcome,
        warning.code as reason,
        count(*) as row_count
    from {{ ref('int_survey__responses') }} as responses
    cross join unnest(responses.warnings) as warning (code)
    group by warning.code
)

select
    source,
    outcome,
    reason,
    cast(row_count as bigint) as rows
from outcomes
