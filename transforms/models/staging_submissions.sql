-- The register of received files, one row per file, as the load wrote it.
with

source as (
    select * from submissions
)

select
    -- ids
    cast(submission_id as varchar) as submission_id,
    cast(partner_id as varchar) as partner_id,
    cast(period as varchar) as period,
    -- the file
    cast(name_as_received as varchar) as name_as_received,
    cast(file_sha256 as varchar) as file_sha256,
    cast(size_bytes as bigint) as size_bytes,
    cast(status as varchar) as status,
    cast(tables as varchar[]) as tables, -- noqa: RF04
    -- timestamps
    cast(received_at as timestamptz) as received_at,
    cast(released_at as timestamptz) as released_at
from source
