-- Hours of individual counselling (sessions of kind `individual`) in the range.
with

sessions as (
    select
        group_id,
        hours
    from grouped('int_counselling_in_force')
    where session_kind = 'individual'
),

hours as (
    select
        group_id,
        sum(hours) as hours
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
    case when reported.group_id is not null then coalesce(hours.hours, 0) end
        as individual_counselling_hours
from group_ids() as group_ids
left join reported using (group_id)
left join hours using (group_id)
