-- BARC-10 assessments in each month of period_first to period_last: how many people were
-- assessed, and their mean score.
with

assessments as (
    select * from in_scope('mart_person_months')
    where barc10 is not null
)

select
    period,
    count(distinct person_key) as people,
    avg(barc10) as mean_score
from assessments
group by period
order by period
