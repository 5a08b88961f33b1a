-- Targets of a grant period (consortium.yaml) against the actual figures from its first month to
-- period_last: % achieved (and as rates, 1 = the target) and a straight-line projection to the
-- period's end. Counts that grow month by month are projected at the pace of the months the
-- consortium has reported so far (from the first partner's reports_from, when that is later than
-- the period's start: no month before it brought anything); stock figures (units, places, rates,
-- means) are projected as they stand. `actuals` is the headline figures of that range, one row
-- per id.
with

grant_period as (
    select * from config_grant_periods
    where grant_period_id = getvariable('grant_period_id')
),

targets as (
    select * from config_targets
    where grant_period_id = getvariable('grant_period_id')
),

actual as (
    select * from actuals
),

partners as (
    select * from config_partners
),

reporting as (
    select
        grant_period.last_period,
        greatest(grant_period.first_period, min(partners.reports_from)) as first_period
    from grant_period
    cross join partners
    group by grant_period.first_period, grant_period.last_period
),

months as (
    select
        datediff(
            'month',
            cast(first_period || '-01' as date),
            cast(least(getvariable('period_last'), last_period) || '-01' as date)
        ) + 1 as months_elapsed,
        datediff(
            'month', cast(first_period || '-01' as date), cast(last_period || '-01' as date)
        ) + 1 as months_total
    from reporting
),

projected as (
    select
        targets.indicator_id,
        targets.target,
        actual.actual,
        case
            when actual.is_stock then actual.actual
            else actual.actual / greatest(months.months_elapsed, 1) * months.months_total
        end as projected_at_end,
        months.months_elapsed,
        months.months_total
    from targets
    cross join months
    left join actual using (indicator_id)
)

select
    indicator_id,
    target,
    actual,
    100.0 * actual / nullif(target, 0) as percent_achieved,
    actual / nullif(target, 0) as achieved_rate,
    projected_at_end,
    projected_at_end / nullif(target, 0) as projected_rate,
    months_elapsed,
    months_total
from projected
order by indicator_id
