-- Counselling sessions and hours per month and kind of session, from $first to $last.
with

counselling as (
    select * from staging_counselling where period between $first and $last
)

select
    period,
    session_kind,
    count(*) as sessions,
    sum(hours) as hours,
from counselling
group by all
order by period, session_kind
