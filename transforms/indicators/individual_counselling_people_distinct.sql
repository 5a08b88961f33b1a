-- Distinct people in individual counselling (sessions of kind `individual`) in the range, each
-- counted once however many months they came.
with

sessions as (
    select
        group_id,
        user_key
    from grouped('int_counselling_in_force')
    where session_kind = 'individual'
),

people as (
    select
        group_id,
        count(distinct user_key) as people
    from sessions
    group by group_id
),

-- not reported (NULL) for a group without a counselling table in force in the range
reported as (
    select group_id from topics_reported()
    where has_counselling
)

select
    group_ids.group_id,
    case when reported.group_id is not null then coalesce(people.people, 0) end
        as individual_counselling_people_distinct
from group_ids() as group_ids
left join reported using (group_id)
left join people using (group_id)
