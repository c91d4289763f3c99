-- Ticket-category bridge: one row per distinct category of a ticket's current labels.
-- An unknown label maps to 'other', a ticket without labels to 'unspecified' (SPEC 3.1).
with labels as (
    select
        current_tickets.ticket_id,
        unnest(
            case
                when len(current_tickets.type_labels) = 0 then [null::varchar]
                else current_tickets.type_labels
            end
        ) as label_th
    from {{ ref('int_service_requests__current') }} as current_tickets
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
