-- One row per (accepted observation, warning): the ingest's field warnings plus the reference-data
-- warnings only known here (a status or category label missing from the reference tables).
with reference_checks as (
    select
        observations.batch_id,
        observations.source_row,
        list_concat(
            observations.warnings,
            case
                when observations.status_label is not null and statuses.status_label is null
                    then ['unknown_status_label']
                else []
            end,
            case when observations.status_label is null then ['missing_status_label'] else [] end,
            case when exists (
                select 1
                from unnest(observations.type_labels) as labels (label_th)
                where
                    labels.label_th not in (
                        select categories.label_th from {{ ref('ref_categories') }} as categories
                    )
            ) then ['unknown_category_label'] else [] end
        ) as warnings
    from {{ ref('stg_lake__service_request_observations') }} as observations
    left join {{ ref('ref_statuses') }} as statuses
        on observations.status_label = statuses.status_label
)

select
    batch_id,
    source_row,
    unnest(warnings) as warning_code
from reference_checks
where len(warnings) > 0
