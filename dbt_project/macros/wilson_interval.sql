{#-
    One bound of the 95% Wilson score interval of a proportion p observed on n answers: the interval a
    statistician uses for small samples and proportions near 0 or 1, where p +/- z*SE collapses to
    [0, 0] for 0/n. sign is '-' for the lower bound, '+' for the upper.
-#}
{% macro wilson_bound(p, n, sign) -%}
    (
        ({{ p }} + {{ var('z_975') }} * {{ var('z_975') }} / (2.0 * {{ n }}))
        {{ sign }} {{ var('z_975') }} * sqrt(
            {{ p }} * (1.0 - {{ p }}) / {{ n }}
            + {{ var('z_975') }} * {{ var('z_975') }} / (4.0 * {{ n }} * {{ n }})
        )
    ) / (1.0 + {{ var('z_975') }} * {{ var('z_975') }} / {{ n }})
{%- endmacro %}
