{#- The well-being method's rules (decision 019), shared by the published index, its bootstrap and its
    sensitivity analysis so that all three score and aggregate the same way. -#}

{% macro credibility_adjusted(value, sample_size, city_value, credibility_k) -%}
    {#- Shrink a community's value on n tickets or respondents towards the city's: weight n / (n + k). -#}
    ({{ city_value }} + {{ sample_size }} / ({{ sample_size }} + {{ credibility_k }})
    * ({{ value }} - {{ city_value }}))
{%- endmacro %}

{% macro goalpost_score(value, low, high, higher_is_better) -%}
    {#- 0-10 against fixed goalposts, clipped outside them, reversed when lower is better; NULL for a
        NULL value (greatest and least skip NULLs, so it is tested first). -#}
    (10.0 * case
        when {{ value }} is null then null
        when {{ higher_is_better }}
            then greatest(0.0, least(1.0, ({{ value }} - {{ low }}) / ({{ high }} - {{ low }})))
        else greatest(0.0, least(1.0, ({{ high }} - {{ value }}) / ({{ high }} - {{ low }})))
    end)
{%- endmacro %}

{% macro wellbeing_dimension_scores(components, keys) -%}
    {#- One row per keys and dimension, from rows (keys, method_id, dimension, weight, score) holding
        every component of the method, score NULL where left out: the weighted mean of the scored
        components, and whether the dimension is scored (at least one component and the method's
        min_dimension_weight_share of the dimension's weight scored). -#}
    select
        {%- for key in keys %}
            scored.{{ key }},
        {%- endfor %}
        scored.method_id,
        scored.dimension,
        sum(scored.weight * scored.score) / sum(scored.weight) filter (where scored.score is not null)
            as value,
        count(scored.score) as components,
        count(scored.score) > 0
        and coalesce(sum(scored.weight) filter (where scored.score is not null), 0) / sum(scored.weight)
        >= max(methods.min_dimension_weight_share) as is_scored
    from {{ components }} as scored
    inner join {{ ref('ref_wellbeing_methods') }} as methods
        on scored.method_id = methods.method_id
    group by
        {%- for key in keys %}
            scored.{{ key }},
        {%- endfor %}
        scored.method_id,
        scored.dimension
{%- endmacro %}

{% macro wellbeing_index_scores(dimensions, keys) -%}
    {#- One row per keys with an index: the equal-weight mean of the scored dimensions, only where at
        least the method's min_dimensions dimensions are scored. -#}
    select
        {%- for key in keys %}
            dimensions.{{ key }},
        {%- endfor %}
        avg(dimensions.value) filter (where dimensions.is_scored) as value,
        sum(dimensions.components) filter (where dimensions.is_scored) as components
    from {{ dimensions }} as dimensions
    inner join {{ ref('ref_wellbeing_methods') }} as methods
        on dimensions.method_id = methods.method_id
    group by
        {%- for key in keys %}
            dimensions.{{ key }}{{ "," if not loop.last }}
        {%- endfor %}
    having count(*) filter (where dimensions.is_scored) >= max(methods.min_dimensions)
{%- endmacro %}

{% macro poisson_one_weight(uniform, largest=8) -%}
    {#- A Poisson(1) draw by inversion of a uniform in [0, 1): the number of cumulative probabilities
        P(X <= k) = sum of e^-1 / j! for j <= k it exceeds (capped at `largest`, P(X > 8) < 1e-6). -#}
    {%- set state = namespace(term=0.36787944117144233, cdf=0.0) %}
    (case
        {%- for k in range(largest) %}
            {%- set state.cdf = state.cdf + state.term %}
            when {{ uniform }} < {{ state.cdf }} then {{ k }}
            {%- set state.term = state.term / (k + 1) %}
        {%- endfor %}
        else {{ largest }}
    end)
{%- endmacro %}
