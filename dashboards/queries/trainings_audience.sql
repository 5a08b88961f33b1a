-- Trainings per month and audience, from $first to $last.
with

trainings as (
    select * from staging_trainings where period between $first and $last
)

select
    period,
    audience,
    count(*) as trainings,
    sum(hours) as hours,
    sum(participants) as participants,
from trainings
group by all
order by period, audience
