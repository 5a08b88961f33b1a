-- Completeness and timeliness of the months period_first to period_last, per partner with months
-- due and for all of them (partner_id null, the last row): months due, on time, late, rejected
-- and missing, the shares received and on time, and the share of the partners' tables in force,
-- in per cent with one decimal.
with

months as (
    select * from in_scope('mart_partner_month_tables')
),

counts as (
    select
        partner_id,
        grouping(partner_id) = 1 as is_total,
        count(*) as months_due,
        count(*) filter (where status = 'on_time') as months_on_time,
        count(*) filter (where status = 'late') as months_late,
        count(*) filter (where status = 'rejected') as months_rejected,
        count(*) filter (where status = 'missing') as months_missing,
        sum(tables_expected) as tables_expected,
        sum(tables_received) as tables_received
    from months
    group by grouping sets ((partner_id), ())
)

select
    -- ids
    case when is_total then null else partner_id end as partner_id,
    -- months
    months_due,
    months_on_time,
    months_late,
    months_rejected,
    months_missing,
    -- shares, in per cent
    round(100.0 * (months_on_time + months_late) / nullif(months_due, 0), 1) as completeness_pct,
    round(100.0 * months_on_time / nullif(months_due, 0), 1) as on_time_pct,
    round(100.0 * tables_received / nullif(tables_expected, 0), 1) as tables_received_pct
from counts
order by is_total, partner_id
