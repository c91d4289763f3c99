{#-
    Targets that do not fit their indicator: negative, a rate (unit 'fraction') above 1, or on an
    indicator without a direction (higher_is_better NULL: a count such as sr_received has no "better").
-#}
{% test targets_fit_their_indicator(model, column_name) %}
select targets.*
from {{ model }} as targets
inner join {{ ref('ref_indicator_catalog') }} as catalog
    on targets.indicator_id = catalog.indicator_id
where
    targets.{{ column_name }} < 0
    or (catalog.unit = 'fraction' and targets.{{ column_name }} > 1)
    or catalog.higher_is_better is null
{% endtest %}
