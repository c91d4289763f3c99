-- Citizen needs ("empathy", issue 5): per quarter, community and survey problem, what citizens say is
-- most urgent (citizen_priorities) beside what they report (tickets in the problem's categories, from
-- ref_problem_categories) and how fast the city resolves it, against the whole city.
-- A gap (decision 016) is a problem among the community's top 3 priorities whose tickets are finished
-- significantly less often than the same problem's tickets city-wide in that quarter: a one-sided exact
-- binomial test of the community's finished count against the city's finish rate (all the problem's
-- tickets in the city, unassigned and the community's own included), p < gap_significance_level (5%).
-- Where even 0 finished could not be significant ((1 - city rate)^n > 5%) there are too few tickets to
-- tell: is_gap is NULL with gap_undetermined_reason 'too_few_tickets' ('no_tickets' without any).
-- The SLA rate is censored at the data cut-off like sr_sla_met_rate.
with problem_tickets as (
    select distinct
        tickets.ticket_id,
        cast(date_trunc('quarter', tickets.period_start) as date) as period_start,
        tickets.area_id,
        problems.top_problem,
        tickets.is_finished,
        tickets.hours_to_finish,
        {{ sla_outcome_at_cutoff('tickets', 'cutoff.latest_at') }} as sla_outcome
    from {{ ref('int_service_requests__tickets') }} as tickets
    cross join {{ ref('int_service_requests__data_cutoff') }} as cutoff
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
        sla_outcome
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
        sla_outcome
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
        count(*) filter (where sla_outcome) * 1.0 / nullif(count(sla_outcome), 0) as sla_met_rate
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
),

-- The gap test applies to a community's top priorities; the others are not gaps, the city has none.
tested as (
    select
        compared.*,
        compared.area_id <> 'ALL'
        and compared.problem_rank <= {{ var('needs_top_priorities', 3) }} as is_top_priority,
        case
            when compared.requests = 0 then 'no_tickets'
            when
                power(1 - compared.city_finish_rate, compared.requests) > {{ var('gap_significance_level') }}
                then 'too_few_tickets'
        end as undetermined_reason
    from compared
),

gap_tests as (
    select
        tested.*,
        case
            when tested.is_top_priority and tested.undetermined_reason is null
                then {{ binomial_cdf(
                    'tested.requests_finished', 'tested.requests', 'tested.city_finish_rate'
                ) }}
        end as gap_p_value
    from tested
)

select
    gap_tests.period_start,
    'quarter' as period_grain,
    gap_tests.area_id,
    gap_tests.top_problem,
    problems.name_en as problem_name_en,
    problems.name_th as problem_name_th,
    cast(gap_tests.respondents as bigint) as respondents,
    cast(gap_tests.share as double) as share,
    gap_tests.problem_rank,
    gap_tests.survey_suppressed,
    cast(gap_tests.city_share as double) as city_share,
    cast(gap_tests.requests as bigint) as requests,
    cast(gap_tests.requests_finished as bigint) as requests_finished,
    cast(gap_tests.finish_rate as double) as finish_rate,
    cast(gap_tests.median_hours_to_finish as double) as median_hours_to_finish,
    cast(gap_tests.sla_met_rate as double) as sla_met_rate,
    cast(gap_tests.city_finish_rate as double) as city_finish_rate,
    cast(gap_tests.city_median_hours_to_finish as double) as city_median_hours_to_finish,
    case
        when gap_tests.area_id = 'ALL' or gap_tests.problem_rank is null then null
        when not gap_tests.is_top_priority then false
        when gap_tests.undetermined_reason is null
            then gap_tests.gap_p_value < {{ var('gap_significance_level') }}
    end as is_gap,
    cast(gap_tests.gap_p_value as double) as gap_p_value,
    case when gap_tests.is_top_priority then gap_tests.undetermined_reason end as gap_undetermined_reason
from gap_tests
inner join {{ ref('ref_citizen_problems') }} as problems
    on gap_tests.top_problem = problems.top_problem
