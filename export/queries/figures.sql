-- The indicators of a range of months at four grains: the whole range (total), per partner,
-- per month and per partner and month. Distinct people are counted once within each cell.
-- Parameters: $first, $last (YYYY-MM), $partner (null for every partner).
with

grains as (
    select * from (values ('total'), ('partner'), ('month'), ('partner_month')) as g (grain)
),

partners as (
    select partner_id from report_partners
    where $partner::varchar is null or partner_id = $partner
),

months as (
    select strftime(range, '%Y-%m') as period
    from range(($first || '-01')::date, ($last || '-01')::date + interval 1 month, interval 1 month)
),

counselling as (
    select * from staging_counselling
    where period between $first and $last and partner_id in (select partner_id from partners)
),

groups as (
    select * from staging_groups
    where period between $first and $last and partner_id in (select partner_id from partners)
),

trainings as (
    select * from staging_trainings
    where period between $first and $last and partner_id in (select partner_id from partners)
),

housing as (
    select * from staging_housing
    where period between $first and $last and partner_id in (select partner_id from partners)
),

people as (
    select * from staging_people
    where period between $first and $last and partner_id in (select partner_id from partners)
),

-- every person seen in a people sheet or a counselling sheet, once per partner and month
persons as (
    select distinct partner_id, period, user_key from people where user_key is not null
    union
    select distinct partner_id, period, user_key from counselling where user_key is not null
),

-- each fact row once per grain, keyed by the partner and month that grain keeps
keyed_counselling as (
    select
        grains.grain,
        if(grains.grain in ('partner', 'partner_month'), counselling.partner_id, '') as partner_key,
        if(grains.grain in ('month', 'partner_month'), counselling.period, '') as period_key,
        counselling.*,
    from counselling
    cross join grains
),

keyed_groups as (
    select
        grains.grain,
        if(grains.grain in ('partner', 'partner_month'), groups.partner_id, '') as partner_key,
        if(grains.grain in ('month', 'partner_month'), groups.period, '') as period_key,
        groups.*,
    from groups
    cross join grains
),

keyed_trainings as (
    select
        grains.grain,
        if(grains.grain in ('partner', 'partner_month'), trainings.partner_id, '') as partner_key,
        if(grains.grain in ('month', 'partner_month'), trainings.period, '') as period_key,
        trainings.*,
    from trainings
    cross join grains
),

keyed_housing as (
    select
        grains.grain,
        if(grains.grain in ('partner', 'partner_month'), housing.partner_id, '') as partner_key,
        if(grains.grain in ('month', 'partner_month'), housing.period, '') as period_key,
        housing.*,
        housing.places * day(last_day((housing.period || '-01')::date)) as place_nights,
    from housing
    cross join grains
),

keyed_persons as (
    select
        grains.grain,
        if(grains.grain in ('partner', 'partner_month'), persons.partner_id, '') as partner_key,
        if(grains.grain in ('month', 'partner_month'), persons.period, '') as period_key,
        persons.*,
    from persons
    cross join grains
),

-- measures per grain cell
counselling_figures as (
    select
        grain,
        partner_key,
        period_key,
        count(*) as counselling_sessions,
        sum(hours) as counselling_hours,
        count(distinct user_key) as counselling_people_distinct,
        sum(hours) filter (where session_kind = 'individual') as individual_counselling_hours,
        count(distinct user_key) filter (where session_kind = 'individual') as individual_counselling_people_distinct,
    from keyed_counselling
    group by all
),

group_figures as (
    select
        grain,
        partner_key,
        period_key,
        count(*) as group_meetings,
        sum(participants) as group_attendance,
    from keyed_groups
    group by all
),

training_figures as (
    select
        grain,
        partner_key,
        period_key,
        count(*) as trainings,
        sum(hours) as training_hours,
        sum(participants) as training_participants,
    from keyed_trainings
    group by all
),

unit_figures as (
    select
        grain,
        partner_key,
        period_key,
        partner_id,
        upper(site_id) as site_id,
        max(places) as places,
        sum(resident_nights) as resident_nights,
        sum(place_nights) as place_nights,
        sum(admissions) as admissions,
        sum(exits_planned) as exits_planned,
        sum(exits_unplanned) as exits_unplanned,
    from keyed_housing
    group by all
),

housing_figures as (
    select
        grain,
        partner_key,
        period_key,
        count(*) as housing_units,
        sum(places) as housing_places,
        sum(resident_nights) as resident_nights,
        sum(place_nights) as place_nights,
        sum(admissions) as admissions,
        sum(exits_planned) as exits_planned,
        sum(exits_unplanned) as exits_unplanned,
    from unit_figures
    group by all
),

people_figures as (
    select
        grain,
        partner_key,
        period_key,
        count(distinct user_key) as people_distinct,
    from keyed_persons
    group by all
),

-- every cell a table shows, with or without activity
cells as (
    select 'total' as grain, '' as partner_key, '' as period_key
    union all
    select 'partner', partner_id, '' from partners
    union all
    select 'month', '', period from months
    union all
    select 'partner_month', partner_id, period from partners cross join months
)

select
    -- ids
    cells.grain,
    nullif(cells.partner_key, '') as partner_id,
    nullif(cells.period_key, '') as period,
    -- people, counted once in the cell
    coalesce(people_figures.people_distinct, 0) as people_distinct,
    coalesce(counselling_figures.counselling_people_distinct, 0) as counselling_people_distinct,
    coalesce(counselling_figures.individual_counselling_people_distinct, 0) as individual_counselling_people_distinct,
    -- counselling
    coalesce(counselling_figures.counselling_sessions, 0) as counselling_sessions,
    round(coalesce(counselling_figures.counselling_hours, 0), 2) as counselling_hours,
    round(coalesce(counselling_figures.individual_counselling_hours, 0), 2) as individual_counselling_hours,
    -- groups and trainings
    coalesce(group_figures.group_meetings, 0) as group_meetings,
    coalesce(group_figures.group_attendance, 0) as group_attendance,
    coalesce(training_figures.trainings, 0) as trainings,
    round(coalesce(training_figures.training_hours, 0), 2) as training_hours,
    coalesce(training_figures.training_participants, 0) as training_participants,
    -- housing
    coalesce(housing_figures.housing_units, 0) as housing_units,
    coalesce(housing_figures.housing_places, 0) as housing_places,
    coalesce(housing_figures.resident_nights, 0) as resident_nights,
    round(100.0 * housing_figures.resident_nights / nullif(housing_figures.place_nights, 0), 1) as occupancy_rate,
    coalesce(housing_figures.admissions, 0) as admissions,
    coalesce(housing_figures.exits_planned, 0) as exits_planned,
    coalesce(housing_figures.exits_unplanned, 0) as exits_unplanned,
from cells
left join people_figures using (grain, partner_key, period_key)
left join counselling_figures using (grain, partner_key, period_key)
left join group_figures using (grain, partner_key, period_key)
left join training_figures using (grain, partner_key, period_key)
left join housing_figures using (grain, partner_key, period_key)
order by cells.grain, cells.partner_key, cells.period_key
