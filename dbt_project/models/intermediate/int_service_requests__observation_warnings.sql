-- One row per (accepted observation, warning): the ingest's field warnings plus the reference-data
-- warnings only known here (a status or category label missing from the reference tables).
-- Incremental: a batch's rows never change, so only the newly landed batches are read.
{{ keyed_incremental_config('batch_id') }}

with observations as (
    select
        batch_id,
        source_row,
        type_labels,
        status_label,
        warnings
    from {{ ref('stg_lake__service_request_observations') }}
    {% if is_incremental() %}
        where {{ landed_since_last_build() }}
    {% endif %}
),

labels as (
    select
        batch_id,
        source_row,
        {{ explode_array('type_labels') }} as label_th
    from observations
),

ingest_warnings as (
    select
        batch_id,
        source_row,
        {{ explode_array('warnings') }} as warning_code
    from observations
)

select
    batch_id,
    source_row,
    warning_code
from ingest_warnings

union all

select
    observations.batch_id,
    observations.source_row,
    case
        when observations.status_label is null then 'missing_status_label' else 'unknown_status_label'
    end as warning_code
from observations
left join {{ ref('ref_statuses') }} as statuses
    on observations.status_label = statuses.status_label
where statuses.status_label is null

union all

select distinct
    batch_id,
    source_row,
    'unknown_category_label' as warning_code
from labels
where label_th not in (select categories.label_th from {{ ref('ref_categories') }} as categories)
