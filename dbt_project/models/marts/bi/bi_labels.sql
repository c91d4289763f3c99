-- English and Thai labels of every area and category key the indicators use, roll-ups included, so
-- each BI view labels its rows with one join per key instead of repeating the reference lookups.
select
    'area' as key_type,
    area_id as code,
    name_en,
    name_th
from {{ ref('areas') }}

union all

select
    'category' as key_type,
    category_code as code,
    name_en,
    label_th as name_th
from {{ ref('categories') }}

union all

select
    key_type,
    code,
    name_en,
    name_th
from {{ ref('ref_rollup_labels') }}
