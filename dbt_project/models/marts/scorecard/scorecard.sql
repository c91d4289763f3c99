-- Is the city on track? Every indicator's city and community figure per period (category 'ALL')
-- against its target (ref_indicator_targets: the latest version effective on the period's first day),
-- with a status, the change from the previous period and from a year earlier, and whether each change
-- is more than noise (decision 024): |change| > z x sqrt(se_now^2 + se_then^2), with each standard
-- error from the figure's 95% interval, else the binomial one of a rate with a denominator, else the
-- Poisson one of a count. Without an error for both figures the change is not judged (NULL).
-- Service requests have both grains (indicator_values' months, indicator_values_quarterly's quarters,
-- decision 026): a figure is compared only with figures of its own grain.
{%- set published_columns = [
    'indicator_id', 'period_start', 'period_grain', 'area_id', 'category', 'value', 'numerator',
    'denominator', 'sample_size', 'ci_low', 'ci_high', 'suppressed', 'provisional'
] %}

with figures as (
    select
        indicator_values.indicator_id,
        indicator_values.period_start,
        indicator_values.period_grain,
        indicator_values.area_id,
        indicator_values.value,
        indicator_values.ci_low,
        indicator_values.ci_high,
        indicator_values.sample_size,
        indicator_values.suppressed,
        indicator_values.provisional,
        indicator_catalog.higher_is_better,
        case when indicator_values.area_id = 'ALL' then 'city' else 'community' end as scope,
        case
            when indicator_values.ci_low is not null and indicator_values.ci_high is not null
                then (indicator_values.ci_high - indicator_values.ci_low) / (2 * {{ var('z_975') }})
            when indicator_catalog.unit = 'fraction' and indicator_values.denominator > 0
                then sqrt(
                    indicator_values.value * (1 - indicator_values.value) / indicator_values.denominator
                )
            when indicator_catalog.unit in ('tickets', 'respondents') then sqrt(indicator_values.value)
        end as standard_error
    from (
        select {{ published_columns | join(', ') }} from {{ ref('indicator_values') }}
        union all
        select {{ published_columns | join(', ') }} from {{ ref('indicator_values_quarterly') }}
    ) as indicator_values
    inner join {{ ref('ref_indicator_catalog') }} as indicator_catalog
        on indicator_values.indicator_id = indicator_catalog.indicator_id
    where indicator_values.category = 'ALL'
),

target_versions as (
    select
        *,
        lead(effective_from) over (
            partition by indicator_id, scope order by effective_from
        ) as effective_until
    from {{ ref('ref_indicator_targets') }}
),

targeted as (
    select
        figures.*,
        target_versions.target_value,
        target_versions.tolerance,
        target_versions.decided_by as target_decided_by,
        target_versions.is_sample as target_is_sample
    from figures
    left join target_versions
        on
            figures.indicator_id = target_versions.indicator_id
            and figures.scope = target_versions.scope
            and figures.period_start >= target_versions.effective_from
            and (
                target_versions.effective_until is null
                or figures.period_start < target_versions.effective_until
            )
),

judged as (
    select
        *,
        case
            when value is null then 'not_enough_data'
            when target_value is null then 'no_target'
            when higher_is_better and value >= target_value then 'met'
            when not higher_is_better and value <= target_value then 'met'
            when higher_is_better and value >= target_value - tolerance then 'near'
            when not higher_is_better and value <= target_value + tolerance then 'near'
            else 'off_track'
        end as status,
        case
            when period_grain = 'month' then {{ dbt.dateadd('month', -1, 'period_start') }}
            else {{ dbt.dateadd('month', -3, 'period_start') }}
        end as previous_period_start
    from targeted
),

compared as (
    select
        judged.*,
        previous.value as previous_value,
        judged.value - previous.value as change_from_previous,
        abs(judged.value - previous.value) > {{ var('z_975') }} * sqrt(
            judged.standard_error * judged.standard_error + previous.standard_error * previous.standard_error
        ) as change_from_previous_is_significant,
        year_earlier.value as year_earlier_value,
        judged.value - year_earlier.value as change_from_year_earlier,
        abs(judged.value - year_earlier.value) > {{ var('z_975') }} * sqrt(
            judged.standard_error * judged.standard_error
            + year_earlier.standard_error * year_earlier.standard_error
        ) as change_from_year_earlier_is_significant
    from judged
    left join judged as previous
        on
            judged.indicator_id = previous.indicator_id
            and judged.period_grain = previous.period_grain
            and judged.area_id = previous.area_id
            and judged.previous_period_start = previous.period_start
    left join judged as year_earlier
        on
            judged.indicator_id = year_earlier.indicator_id
            and judged.period_grain = year_earlier.period_grain
            and judged.area_id = year_earlier.area_id
            and {{ dbt.dateadd('year', -1, 'judged.period_start') }} = year_earlier.period_start
)

select
    compared.indicator_id,
    indicator_catalog.name_en as indicator_name_en,
    indicator_catalog.name_th as indicator_name_th,
    cast(compared.period_start as date) as period_start,
    compared.period_grain,
    compared.area_id,
    labels.name_en as area_name_en,
    labels.name_th as area_name_th,
    cast(compared.value as double) as value,
    cast(compared.ci_low as double) as ci_low,
    cast(compared.ci_high as double) as ci_high,
    cast(compared.sample_size as bigint) as sample_size,
    compared.provisional,
    cast(compared.target_value as double) as target_value,
    cast(compared.tolerance as double) as tolerance,
    compared.target_decided_by,
    compared.target_is_sample,
    compared.status,
    statuses.name_en as status_en,
    statuses.name_th as status_th,
    statuses.colour as status_colour,
    cast(compared.previous_value as double) as previous_value,
    cast(compared.change_from_previous as double) as change_from_previous,
    compared.change_from_previous_is_significant,
    cast(compared.year_earlier_value as double) as year_earlier_value,
    cast(compared.change_from_year_earlier as double) as change_from_year_earlier,
    compared.change_from_year_earlier_is_significant
from compared
inner join {{ ref('ref_indicator_catalog') }} as indicator_catalog
    on compared.indicator_id = indicator_catalog.indicator_id
inner join {{ ref('ref_scorecard_statuses') }} as statuses
    on compared.status = statuses.status
left join {{ ref('bi_labels') }} as labels
    on labels.key_type = 'area' and compared.area_id = labels.code
