-- Headline figures of the months period_first to period_last, for the whole consortium or one
-- row per partner, country or month (group_by), optionally for one partner. People are counted
-- once in the range (distinct person keys over all its months, never a sum of monthly counts);
-- a row per month is exactly the figures of that month alone. A topic's figures are NULL (not
-- reported) for a group without a table of that topic in force in the range; a table in force
-- without rows is a real 0. Admissions and exits add up the units that stated them (when_stated):
-- NULL when every unit left them unstated, as a presence register does.
-- transforms.figures adds the figures of transforms/indicators/*.sql, one column each.
with

scope as (
    select * from partner_groups()
),

housing as (
    select * from grouped('mart_housing_unit_months')
),

counselling as (
    select * from grouped('int_counselling_in_force')
),

trainings as (
    select * from grouped('int_trainings_in_force')
),

groups as (
    select * from grouped('int_groups_in_force')
),

grid as (
    select * from grouped('mart_submission_grid')
),

group_ids as (
    select * from group_ids()
),

-- the topics each group reported: a table of it in force in some month of the range
topics as (
    select * from topics_reported()
),

-- housing: each unit once, with its places and residents at its latest month in the range
units as (
    select
        group_id,
        partner_id,
        site_id,
        arg_max(places, period) as places,
        arg_max(residents, period) as residents_month_end,
        sum(resident_nights)::bigint as resident_nights,
        sum(place_nights)::bigint as place_nights,
        sum(admissions)::bigint as admissions,
        sum(exits_planned)::bigint as exits_planned,
        sum(exits_unplanned)::bigint as exits_unplanned
    from housing
    group by group_id, partner_id, site_id
),

housing_figures as (
    select
        group_id,
        count(*) as housing_units,
        sum(places)::bigint as housing_places,
        sum(residents_month_end)::bigint as residents_month_end,
        sum(resident_nights)::bigint as resident_nights,
        sum(place_nights)::bigint as place_nights,
        sum(resident_nights)::bigint / nullif(sum(place_nights)::bigint, 0) as occupancy_rate,
        sum(admissions)::bigint as admissions,
        sum(exits_planned)::bigint as exits_planned,
        sum(exits_unplanned)::bigint as exits_unplanned
    from units
    group by group_id
),

counselling_figures as (
    select
        group_id,
        count(*) as counselling_sessions,
        sum(hours) as counselling_hours
    from counselling
    group by group_id
),

training_figures as (
    select
        group_id,
        count(*) as trainings,
        sum(hours) as training_hours,
        sum(participants)::bigint as training_participants
    from trainings
    group by group_id
),

group_figures as (
    select
        group_id,
        count(*) as group_meetings,
        sum(participants)::bigint as activity_participants
    from groups
    group by group_id
),

-- people: distinct person keys over the whole range
people_in_range as (
    select * from grouped('mart_person_months')
),

-- each person once per group, with what they took part in
people as (
    select
        group_id,
        person_key,
        count(is_resident) as resident_rows,
        bool_or(is_resident) as resident,
        bool_or(in_counselling) as counselling,
        count(in_groups) as group_rows,
        bool_or(in_groups) as in_groups
    from people_in_range
    group by group_id, person_key
),

people_figures as (
    select
        group_id,
        count(*) as people_distinct,
        case when sum(resident_rows) > 0 then count(*) filter (where resident) end
            as residents_distinct,
        count(*) filter (where counselling) as counselling_people_distinct,
        case when sum(group_rows) > 0 then count(*) filter (where in_groups) end
            as group_participants_distinct
    from people
    group by group_id
),

-- new: first came in the range, to any partner of their group; counted in the group of their
-- first month
first_months as (
    select
        scope.group_id as partner_group,
        firsts.person_key,
        min(firsts.first_period) as first_period
    from mart_person_first_months as firsts
    inner join scope using (partner_id)
    group by scope.group_id, firsts.person_key
),

new_people as (
    select
        group_of(partner_group, first_period) as group_id,
        count(*) as people_new
    from first_months
    where first_period between getvariable('period_first') and getvariable('period_last')
    group by group_of(partner_group, first_period)
),

-- outcomes: first and latest BARC-10 of people assessed at least twice in the range
assessed as (
    select
        group_id,
        person_key,
        arg_min(barc10, period) as first_score,
        arg_max(barc10, period) as latest_score
    from people_in_range
    where barc10 is not null
    group by group_id, person_key
    having count(*) >= 2
),

outcome_figures as (
    select
        group_id,
        count(*) as barc10_people_assessed_twice,
        avg(first_score) as barc10_first_mean,
        avg(latest_score) as barc10_latest_mean,
        count(*) filter (where latest_score >= 47) as barc10_people_at_or_above_47,
        count(*) filter (where latest_score < 47) as barc10_people_below_47,
        avg(case when latest_score >= 47 then 1.0 else 0.0 end) as barc10_share_at_or_above_47
    from assessed
    group by group_id
),

-- completeness and timeliness of the expected partner months in the range
grid_figures as (
    select
        group_id,
        count(*) as submissions_expected,
        count(*) filter (where status in ('on_time', 'late')) as submissions_received,
        count(*) filter (where status = 'on_time') as submissions_on_time,
        count(*) filter (where status = 'late') as submissions_late,
        count(*) filter (where status = 'missing') as submissions_missing,
        count(*) filter (where status = 'rejected') as submissions_rejected
    from grid
    group by group_id
)

select
    group_ids.group_id,
    -- housing
    when_reported(topics.has_housing, housing_figures.housing_units) as housing_units,
    when_reported(topics.has_housing, housing_figures.housing_places) as housing_places,
    when_reported(topics.has_housing, housing_figures.residents_month_end) as residents_month_end,
    people_figures.residents_distinct,
    when_reported(topics.has_housing, housing_figures.resident_nights) as resident_nights,
    when_reported(topics.has_housing, housing_figures.place_nights) as place_nights,
    housing_figures.occupancy_rate,
    when_stated(topics.has_housing, housing_figures.housing_units, housing_figures.admissions)
        as admissions,
    when_stated(topics.has_housing, housing_figures.housing_units, housing_figures.exits_planned)
        as exits_planned,
    when_stated(topics.has_housing, housing_figures.housing_units, housing_figures.exits_unplanned)
        as exits_unplanned,
    -- counselling
    when_reported(topics.has_counselling, counselling_figures.counselling_sessions)
        as counselling_sessions,
    when_reported(topics.has_counselling, counselling_figures.counselling_hours)
        as counselling_hours,
    when_reported(topics.has_counselling, people_figures.counselling_people_distinct)
        as counselling_people_distinct,
    -- trainings
    when_reported(topics.has_trainings, training_figures.trainings) as trainings,
    when_reported(topics.has_trainings, training_figures.training_hours) as training_hours,
    when_reported(topics.has_trainings, training_figures.training_participants)
        as training_participants,
    -- groups and activities
    when_reported(topics.has_groups, group_figures.group_meetings) as group_meetings,
    when_reported(topics.has_groups, group_figures.activity_participants) as activity_participants,
    people_figures.group_participants_distinct,
    -- people: on people sheets or in counselling sessions
    when_reported(topics.has_people or topics.has_counselling, people_figures.people_distinct)
        as people_distinct,
    when_reported(topics.has_people or topics.has_counselling, new_people.people_new)
        as people_new,
    case
        when topics.has_people or topics.has_counselling
            then coalesce(people_figures.people_distinct, 0) - coalesce(new_people.people_new, 0)
    end as people_returning,
    -- outcomes
    when_reported(topics.has_people, outcome_figures.barc10_people_assessed_twice)
        as barc10_people_assessed_twice,
    outcome_figures.barc10_first_mean,
    outcome_figures.barc10_latest_mean,
    when_reported(topics.has_people, outcome_figures.barc10_people_at_or_above_47)
        as barc10_people_at_or_above_47,
    when_reported(topics.has_people, outcome_figures.barc10_people_below_47)
        as barc10_people_below_47,
    outcome_figures.barc10_share_at_or_above_47,
    -- completeness and timeliness
    coalesce(grid_figures.submissions_expected, 0) as submissions_expected,
    coalesce(grid_figures.submissions_received, 0) as submissions_received,
    coalesce(grid_figures.submissions_on_time, 0) as submissions_on_time,
    coalesce(grid_figures.submissions_late, 0) as submissions_late,
    coalesce(grid_figures.submissions_missing, 0) as submissions_missing,
    coalesce(grid_figures.submissions_rejected, 0) as submissions_rejected
from group_ids
left join topics using (group_id)
left join housing_figures using (group_id)
left join counselling_figures using (group_id)
left join training_figures using (group_id)
left join group_figures using (group_id)
left join people_figures using (group_id)
left join new_people using (group_id)
left join outcome_figures using (group_id)
left join grid_figures using (group_id)
order by group_ids.group_id
