-- What each partner did in each month of period_first to period_last: the rows of
-- mart_partner_months (additive measures; its distinct people hold for their month only).
with

partner_months as (
    select * from in_scope('mart_partner_months')
)

select *
from partner_months
order by partner_id, period
