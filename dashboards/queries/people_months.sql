-- Distinct people served in each month from $first to $last, for the whole consortium.
-- Each month counts its own people: never add these across months.
with

person_months as (
    select * from mart_person_months
)

select
    period,
    count(distinct person_key) as people,
from person_months
where period between $first and $last
group by all
order by period
