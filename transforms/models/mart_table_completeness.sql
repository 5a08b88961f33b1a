-- One row per partner, expected month and table the partner reports (`partners[].tables` in
-- consortium.yaml): has a file in force brought it, or is it still outstanding? A table the
-- partner does not report is never expected, and a file that brings it does not count here. Of
-- a table several files are in force for (housing, each file for its units), the latest is named.
with

grid as (
    select * from mart_submission_grid
),

partners as (
    select * from config_partners
),

in_force as (
    select * from int_tables_in_force
    where is_latest
),

expected as (
    select
        grid.partner_id,
        grid.period,
        unnest(partners.tables) as table_name
    from grid
    inner join partners using (partner_id)
)

select
    -- ids
    expected.partner_id,
    expected.period,
    expected.table_name,
    in_force.submission_id,
    -- status
    in_force.submission_id is not null as is_received,
    case when in_force.submission_id is null then 'outstanding' else 'received' end as status,
    -- timestamps
    in_force.received_at
from expected
left join in_force using (partner_id, period, table_name)
order by expected.period, expected.partner_id, expected.table_name
