-- One row per partner and month it is expected to report: the submission grid's status and
-- times, and how many of the tables the partner reports (consortium.yaml) are in force for it.
with

grid as (
    select * from mart_submission_grid
),

table_completeness as (
    select * from mart_table_completeness
),

tables as (
    select
        partner_id,
        period,
        count(*) as tables_expected,
        count(*) filter (where is_received) as tables_received
    from table_completeness
    group by partner_id, period
)

select
    -- ids
    grid.partner_id,
    grid.period,
    -- status and times
    grid.status,
    grid.received_at,
    grid.due_at,
    -- tables
    coalesce(tables.tables_expected, 0) as tables_expected,
    coalesce(tables.tables_received, 0) as tables_received
from grid
left join tables using (partner_id, period)
