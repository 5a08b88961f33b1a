-- What each partner did in each month from $first to $last: trend charts and partner pages.
-- people_distinct counts a person once in a month; never add it across months.
with

partner_months as (
    select * from mart_partner_months
)

select *
from partner_months
where period between $first and $last
order by period, partner_id
