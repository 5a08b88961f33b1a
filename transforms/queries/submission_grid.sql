-- The completeness grid of the months period_first to period_last: each expected partner month,
-- its status (on_time, late, missing, rejected), when it arrived and when it was due.
with

grid as (
    select * from mart_submission_grid
    where period between getvariable('period_first') and getvariable('period_last')
        and (getvariable('partner') is null or partner_id = getvariable('partner'))
)

select
    partner_id,
    period,
    status,
    received_at,
    due_at,
from grid
order by partner_id, period
