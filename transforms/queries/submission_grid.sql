-- The completeness grid of the months period_first to period_last: each expected partner month,
-- its status (on_time, late, missing, rejected), when it arrived and when it was due, and how
-- many of the tables the partner reports (consortium.yaml) are in force for it.
with

grid as (
    select * from mart_submission_grid
    where
        period between getvariable('period_first') and getvariable('period_last')
        and (getvariable('partner') is null or partner_id = getvariable('partner'))
),

partners as (
    select * from config_partners
),

in_force as (
    select * from staging_submission_tables
    where
        period between getvariable('period_first') and getvariable('period_last')
        and (getvariable('partner') is null or partner_id = getvariable('partner'))
),

-- the partner's own tables in force for the month: a table it does not report does not count
tables_in_force as (
    select
        in_force.partner_id,
        in_force.period,
        count(distinct in_force.table_name) as tables_received
    from in_force
    inner join partners
        on
            partners.partner_id = in_force.partner_id
            and list_contains(partners.tables, in_force.table_name)
    group by in_force.partner_id, in_force.period
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
    len(partners.tables) as tables_expected,
    coalesce(tables_in_force.tables_received, 0) as tables_received
from grid
left join partners using (partner_id)
left join tables_in_force using (partner_id, period)
order by grid.partner_id, grid.period
