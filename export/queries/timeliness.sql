-- Each month each partner owed a file in the range: when it was due, when the first accepted
-- file arrived and whether that was on time, late, rejected or missing. "Now" is the as-of time,
-- or else the latest arrival the warehouse knows, so the same warehouse always says the same.
-- Parameters: $first, $last, $partner, $deadline_day, $tz.
with

partners as (
    select * from report_partners
    where $partner::varchar is null or partner_id = $partner
),

submissions as (
    select * from submissions
    where received_at <= coalesce(getvariable('as_of'), timestamptz '9999-12-31')
),

in_force as (
    select * from staging_submission_tables
),

months as (
    select strftime(range, '%Y-%m') as period
    from range(($first || '-01')::date, ($last || '-01')::date + interval 1 month, interval 1 month)
),

reference as (
    select coalesce(
        timezone($tz, getvariable('as_of'))::date,
        (select max(timezone($tz, received_at))::date from submissions)
    ) as today
),

expected as (
    select
        partners.partner_id,
        months.period,
        len(partners.tables) as tables_expected,
        partners.tables,
        ((months.period || '-01')::date + interval 1 month + interval ($deadline_day - 1) day)::date as due_on,
    from partners
    cross join months
    where months.period >= partners.reports_from
        and (partners.reports_until is null or months.period <= partners.reports_until)
),

arrivals as (
    select
        partner_id,
        period,
        min(received_at) filter (where status in ('accepted', 'accepted_with_warnings')) as first_accepted_at,
        count(*) filter (where status = 'rejected') as files_rejected,
    from submissions
    group by all
),

tables_in_force as (
    select
        expected.partner_id,
        expected.period,
        count(distinct in_force.table_name) as tables_received,
    from expected
    inner join in_force
        on in_force.partner_id = expected.partner_id
        and in_force.period = expected.period
        and list_contains(expected.tables, in_force.table_name)
    group by all
)

select
    expected.partner_id,
    expected.period,
    expected.due_on,
    strftime(timezone($tz, arrivals.first_accepted_at), '%Y-%m-%d %H:%M') as first_accepted_at,
    case
        when arrivals.first_accepted_at is not null and timezone($tz, arrivals.first_accepted_at)::date <= expected.due_on
            then 'on_time'
        when arrivals.first_accepted_at is not null then 'late'
        when expected.due_on >= (select today from reference) then 'not_yet_due'
        when arrivals.files_rejected > 0 then 'rejected'
        else 'missing'
    end as status,
    expected.tables_expected,
    coalesce(tables_in_force.tables_received, 0) as tables_received,
from expected
left join arrivals using (partner_id, period)
left join tables_in_force using (partner_id, period)
order by expected.partner_id, expected.period
