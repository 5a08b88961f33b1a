-- Group meetings and activities per month and kind, from $first to $last.
with

groups as (
    select * from staging_groups where period between $first and $last
)

select
    period,
    activity_kind,
    count(*) as meetings,
    sum(participants) as attendance,
from groups
group by all
order by period, activity_kind
