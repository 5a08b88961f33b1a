-- Rows of the housing sheets of the submissions in force, with partner and month; the unit
-- written as consortium.yaml spells it when the partner wrote it in another case.
with

in_force as (
    select * from staging_submission_tables
    where table_name = 'housing'
),

rows as (
    select * from raw_housing
),

sites as (
    select * from config_sites
)

select
    -- ids
    in_force.partner_id,
    in_force.period,
    rows.submission_id,
    rows.sheet,
    rows.sheet_row,
    coalesce(sites.site_id, trim(rows.site_id)) as site_id,
    -- measures
    rows.places,
    rows.residents,
    rows.resident_nights,
    rows.admissions,
    rows.exits_planned,
    rows.exits_unplanned
from rows
inner join in_force using (submission_id)
left join sites
    on
        sites.partner_id = in_force.partner_id
        and lower(sites.site_id) = lower(trim(rows.site_id))
