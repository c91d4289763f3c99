-- Ticket-category bridge: one row per distinct category of a ticket's current labels.
-- An unknown label maps to 'other', a ticket without labels to 'unspecified' (SPEC 3.1).
-- Incremental: a changed ticket's rows are all replaced.
{{ keyed_incremental_config('ticket_id') }}

with labels as (
    select
        current_tickets.ticket_id,
        {{ explode_array('current_tickets.type_labels') }} as label_th
    from {{ ref('int_service_requests__current') }} as current_tickets
    where {{ only_changed_tickets('current_tickets.ticket_id') }}

    union all

    select
        current_tickets.ticket_id,
        cast(null as {{ dbt.type_string() }}) as label_th
    from {{ ref('int_service_requests__current') }} as current_tickets
    where
        {{ array_size('current_tickets.type_labels') }} = 0
        and {{ only_changed_tickets('current_tickets.ticket_id') }}
)

select distinct
    labels.ticket_id,
    case
        when labels.label_th is null then 'unspecified'
        else coalesce(categories.category_code, 'other')
    end as category_code
from labels
left join {{ ref('ref_categories') }} as categories
    on labels.label_th = categories.label_th
