{#-
    True for rows of a batch an operator rejected (orchestration/lake/batch_review.py). The lake keeps
    every row; the orchestration passes the batches whose latest decision is a reject as the
    `rejected_batches` var, and staging leaves them out of the observations and counts them as
    quarantined, so a release restores them with nothing rewritten.
-#}
{% macro is_rejected_batch(column) -%}
    {%- set rejected = var('rejected_batches', []) -%}
    {%- if rejected | length == 0 -%}
        false
    {%- else -%}
        {{ column }} in (
            {%- for batch_id in rejected -%}
                '{{ batch_id | replace("'", "''") }}'{{ ", " if not loop.last }}
            {%- endfor -%}
        )
    {%- endif -%}
{%- endmacro %}

{#- The quarantine reason of every row of a rejected batch (the operator's note is in the decision). -#}
{% macro rejected_batch_reason() -%}
    'batch rejected by an operator (its decision history is under the lake''s reviews folder)'
{%- endmacro %}
