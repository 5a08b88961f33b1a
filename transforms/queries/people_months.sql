-- Distinct people of each month of period_first to period_last (on a people sheet or in
-- counselling), each month counted on its own: people_distinct of headline.sql month by month.
with

person_months as (
    select * from in_scope('mart_person_months')
)

select
    period,
    count(distinct person_key) as people
from person_months
group by period
order by period
