-- Counselling by kind of session, trainings by audience, and groups and activities by kind, for
-- the months period_first to period_last: events, hours, participants and distinct people.
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
        'counselling' as activity,
        session_kind as kind,
        count(*) as events,
        sum(hours) as hours,
        count(*) as participants,
        count(distinct user_key) as people_distinct
    from counselling
    group by session_kind
),

training_audiences as (
    select
        'trainings' as activity,
        audience as kind,
        count(*) as events,
        sum(hours) as hours,
        sum(participants)::bigint as participants,
        null::bigint as people_distinct
    from trainings
    group by audience
),

group_kinds as (
    select
        'groups' as activity,
        activity_kind as kind,
        count(*) as events,
        sum(hours) as hours,
        sum(participants)::bigint as participants,
        null::bigint as people_distinct
    from groups
    group by activity_kind
)

select * from counselling_kinds
union all
select * from training_audiences
union all
select * from group_kinds
order by activity, kind
