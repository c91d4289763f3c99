-- Citizens' most urgent problem per quarter and area, from the survey (SPEC 4, "empathy").
-- The survey source is not ingested yet, so the table is published with its contract and no rows.
select
    cast(null as date) as period_start,
    cast(null as varchar) as period_grain,
    cast(null as varchar) as area_id,
    cast(null as varchar) as top_problem,
    cast(null as bigint) as respondents,
    cast(null as double) as share,
    cast(null as integer) as problem_rank,
    cast(null as boolean) as suppressed
where false
