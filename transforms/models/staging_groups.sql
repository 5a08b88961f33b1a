-- Rows of every groups sheet loaded, one per group meeting or activity.
with

source as (
    select * from raw_groups
)

select
    -- ids
    cast(submission_id as varchar) as submission_id,
    cast(sheet as varchar) as sheet,
    cast(sheet_row as integer) as sheet_row,
    trim(cast(site_id as varchar)) as site_id,
    -- dimensions
    cast(activity_kind as varchar) as activity_kind,
    cast(title as varchar) as title,
    -- measures
    cast(participants as integer) as participants,
    cast(hours as double) as hours,
    -- dates
    cast(held_on as date) as held_on
from source
