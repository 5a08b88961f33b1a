-- Rows of the groups sheets of the submissions in force, with their partner and month; the site
-- written as consortium.yaml spells it when the partner wrote it in another case.
with

in_force as (
    select * from int_tables_in_force
    where table_name = 'groups'
),

source_rows as (
    select * from staging_groups
),

sites as (
    select * from config_sites
)

select
    -- ids
    in_force.partner_id,
    in_force.period,
    source_rows.submission_id,
    source_rows.sheet,
    source_rows.sheet_row,
    coalesce(sites.site_id, source_rows.site_id) as site_id,
    -- dimensions
    source_rows.activity_kind,
    source_rows.title,
    -- measures
    source_rows.participants,
    source_rows.hours,
    -- dates
    source_rows.held_on
from source_rows
inner join in_force using (submission_id)
left join sites
    on
        sites.partner_id = in_force.partner_id
        and lower(sites.site_id) = lower(source_rows.site_id)
