-- Additive monthly figures per partner: what each partner did in each month.
with

counselling as (
    select
        partner_id,
        period,
        count(*) as counselling_sessions,
        sum(hours) as counselling_hours,
    from staging_counselling
    group by all
),

groups as (
    select
        partner_id,
        period,
        count(*) as group_meetings,
        sum(participants) as group_attendance,
    from staging_groups
    group by all
),

trainings as (
    select
        partner_id,
        period,
        count(*) as trainings,
        sum(hours) as training_hours,
        sum(participants) as training_participants,
    from staging_trainings
    group by all
),

partner_months as (
    select distinct partner_id, period from staging_submission_tables
)

select
    partner_months.partner_id,
    partner_months.period,
    coalesce(counselling.counselling_sessions, 0) as counselling_sessions,
    coalesce(counselling.counselling_hours, 0) as counselling_hours,
    coalesce(groups.group_meetings, 0) as group_meetings,
    coalesce(groups.group_attendance, 0) as group_attendance,
    coalesce(trainings.trainings, 0) as trainings,
    coalesce(trainings.training_hours, 0) as training_hours,
    coalesce(trainings.training_participants, 0) as training_participants,
from partner_months
left join counselling using (partner_id, period)
left join groups using (partner_id, period)
left join trainings using (partner_id, period)
order by partner_months.period, partner_months.partner_id
