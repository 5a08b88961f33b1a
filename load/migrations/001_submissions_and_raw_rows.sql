-- Version 1: the submissions register and the rows of accepted submissions.
create table if not exists schema_version (
    version integer not null, applied_at timestamptz not null
);

create table if not exists submissions (
    submission_id varchar primary key,      -- SHA-256 of the file's bytes
    partner_id varchar,
    period varchar,                         -- YYYY-MM
    name_as_received varchar not null,      -- text only, never used as a path
    size_bytes bigint not null,
    file_format varchar,
    received_at timestamptz not null,
    registered_at timestamptz not null,
    status varchar not null,                -- accepted, accepted_with_warnings, rejected
    tables varchar[] not null,
    reasons json not null
);

create table if not exists problems (
    submission_id varchar not null,
    severity varchar not null,
    rule varchar not null,
    sheet varchar,
    sheet_row integer,
    column_name varchar,
    params json
);

create table if not exists raw_housing (
    submission_id varchar not null, sheet varchar not null, sheet_row integer not null,
    site_id varchar, places integer, residents integer, resident_nights integer,
    admissions integer, exits_planned integer, exits_unplanned integer
);

create table if not exists raw_counselling (
    submission_id varchar not null, sheet varchar not null, sheet_row integer not null,
    session_on date, user_key varchar, session_kind varchar, hours double
);

create table if not exists raw_trainings (
    submission_id varchar not null, sheet varchar not null, sheet_row integer not null,
    held_on date, title varchar, audience varchar, hours double, participants integer
);

create table if not exists raw_groups (
    submission_id varchar not null, sheet varchar not null, sheet_row integer not null,
    held_on date, activity_kind varchar, site_id varchar, title varchar,
    participants integer, hours double
);

create table if not exists raw_people (
    submission_id varchar not null, sheet varchar not null, sheet_row integer not null,
    user_key varchar, user_kind varchar, sex varchar, age_band varchar, main_addiction varchar,
    housing_unit varchar, group_meetings integer, barc10 integer
);
