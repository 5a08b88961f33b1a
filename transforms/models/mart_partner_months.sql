-- Additive monthly figures per partner: what each partner did in each month, and that month's
-- distinct people (never add these across months: use transforms.figures for a range). A topic's
-- measures are NULL (not reported) in a month without a table of it in force, 0 when its table
-- is in force without rows. Admissions and exits add up the units that stated them: NULL when
-- every unit left them unstated, as a presence register does.
with

-- each partner month with a file in force, and the topics it reported
partner_months as (
    select * from int_partner_month_topics
),

counselling as (
    select * from int_counselling_in_force
),

groups as (
    select * from int_groups_in_force
),

trainings as (
    select * from int_trainings_in_force
),

housing as (
    select * from mart_housing_unit_months
),

people as (
    select * from mart_person_months
),

counselling_months as (
    select
        partner_id,
        period,
        count(*) as counselling_sessions,
        sum(hours) as counselling_hours
    from counselling
    group by partner_id, period
),

group_months as (
    select
        partner_id,
        period,
        count(*) as group_meetings,
        sum(participants)::bigint as activity_participants
    from groups
    group by partner_id, period
),

training_months as (
    select
        partner_id,
        period,
        count(*) as trainings,
        sum(hours) as training_hours,
        sum(participants)::bigint as training_participants
    from trainings
    group by partner_id, period
),

housing_months as (
    select
        partner_id,
        period,
        count(*) as housing_units,
        sum(places)::bigint as housing_places,
        sum(residents)::bigint as residents_month_end,
        sum(resident_nights)::bigint as resident_nights,
        sum(place_nights)::bigint as place_nights,
        sum(admissions)::bigint as admissions,
        sum(exits_planned)::bigint as exits_planned,
        sum(exits_unplanned)::bigint as exits_unplanned
    from housing
    group by partner_id, period
),

people_months as (
    select
        partner_id,
        period,
        count(distinct person_key) as people_distinct,
        count(distinct person_key) filter (where in_counselling) as counselling_people_distinct,
        case
            when count(is_resident) > 0
                then count(distinct person_key) filter (where is_resident)
        end as residents_distinct
    from people
    group by partner_id, period
)

select
    -- ids
    partner_months.partner_id,
    partner_months.period,
    -- additive measures
    case
        when partner_months.has_counselling
            then coalesce(counselling_months.counselling_sessions, 0)
    end as counselling_sessions,
    case
        when partner_months.has_counselling
            then coalesce(counselling_months.counselling_hours, 0)
    end as counselling_hours,
    case
        when partner_months.has_groups
            then coalesce(group_months.group_meetings, 0)
    end as group_meetings,
    case
        when partner_months.has_groups
            then coalesce(group_months.activity_participants, 0)
    end as activity_participants,
    case
        when partner_months.has_trainings
            then coalesce(training_months.trainings, 0)
    end as trainings,
    case
        when partner_months.has_trainings
            then coalesce(training_months.training_hours, 0)
    end as training_hours,
    case
        when partner_months.has_trainings
            then coalesce(training_months.training_participants, 0)
    end as training_participants,
    case
        when partner_months.has_housing
            then coalesce(housing_months.housing_units, 0)
    end as housing_units,
    case
        when partner_months.has_housing
            then coalesce(housing_months.housing_places, 0)
    end as housing_places,
    case
        when partner_months.has_housing
            then coalesce(housing_months.residents_month_end, 0)
    end as residents_month_end,
    case
        when partner_months.has_housing
            then coalesce(housing_months.resident_nights, 0)
    end as resident_nights,
    case
        when partner_months.has_housing
            then coalesce(housing_months.place_nights, 0)
    end as place_nights,
    case
        when partner_months.has_housing and housing_months.housing_units is null then 0
        when partner_months.has_housing then housing_months.admissions
    end as admissions,
    case
        when partner_months.has_housing and housing_months.housing_units is null then 0
        when partner_months.has_housing then housing_months.exits_planned
    end as exits_planned,
    case
        when partner_months.has_housing and housing_months.housing_units is null then 0
        when partner_months.has_housing then housing_months.exits_unplanned
    end as exits_unplanned,
    -- that month's distinct people: not additive across months
    case
        when partner_months.has_people or partner_months.has_counselling
            then coalesce(people_months.people_distinct, 0)
    end as people_distinct,
    case
        when partner_months.has_counselling
            then coalesce(people_months.counselling_people_distinct, 0)
    end as counselling_people_distinct,
    people_months.residents_distinct
from partner_months
left join counselling_months using (partner_id, period)
left join group_months using (partner_id, period)
left join training_months using (partner_id, period)
left join housing_months using (partner_id, period)
left join people_months using (partner_id, period)
order by partner_months.period, partner_months.partner_id
