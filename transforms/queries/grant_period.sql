-- The first and last month of a grant period from consortium.yaml.
select
    first_period,
    last_period
from config_grant_periods
where grant_period_id = getvariable('grant_period_id')
