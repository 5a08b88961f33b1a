-- The filters every query under queries/ shares, written once. `transforms.figures` defines these
-- macros on the connection before it runs a query and binds the variables they read.

-- The rows of a model in the months period_first to period_last, of one partner when `partner`
-- is set.
create or replace temp macro in_scope(source) as table
    select *
    from query_table(source)
    where
        period between getvariable('period_first') and getvariable('period_last')
        and (getvariable('partner') is null or partner_id = getvariable('partner'));

-- The partners in scope (one `partner` when set) and the group each counts in, as `group_by`
-- asks: the partner itself, its country, or the whole consortium (also when grouped by month).
create or replace temp macro partner_groups() as table
    with

    partners as (
        select partner_id from staging_submissions
        union
        select partner_id from config_partners
    )

    select
        partners.partner_id,
        case getvariable('group_by')
            when 'partner' then partners.partner_id
            when 'country' then config_partners.country
            else 'consortium'
        end as group_id
    from partners
    left join config_partners using (partner_id)
    where
        partners.partner_id is not null
        and (getvariable('partner') is null or partners.partner_id = getvariable('partner'));

-- The group a row counts in: its partner's group from partner_groups(), or the row's own month
-- when `group_by` is 'month'.
create or replace temp macro group_of(partner_group, period) as
case getvariable('group_by') when 'month' then period else partner_group end;

-- The rows of a model in scope (in_scope), each with the group it counts in (`group_id`).
create or replace temp macro grouped(source) as table
    select
        group_of(scope.group_id, source_rows.period) as group_id,
        source_rows.*
    from in_scope(source) as source_rows
    inner join partner_groups() as scope using (partner_id);

-- A topic's figure of a group: NULL (not reported) when the group had no table of the topic in
-- force in the range, else the figure, 0 when its tables had no rows to count.
create or replace temp macro when_reported(reported, figure) as case
    when reported then coalesce(figure, 0)
end;

-- A housing unit's moves (admissions, exits) of a group: a unit may leave them unstated (NULL), as
-- a presence register does. Like when_reported, 0 when the group's housing tables had no rows;
-- else the sum over the units that stated them, NULL (not reported) when none did, never a 0
-- that reads as nobody moving.
create or replace temp macro when_stated(reported, units, figure) as case
    when reported and coalesce(units, 0) = 0 then 0
    when reported then figure
end;

-- The topics each group reported in the range, one row per group with a file in force in it:
-- has_housing, has_counselling, has_trainings, has_groups, has_people when a table of that topic
-- was in force in some month of the range (int_partner_month_topics), even one without rows. A
-- group without one did not report that topic, and its figures are not reported (NULL), never a
-- 0 that reads as nothing done.
create or replace temp macro topics_reported() as table
    select
        group_id,
        bool_or(has_housing) as has_housing,
        bool_or(has_counselling) as has_counselling,
        bool_or(has_trainings) as has_trainings,
        bool_or(has_groups) as has_groups,
        bool_or(has_people) as has_people
    from grouped('int_partner_month_topics')
    group by group_id;

-- Every group a headline row is given for: those of partner_groups(), the consortium even when
-- no partner has reported yet, or every month period_first to period_last.
create or replace temp macro group_ids() as table
    select distinct group_id from partner_groups()
    where coalesce(getvariable('group_by'), 'consortium') != 'month'
    union
    select 'consortium' as group_id
    where coalesce(getvariable('group_by'), 'consortium') = 'consortium'
    union
    select strftime(months.month_start, '%Y-%m') as group_id
    from
        generate_series(
            cast(getvariable('period_first') || '-01' as date),
            cast(getvariable('period_last') || '-01' as date),
            interval 1 month
        ) as months (month_start)
    where getvariable('group_by') = 'month';
