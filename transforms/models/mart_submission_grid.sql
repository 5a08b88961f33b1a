-- One row per partner and month it is expected to report (from reports_from to reports_until)
-- whose deadline has passed, or for which a file arrived: was it on time, late, missing, or sent
-- only as rejected files? Due: the end of consortium.yaml's deadline_day of the following month,
-- in the schedule's time zone. Time runs to the as-of time (now when not set).
with

partners as (
    select * from config_partners
),

reporting as (
    select * from config_reporting
),

registered as (
    select * from staging_submissions
    where received_at <= coalesce(getvariable('as_of'), current_timestamp)
),

clock as (
    select coalesce(getvariable('as_of'), current_timestamp) as now_at
),

bounds as (
    select
        (select cast(min(reports_from) || '-01' as date) from partners) as first_month,
        greatest(
            (select date_trunc('month', cast(now_at as date)) from clock),
            (select max(cast(period || '-01' as date)) from registered)
        ) as last_month
),

months as (
    select
        strftime(month_start, '%Y-%m') as period,
        month_start
    from bounds,
        range(bounds.first_month, bounds.last_month + interval 1 month, interval 1 month)
            as months (month_start)
),

expected as (
    select
        partners.partner_id,
        months.period,
        timezone(
            reporting.timezone,
            cast(
                months.month_start + interval 1 month + to_days(reporting.deadline_day)
                as timestamp
            )
        ) as due_at
    from partners
    cross join months
    cross join reporting
    where
        months.period >= partners.reports_from
        and months.period <= coalesce(partners.reports_until, '9999-12')
),

arrivals as (
    select
        partner_id,
        period,
        min(received_at) filter (where status not in ('rejected', 'duplicate')) as received_at,
        count(*) filter (where status = 'rejected') as rejected_files
    from registered
    group by partner_id, period
),

graded as (
    select
        expected.partner_id,
        expected.period,
        case
            when arrivals.received_at <= expected.due_at then 'on_time'
            when arrivals.received_at is not null then 'late'
            when arrivals.rejected_files > 0 then 'rejected'
            else 'missing'
        end as status,
        arrivals.received_at,
        expected.due_at
    from expected
    cross join clock
    left join arrivals using (partner_id, period)
    where expected.due_at <= clock.now_at or arrivals.partner_id is not null
)

select
    partner_id,
    period,
    status,
    received_at,
    due_at
from graded
order by period, partner_id
