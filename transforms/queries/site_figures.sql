-- Figures per site for the months period_first to period_last: housing units (places and
-- residents at the unit's latest month, nights, occupancy, movement) and group sites (meetings,
-- attendance), with the site's name and kind from consortium.yaml.
with

housing as (
    select * from in_scope('mart_housing_unit_months')
),

groups as (
    select * from in_scope('int_groups_in_force')
    where site_id is not null
),

sites as (
    select * from config_sites
),

housing_sites as (
    select
        partner_id,
        site_id,
        arg_max(places, period) as places,
        arg_max(residents, period) as residents_month_end,
        sum(resident_nights)::bigint as resident_nights,
        sum(place_nights)::bigint as place_nights,
        sum(resident_nights)::bigint / nullif(sum(place_nights)::bigint, 0) as occupancy_rate,
        sum(admissions)::bigint as admissions,
        sum(exits_planned)::bigint as exits_planned,
        sum(exits_unplanned)::bigint as exits_unplanned
    from housing
    group by partner_id, site_id
),

group_sites as (
    select
        partner_id,
        site_id,
        count(*) as group_meetings,
        sum(participants)::bigint as activity_participants
    from groups
    group by partner_id, site_id
),

site_rows as (
    select * from housing_sites
    full outer join group_sites using (partner_id, site_id)
)

select
    -- ids
    site_rows.partner_id,
    site_rows.site_id,
    sites.site_name,
    sites.site_kind,
    -- housing
    site_rows.places,
    site_rows.residents_month_end,
    site_rows.resident_nights,
    site_rows.place_nights,
    site_rows.occupancy_rate,
    site_rows.admissions,
    site_rows.exits_planned,
    site_rows.exits_unplanned,
    -- groups
    coalesce(site_rows.group_meetings, 0) as group_meetings,
    coalesce(site_rows.activity_participants, 0) as activity_participants
from site_rows
left join sites using (partner_id, site_id)
order by site_rows.partner_id, site_rows.site_id
