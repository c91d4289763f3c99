-- The published service-request categories with their service-level hours (default applied).
select
    category_code,
    label_th,
    name_en,
    coalesce(sla_hours, {{ var('default_sla_hours') }}) as sla_hours
from {{ ref('ref_categories') }}
