-- The published indicator catalog: what each indicator means, its unit, direction and standard.
select
    indicator_id,
    name_en,
    name_th,
    unit,
    higher_is_better,
    depa_dimension,
    standard,
    definition
from {{ ref('ref_indicator_catalog') }}
