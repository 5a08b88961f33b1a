-- Rows of the housing sheets of the submissions in force, of the units each is in force for
-- (int_tables_in_force), with their partner and month; the unit written as consortium.yaml
-- spells it when the partner wrote it in another case.
with

in_force as (
    select * from int_tables_in_force
    where table_name = 'housing'
),

source_rows as (
    select * from staging_housing
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
    -- measures
    source_rows.places,
    source_rows.residents,
    source_rows.resident_nights,
    source_rows.admissions,
    source_rows.exits_planned,
    source_rows.exits_unplanned
from source_rows
inner join in_force
    on
        source_rows.submission_id = in_force.submission_id
        and list_contains(in_force.housing_units, coalesce(lower(source_rows.site_id), ''))
left join sites
    on
        sites.partner_id = in_force.partner_id
        and lower(sites.site_id) = lower(source_rows.site_id)
