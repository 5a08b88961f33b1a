-- Rows of every counselling sheet loaded, one per session.
with

source as (
    select * from raw_counselling
)

select
    -- ids
    cast(submission_id as varchar) as submission_id,
    cast(sheet as varchar) as sheet,
    cast(sheet_row as integer) as sheet_row,
    cast(user_key as varchar) as user_key,
    -- dimensions
    cast(session_kind as varchar) as session_kind,
    -- measures
    cast(hours as double) as hours,
    -- dates
    cast(session_on as date) as session_on
from source
