"""Who sends what and when, decided before any file is rendered: the demo's consortium.yaml, and
every file each partner sends, with the month's incident applied (a fault and the feedback rule
it must raise, a correction sent later, a missing or partial month, a file re-sent unchanged)."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from string import Template
from zoneinfo import ZoneInfo

import yaml

from core.config import Consortium, Partner
from core.periods import month_start
from demo.months import add_months, next_working_day, weekdays_of
from demo.profiles import ORDER, PROFILES, FileSpec, Incident, Profile

# ---------------------------------------------------------------------------------------------
# consortium.yaml

CONSORTIUM_HEAD = Template("""\
# Demo consortium: fictitious partners modelled on real organisations (see ../shared/domain).
id: most-demo
name: Konzorcij Mostovi okrevanja (demo)
language: sl

reporting:
  deadline_day: 10          # a month's file is due on the 10th of the following month
  disclosure_k: 5           # people counts of 1 to 4 are published as "<5"
  suppress_hours: false
  shared_user_codes: false  # each partner keeps its own codes
  schedule:
    cron: "0 6 5 * *"
    timezone: Europe/Ljubljana

grant_periods:
  - id: gp-$first_year-$last_year
    name: Skupnosti MOST $first_year-$last_year
    start: $start
    end: $end
    targets:
      housing_units: 4
      housing_places: 15
      counselling_hours: 1400
      counselling_people_distinct: 80
      trainings: 14
      group_meetings: 150
      people_distinct: 200

partners:
""")
YAML_WORDS = {"no", "yes", "on", "off", "true", "false", "null"}


def scalar(value: object, flow: bool = False) -> str:
    """A yaml scalar as a person would type it, quoted only where yaml would misread it (commas
    and brackets only inside a {flow} mapping)."""
    text = str(value)
    special = ":#&*!|>'\"%@`" + (",{}[]" if flow else "")
    if text.lower() in YAML_WORDS or any(c in text for c in special):
        return '"' + text.replace('"', '\\"') + '"'
    return text


def partner_block(profile: Profile, sfx: str, first: str) -> str:
    """One partner's entry; a copy (sfx `-05`) gets new ids, e-mail and names."""
    spec, tag = profile.partner, f" ({sfx[1:]})" if sfx else ""
    user, domain = spec["email"].split("@")
    lines = [
        f"  - id: {profile.key}{sfx}",
        f"    name: {scalar(spec['name'] + tag)}",
        f"    country: {scalar(spec['country'])}",
        f"    language: {scalar(profile.language)}",
        f"    email: {user}{sfx}@{domain}",
        f"    reports_from: {first}",
        f"    tables: [{', '.join(spec['tables'])}]",
        "    sites:",
    ]
    for site in spec["sites"]:
        named = {**site, "id": site["id"] + sfx, "name": site["name"] + tag}
        lines.append(
            "      - {" + ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in named.items()) + "}"
        )
    return "\n".join(lines) + "\n"


def partner_lineup(partners: int) -> list[tuple[str, str]]:
    """(profile, id suffix) per partner: the four demo partners, then numbered copies of them."""
    return [
        (ORDER[i % len(ORDER)], "" if i < len(ORDER) else f"-{i + 1:02d}") for i in range(partners)
    ]


def consortium_yaml(partners: int, first_period: str) -> str:
    """The workspace's consortium.yaml; with the defaults it is the committed demo file, byte for
    byte, so the demo's configuration has one source."""
    last = add_months(first_period, 23)
    head = CONSORTIUM_HEAD.substitute(
        first_year=first_period[:4], last_year=last[:4], start=first_period, end=last
    )
    blocks = [
        partner_block(PROFILES[key], sfx, add_months(first_period, PROFILES[key].starts_after))
        for key, sfx in partner_lineup(partners)
    ]
    return head + "\n".join(blocks)


# ---------------------------------------------------------------------------------------------
# What the demo promises the pipeline does with its files


@dataclass(frozen=True)
class Fault:
    """A planned fault: the file (relative to inbox/) must be rejected, or accepted with a
    warning when `severity` is "warning", raising exactly `rules` at that severity (one rule,
    unless one wrong cell breaks two)."""

    partner: str
    period: str
    file: str
    reason: str
    rules: tuple[str, ...]
    severity: str = "error"


@dataclass(frozen=True)
class Resubmission:
    """A later file for a month that replaces an earlier one, rejected or accepted."""

    partner: str
    period: str
    file: str
    replaces: str
    reason: str


@dataclass(frozen=True)
class Partial:
    """A month whose files lack one of the partner's tables: what came is accepted, the table is
    outstanding."""

    partner: str
    period: str
    table: str


@dataclass(frozen=True)
class Resent:
    """A file sent again for a later month with the same bytes: it counts for its own month."""

    partner: str
    period: str
    file: str
    same_as: str


@dataclass(frozen=True)
class Delivery:
    """One file as it reached the inbox, and what to render into it."""

    partner: str
    index: int
    period: str
    name: str
    file: str
    received_at: datetime
    content: str = "sheets"  # or empty, header_only, csv_as_xlsx
    complete: bool = True
    fault: Fault | None = None
    replaces: str = ""
    note: str = ""
    same_as: str = ""
    stamp: datetime | None = None

    @property
    def path(self) -> str:
        return f"{self.partner}/{self.name}"

    @property
    def form(self) -> str:
        return "csv" if self.content == "csv_as_xlsx" else self.name.rsplit(".", 1)[1]


# ---------------------------------------------------------------------------------------------
# When files arrive


def sent_at(day: date, profile: Profile, rng: random.Random) -> datetime:
    moment = datetime.combine(day, time(rng.randint(8, 15), rng.randint(0, 59)))
    return moment.replace(tzinfo=ZoneInfo(profile.timezone))


def first_sending(period: str, profile: Profile, deadline: int, rng: random.Random) -> datetime:
    """Most partners send between the 2nd and the day before the deadline; a few are late."""
    late = rng.random() < profile.late_share
    window = range(deadline + 1, deadline + 10) if late else range(2, deadline)
    days = [d for d in weekdays_of(add_months(period, 1)) if d.day in window]
    return sent_at(rng.choice(days), profile, rng)


def later_sending(after: date, days: int, profile: Profile, rng: random.Random) -> datetime:
    return sent_at(next_working_day(after + timedelta(days=days)), profile, rng)


# ---------------------------------------------------------------------------------------------
# A month's files


def file_name(spec: FileSpec | str, profile: Profile, period: str) -> str:
    pattern = spec if isinstance(spec, str) else spec.name
    return pattern.format(**profile.month_words(period))


def fault_of(delivery: Delivery, incident: Incident) -> Fault:
    severity = "warning" if incident.kind == "unknown_service" else "error"
    return Fault(
        delivery.partner,
        delivery.period,
        delivery.path,
        incident.reason,
        incident.rules,
        severity,
    )


def with_incident(
    files: list[Delivery], incident: Incident, profile: Profile, rng: random.Random
) -> list[Delivery]:
    """The month's files once its incident happened."""
    kind = incident.kind
    target = next((d for d in files if d.file == incident.file), None)
    if target is None:
        return files
    others = [d for d in files if d is not target]
    if kind == "partial":
        return others
    if kind in ("overcrowded", "personal_id", "negative_hours", "unknown_service"):
        return [*others, replace(target, fault=fault_of(target, incident))]
    fixed_name = file_name(incident.fixed_as or target.name, profile, target.period)
    if kind == "forgotten_meeting":
        first = replace(target, complete=False)
        fix = replace(
            target,
            name=fixed_name,
            replaces=target.name,
            note=incident.note,
            received_at=later_sending(month_start(add_months(target.period, 1)), 19, profile, rng),
        )
        return [*others, first, fix]
    content = {"csv_as_xlsx": "csv_as_xlsx", "empty_file": "empty", "header_only": "header_only"}
    bad = replace(target, content=content[kind])
    bad = replace(bad, fault=fault_of(bad, incident))
    fixed = replace(
        target,
        name=fixed_name,
        replaces=target.name,
        note=f"the corrected file, after the rejected one ({incident.reason})",
        received_at=later_sending(
            target.received_at.date(), rng.randint(*incident.fixed_after_days), profile, rng
        ),
    )
    return [*others, bad, fixed]


def month_deliveries(
    partner: Partner, profile: Profile, index: int, period: str, deadline: int, rng: random.Random
) -> list[Delivery]:
    """The files a partner sent for one month."""
    incident = profile.incident(index)
    if period < partner.reports_from or (incident and incident.kind == "missing"):
        return []
    sent = first_sending(period, profile, deadline, rng)
    files = [
        Delivery(
            partner.id,
            index,
            period,
            file_name(spec, profile, period),
            spec.key,
            sent + timedelta(minutes=i),
        )
        for i, spec in enumerate(profile.files)
    ]
    if incident:
        files = with_incident(files, incident, profile, rng)
    return sorted(files, key=lambda d: (d.received_at, d.name))


def resend_unchanged(deliveries: list[Delivery], profile: Profile) -> list[Delivery]:
    """The quiet month's file sent again, byte for byte, in each resent month."""
    unchanged = profile.unchanged
    if not unchanged:
        return deliveries
    quiet = next(
        (d for d in deliveries if d.index == unchanged.quiet_month and d.file == unchanged.file),
        None,
    )
    if quiet is None:
        return deliveries
    return [
        replace(d, same_as=quiet.path, stamp=quiet.received_at)
        if d.index in unchanged.resent_months and d.file == unchanged.file
        else d
        for d in deliveries
    ]


@dataclass(frozen=True)
class Plan:
    """The demo decided: its configuration, partners' profiles, months and every file."""

    config: Consortium
    profiles: dict[str, Profile]
    periods: list[str]
    deliveries: list[Delivery]

    def faults(self) -> list[Fault]:
        return [d.fault for d in self.deliveries if d.fault]

    def resubmissions(self) -> list[Resubmission]:
        return [
            Resubmission(d.partner, d.period, d.path, f"{d.partner}/{d.replaces}", d.note)
            for d in self.deliveries
            if d.replaces
        ]

    def resent(self) -> list[Resent]:
        return [
            Resent(d.partner, d.period, d.path, d.same_as) for d in self.deliveries if d.same_as
        ]

    def partials(self) -> list[Partial]:
        found = []
        for partner in self.config.partners:
            profile = self.profiles[partner.id]
            for incident in profile.incidents:
                if incident.kind == "partial" and incident.month < len(self.periods):
                    tables = profile.file(incident.file or "").sheets
                    period = self.periods[incident.month]
                    found += [Partial(partner.id, period, t) for s in tables for t in s.tables]
        return found

    def missing(self) -> list[tuple[str, str]]:
        sent = {(d.partner, d.period) for d in self.deliveries}
        return [
            (p.id, period)
            for p in self.config.partners
            for period in self.periods
            if period >= p.reports_from and (p.id, period) not in sent
        ]


def plan_workspace(
    partners: int = 4, months: int = 22, first_period: str = "2025-01", seed: int = 20251
) -> Plan:
    config = Consortium.model_validate(yaml.safe_load(consortium_yaml(partners, first_period)))
    lineup = partner_lineup(partners)
    profiles = {p.id: PROFILES[key] for p, (key, _) in zip(config.partners, lineup, strict=True)}
    periods = [add_months(first_period, i) for i in range(months)]
    deliveries = []
    for partner in config.partners:
        rng = random.Random(f"{seed}/{partner.id}/post")
        profile = profiles[partner.id]
        sent: list[Delivery] = []
        for index, period in enumerate(periods):
            sent += month_deliveries(
                partner, profile, index, period, config.reporting.deadline_day, rng
            )
        deliveries += resend_unchanged(sent, profile)
    return Plan(config, profiles, periods, deliveries)
