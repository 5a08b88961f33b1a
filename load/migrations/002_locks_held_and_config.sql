-- Version 2: approved (locked) periods, submissions held while their period is locked, and the
-- consortium.yaml facts the marts need (partners, sites, deadlines, targets).

-- `status` is what the register says now (held until the lock is lifted); `validation_status`
-- is what validation said, restored when a held submission is released.
alter table submissions add column validation_status varchar;
update submissions set validation_status = status;
alter table submissions add column released_at timestamptz;

create table locks (
    period varchar not null,                -- YYYY-MM
    locked_at timestamptz not null,
    locked_by varchar,
    unlocked_at timestamptz,                -- null while the lock holds
    unlocked_by varchar
);

create table config_partners (
    partner_id varchar primary key,
    partner_name varchar not null,
    country varchar not null,
    reports_from varchar not null,
    reports_until varchar,
    tables varchar[] not null
);

create table config_sites (
    partner_id varchar not null,
    site_id varchar not null,
    site_name varchar not null,
    site_kind varchar not null,
    places integer,
    capacity integer
);

create table config_reporting (
    deadline_day integer not null,
    timezone varchar not null,
    shared_user_codes boolean not null
);

create table config_grant_periods (
    grant_period_id varchar primary key,
    grant_period_name varchar not null,
    first_period varchar not null,
    last_period varchar not null
);

create table config_targets (
    grant_period_id varchar not null,
    indicator_id varchar not null,
    target double not null
);
