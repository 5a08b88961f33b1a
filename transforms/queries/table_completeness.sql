-- Which of its tables each partner has sent for each expected month of period_first to
-- period_last, and which are outstanding: for feedback, the site and reminders.
with

table_completeness as (
    select * from in_scope('mart_table_completeness')
)

select
    -- ids
    partner_id,
    period,
    table_name,
    submission_id,
    -- status
    is_received,
    status,
    -- timestamps
    received_at
from table_completeness
order by partner_id, period, table_name
