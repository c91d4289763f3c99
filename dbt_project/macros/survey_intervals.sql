{#- The CTEs `kinds` and `intervals` over a `cells` CTE of survey estimates (indicator_id, area_id,
    estimate, standard_error, sample_size, suppressed): the 95% interval of every published survey
    figure, shared by the indicators and the population groups so both apply the same method: a city
    figure's normal interval, Wilson for a community rate, Student's t with
    n - 1 degrees of freedom for a community mean, bounded by the scale. With `null_when_suppressed`
    a suppressed cell gets no interval here; otherwise the caller hides it. -#}
{% macro survey_interval_ctes(null_when_suppressed=false) -%}
    {%- set no_interval = ('suppressed or ' if null_when_suppressed else '')
        ~ "indicator_id = 'sv_respondents' or standard_error is null" -%}
kinds as (
    select
        cells.*,
        cells.indicator_id like '%\_rate' escape '\' as is_rate,
        case when cells.indicator_id = 'sv_life_satisfaction_mean' then 10.0 else 1.0 end as upper_bound,
        coalesce(quantiles.t_975, {{ var('z_975') }}) as t_975
    from cells
    left join {{ ref('ref_t_quantiles') }} as quantiles
        on cells.sample_size - 1 = quantiles.degrees_of_freedom
),

intervals as (
    select
        *,
        case
            when {{ no_interval }} then null
            when area_id = 'ALL' then greatest(0.0, estimate - {{ var('z_975') }} * standard_error)
            when is_rate then {{ wilson_bound('estimate', 'sample_size', '-') }}
            else greatest(0.0, estimate - t_975 * standard_error)
        end as ci_low,
        case
            when {{ no_interval }} then null
            when area_id = 'ALL' then least(upper_bound, estimate + {{ var('z_975') }} * standard_error)
            when is_rate then {{ wilson_bound('estimate', 'sample_size', '+') }}
            else least(upper_bound, estimate + t_975 * standard_error)
        end as ci_high
    from kinds
)
{%- endmacro %}
