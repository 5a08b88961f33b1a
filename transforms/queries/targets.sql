-- Targets of a grant period (consortium.yaml) against the actual figures from its first month to
-- period_last: % achieved (and as rates, 1 = the target) and a straight-line projection to the
-- period's end, over the months of reporting (from reporting_first, the first month the
-- consortium reported in the period). Counts that grow month by month are projected at the
-- pace of those months; stock figures (units, places, rates, means) as they stand; people counted
-- once over the range (`is_people_once`) at the pace they grew after the first month (by the
-- people new to the range), since in its first month everyone is new: after one month of a
-- longer period they have no pace yet, and no projection. `actuals` is the headline figures of
-- that range, one row per id, with the figure of its first month alone.
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

reporting as (
    select
        last_period,
        getvariable('reporting_first') as first_period
    from grant_period
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
            when actual.is_people_once and months.months_elapsed > 1
                then
                    actual.actual
                    + (actual.actual - coalesce(actual.actual_first_month, 0))
                    / (months.months_elapsed - 1)
                    * (months.months_total - months.months_elapsed)
            when actual.is_people_once and months.months_total > 1 then null
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
