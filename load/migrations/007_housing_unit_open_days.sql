-- Version 7: the days a housing unit opened and closed (consortium.yaml `opened`, `closed`), so
-- that its place-nights count only the nights it was open.
alter table config_sites add column opened_on date;
alter table config_sites add column closed_on date;
