-- One row per person and partner: the first month the partner served them. Who is new in a range
-- of months is who first came in it; read from here, the months before the range are not scanned
-- again for every question.
select
    partner_id,
    person_key,
    min(period) as first_period
from mart_person_months
group by partner_id, person_key
order by partner_id, person_key
