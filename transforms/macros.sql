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

-- The rows of a model of one partner when `partner` is set, of every month up to period_last.
create or replace temp macro up_to_last(source) as table
    select *
    from query_table(source)
    where
        period <= getvariable('period_last')
        and (getvariable('partner') is null or partner_id = getvariable('partner'));
