-- Additive monthly figures per partner: what each partner did in each month, and that month's
-- distinct people (never add these across months: use transforms.figures for a range).
with

partner_months as (
    select distinct
        partner_id,
        period
    from int_tables_in_force
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
    coalesce(counselling_months.counselling_sessions, 0) as counselling_sessions,
    coalesce(counselling_months.counselling_hours, 0) as counselling_hours,
    coalesce(group_months.group_meetings, 0) as group_meetings,
    coalesce(group_months.activity_participants, 0) as activity_participants,
    coalesce(training_months.trainings, 0) as trainings,
    coalesce(training_months.training_hours, 0) as training_hours,
    coalesce(training_months.training_participants, 0) as training_participants,
    coalesce(housing_months.housing_units, 0) as housing_units,
    coalesce(housing_months.housing_places, 0) as housing_places,
    coalesce(housing_months.residents_month_end, 0) as residents_month_end,
    coalesce(housing_months.resident_nights, 0) as resident_nights,
    coalesce(housing_months.place_nights, 0) as place_nights,
    coalesce(housing_months.admissions, 0) as admissions,
    coalesce(housing_months.exits_planned, 0) as exits_planned,
    coalesce(housing_months.exits_unplanned, 0) as exits_unplanned,
    -- that month's distinct people: not additive across months
    coalesce(people_months.people_distinct, 0) as people_distinct,
    coalesce(people_months.counselling_people_distinct, 0) as counselling_people_distinct,
    people_months.residents_distinct
from partner_months
left join counselling_months using (partner_id, period)
left join group_months using (partner_id, period)
left join training_months using (partner_id, period)
left join housing_months using (partner_id, period)
left join people_months using (partner_id, period)
order by partner_months.period, partner_months.partner_id
