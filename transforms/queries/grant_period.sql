-- The first and last month of a grant period from consortium.yaml, and the first month the
-- consortium reported in it: the first partner's reports_from, when that is later than the
-- period's start (no month before it brought anything).
select
    grant_period.first_period,
    grant_period.last_period,
    greatest(grant_period.first_period, min(partners.reports_from)) as reporting_first
from config_grant_periods as grant_period
cross join config_partners as partners
where grant_period.grant_period_id = getvariable('grant_period_id')
group by grant_period.first_period, grant_period.last_period
