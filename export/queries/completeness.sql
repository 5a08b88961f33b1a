-- Per partner (and for all of them): of the months that were due, how many arrived, on time or
-- late, and how many tables of them. Reads report_timeliness (timeliness.sql).
with

grid as (
    select * from report_timeliness
),

due as (
    select * from grid where status != 'not_yet_due'
)

select
    due.partner_id,
    count(*) as months_due,
    count(*) filter (where due.status = 'on_time') as months_on_time,
    count(*) filter (where due.status = 'late') as months_late,
    count(*) filter (where due.status = 'rejected') as months_rejected,
    count(*) filter (where due.status = 'missing') as months_missing,
    round(100.0 * count(*) filter (where due.status in ('on_time', 'late')) / nullif(count(*), 0), 1) as completeness_pct,
    round(100.0 * count(*) filter (where due.status = 'on_time') / nullif(count(*), 0), 1) as on_time_pct,
    round(100.0 * sum(due.tables_received) / nullif(sum(due.tables_expected), 0), 1) as tables_received_pct,
from due
group by grouping sets ((due.partner_id), ())
order by due.partner_id is null, due.partner_id
