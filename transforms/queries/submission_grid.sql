-- The completeness grid of the months period_first to period_last: each expected partner month,
-- its status (on_time, late, missing, rejected), when it arrived and when it was due, and how
-- many of the tables the partner reports (consortium.yaml) are in force for it.
with

partner_months as (
    select * from in_scope('mart_partner_month_tables')
)

select
    -- ids
    partner_id,
    period,
    -- status and times
    status,
    received_at,
    due_at,
    -- tables
    tables_expected,
    tables_received
from partner_months
order by partner_id, period
