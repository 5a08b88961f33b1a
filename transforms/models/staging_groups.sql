-- Rows of the groups sheets of the submissions in force, with partner and month.
with

in_force as (
    select * from staging_submission_tables
    where table_name = 'groups'
),

rows as (
    select * from raw_groups
)

select
    in_force.partner_id,
    in_force.period,
    rows.*
from rows
inner join in_force using (submission_id)
