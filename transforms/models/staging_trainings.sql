-- Rows of every trainings sheet loaded, one per training.
with

source as (
    select * from raw_trainings
)

select
    -- ids
    cast(submission_id as varchar) as submission_id,
    cast(sheet as varchar) as sheet,
    cast(sheet_row as integer) as sheet_row,
    -- dimensions
    cast(title as varchar) as title,
    cast(audience as varchar) as audience,
    -- measures
    cast(hours as double) as hours,
    cast(participants as integer) as participants,
    -- dates
    cast(held_on as date) as held_on
from source
