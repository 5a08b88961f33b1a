-- What each partner did in each month of period_first to period_last: the rows of
-- mart_partner_months (additive measures; its distinct people hold for their month only).
with

partner_months as (
    select * from mart_partner_months
    where
        period between getvariable('period_first') and getvariable('period_last')
        and (getvariable('partner') is null or partner_id = getvariable('partner'))
)

select *
from partner_months
order by partner_id, period
