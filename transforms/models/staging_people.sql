-- Rows of the people sheets of the submissions in force, with partner and month.
with

in_force as (
    select * from staging_submission_tables
    where table_name = 'people'
),

rows as (
    select * from raw_people
)

select
    in_force.partner_id,
    in_force.period,
    rows.*
from rows
inner join in_force using (submission_id)
