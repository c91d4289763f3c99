-- Citizen needs ("empathy", issue 5): per quarter, community and survey problem, what citizens say is
-- most urgent (citizen_priorities) beside what they report (tickets in the problem's categories, from
-- ref_problem_categories) and how fast the city resolves it, against the whole city. A gap is a
-- problem among the community's top priorities whose tickets are resolved slower (higher median hours)
-- or less often (lower finish rate) than the same problem's tickets city-wide in that quarter.
with problem_tickets as (
    select distinct
        tickets.ticket_id,
        cast(date_trunc('quarter', tickets.period_start) as date) as period_start,
        tickets.area_id,
        problems.top_problem,
        tickets.is_finished,
        tickets.hours_to_finish,
        tickets.sla_met
    from {{ ref('int_service_requests__tickets') }} as tickets
    inner join {{ ref('int_service_requests__categories') }} as bridge
        on tickets.ticket_id = bridge.ticket_id
    inner join {{ ref('ref_problem_categories') }} as problems
        on bridge.category_code = problems.category_code
),

by_area as (
    select
        ticket_id,
        period_start,
        area_id,
        top_problem,
        is_finished,
        hours_to_finish,
        sla_met
    from problem_tickets
    where area_id <> 'unassigned'

    union all

    select
        ticket_id,
        period_start,
        'ALL' as area_id,
        top_problem,
        is_finished,
        hours_to_finish,
        sla_met
    from problem_tickets
),

requests as (
    select
        period_start,
        area_id,
        top_problem,
        count(*) as requests,
        count(*) filter (where is_finished) as requests_finished,
        percentile_cont(0.5) within group (order by hours_to_finish) as median_hours_to_finish,
        count(*) filter (where sla_met) * 1.0 / nullif(count(hours_to_finish), 0) as sla_met_rate
    from by_area
    group by period_start, area_id, top_problem
),

priorities as (
    -- Published survey rows only: a suppressed community-quarter has none, so its rows here are those
    -- of its tickets alone, whatever its respondents answered.
    select
        period_start,
        area_id,
        top_problem,
        respondents,
        share,
        problem_rank
    from {{ ref('citizen_priorities') }}
),

survey_disclosure as (
    select
        period_start,
        area_id,
        suppressed
    from {{ ref('int_survey__disclosure') }}
),

needs as (
    select
        coalesce(priorities.period_start, requests.period_start) as period_start,
        coalesce(priorities.area_id, requests.area_id) as area_id,
        coalesce(priorities.top_problem, requests.top_problem) as top_problem,
        priorities.respondents,
        priorities.share,
        priorities.problem_rank,
        survey_disclosure.suppressed as survey_suppressed,
        coalesce(requests.requests, 0) as requests,
        coalesce(requests.requests_finished, 0) as requests_finished,
        requests.requests_finished * 1.0 / requests.requests as finish_rate,
        requests.median_hours_to_finish,
        requests.sla_met_rate
    from priorities
    full outer join requests
        on
            priorities.period_start = requests.period_start
            and priorities.area_id = requests.area_id
            and priorities.top_problem = requests.top_problem
    left join survey_disclosure
        on
            coalesce(priorities.period_start, requests.period_start) = survey_disclosure.period_start
            and coalesce(priorities.area_id, requests.area_id) = survey_disclosure.area_id
),

compared as (
    select
        needs.*,
        city.share as city_share,
        city.finish_rate as city_finish_rate,
        city.median_hours_to_finish as city_median_hours_to_finish
    from needs
    left join needs as city
        on
            needs.period_start = city.period_start
            and needs.top_problem = city.top_problem
            and city.area_id = 'ALL'
)

select
    compared.period_start,
    'quarter' as period_grain,
    compared.area_id,
    compared.top_problem,
    problems.name_en as problem_name_en,
    problems.name_th as problem_name_th,
    cast(compared.respondents as bigint) as respondents,
    cast(compared.share as double) as share,
    compared.problem_rank,
    compared.survey_suppressed,
    cast(compared.city_share as double) as city_share,
    cast(compared.requests as bigint) as requests,
    cast(compared.requests_finished as bigint) as requests_finished,
    cast(compared.finish_rate as double) as finish_rate,
    cast(compared.median_hours_to_finish as double) as median_hours_to_finish,
    cast(compared.sla_met_rate as double) as sla_met_rate,
    cast(compared.city_finish_rate as double) as city_finish_rate,
    cast(compared.city_median_hours_to_finish as double) as city_median_hours_to_finish,
    case
        when compared.area_id <> 'ALL' and compared.problem_rank is not null and compared.requests > 0
            then
                compared.problem_rank <= {{ var('needs_top_priorities', 3) }}
                and (
                    coalesce(compared.finish_rate < compared.city_finish_rate, false)
                    or coalesce(compared.median_hours_to_finish > compared.city_median_hours_to_finish, false)
                )
    end as is_gap
from compared
inner join {{ ref('ref_citizen_problems') }} as problems
    on compared.top_problem = problems.top_problem
