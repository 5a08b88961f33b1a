-- activity_breakdown month by month: counselling by kind of session, trainings by audience, and
-- groups and activities by kind, in each month of period_first to period_last.
with

counselling as (
    select * from in_scope('int_counselling_in_force')
),

trainings as (
    select * from in_scope('int_trainings_in_force')
),

groups as (
    select * from in_scope('int_groups_in_force')
),

counselling_kinds as (
    select
        period,
        'counselling' as activity,
        session_kind as kind,
        count(*) as events,
        sum(hours) as hours,
        count(*) as participants
    from counselling
    group by period, session_kind
),

training_audiences as (
    select
        period,
        'trainings' as activity,
        audience as kind,
        count(*) as events,
        sum(hours) as hours,
        sum(participants)::bigint as participants
    from trainings
    group by period, audience
),

group_kinds as (
    select
        period,
        'groups' as activity,
        activity_kind as kind,
        count(*) as events,
        sum(hours) as hours,
        sum(participants)::bigint as participants
    from groups
    group by period, activity_kind
)

select * from counselling_kinds
union all
select * from training_audiences
union all
select * from group_kinds
order by activity, period, kind
