-- The latest month for which an accepted file is in force.
select max(period) as latest_period
from int_tables_in_force
