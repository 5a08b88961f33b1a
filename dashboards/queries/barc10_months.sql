-- BARC-10 assessments per month from $first to $last: how many people, and their average score.
with

person_months as (
    select * from mart_person_months
),

assessments as (
    select * from person_months
    where period between $first and $last and barc10 is not null
)

select
    period,
    count(distinct person_key) as people,
    avg(barc10) as mean_score,
from assessments
group by all
order by period
