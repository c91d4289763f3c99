-- (c) Which priorities are poorly served? A community's top-3 priority (what its residents say is most
-- urgent) whose tickets are finished significantly less often than the city's for the same problem:
-- citizen_needs.is_gap, a one-sided exact binomial test at the 5% level (decision 016), latest first.
select
    needs.period_start,
    needs.area_id,
    areas.name_en,
    areas.name_th,
    needs.top_problem,
    needs.problem_name_en,
    needs.problem_rank,
    needs.share,
    needs.requests,
    needs.requests_finished,
    needs.finish_rate,
    needs.city_finish_rate,
    needs.gap_p_value
from citizen_needs as needs
inner join areas on needs.area_id = areas.area_id
where needs.is_gap
order by needs.period_start desc, needs.gap_p_value, needs.area_id
