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
)

select
    group_ids.group_id,
    coalesce(hours.hours, 0) as individual_counselling_hours
from group_ids() as group_ids
left join hours using (group_id)
