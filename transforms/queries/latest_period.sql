-- The month a report is of by default: the latest month for which an accepted file is in force
-- that arrived once the month was over (midnight as the next month begins, in the schedule's
-- time zone, as core.periods.month_over_at reckons it). A file that arrived while its month was
-- still under way counts as it is, but makes its month the default only when no month has a file
-- of the whole month: on 6 December the report is still November's.
with

tables_in_force as (
    select * from int_tables_in_force
),

reporting as (
    select * from config_reporting
),

months as (
    select
        tables_in_force.period,
        bool_or(
            tables_in_force.received_at >= timezone(
                reporting.timezone,
                cast(tables_in_force.period || '-01' as timestamp) + interval 1 month
            )
        ) as has_file_after_month
    from tables_in_force
    cross join reporting
    group by tables_in_force.period
)

select
    coalesce(
        max(period) filter (where has_file_after_month),
        max(period)
    ) as latest_period
from months
