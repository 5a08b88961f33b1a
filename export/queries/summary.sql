-- The headline figures of the range, one row per indicator, against the grant period's targets.
-- Reads report_figures (figures.sql), report_indicators (the catalogue order) and report_targets.
with

totals as (
    select * exclude (grain, partner_id, period) from report_figures where grain = 'total'
),

indicators as (
    select * from report_indicators
),

targets as (
    select * from report_targets
),

values_long as (
    unpivot totals on columns(*) into name indicator_id value value
)

select
    indicators.indicator_id,
    values_long.value::double as value,
    targets.target,
    round(100.0 * values_long.value / nullif(targets.target, 0), 1) as achieved_pct,
from indicators
inner join values_long using (indicator_id)
left join targets using (indicator_id)
order by indicators.position
