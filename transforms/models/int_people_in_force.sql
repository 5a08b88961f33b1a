-- Rows of the people sheets of the submissions in force, with their partner and month.
with

in_force as (
    select * from int_tables_in_force
    where table_name = 'people'
),

source_rows as (
    select * from staging_people
)

select
    in_force.partner_id,
    in_force.period,
    source_rows.*
from source_rows
inner join in_force using (submission_id)
