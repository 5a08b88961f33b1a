"""A deterministic demo workspace: the demo consortium and two years of its partners' files.

The pipeline is built against what partners really send, so the files imitate their habits:
each partner writes its own language, in Excel, LibreOffice, old .xls or Windows-1250 CSV, with
title rows, totals rows, numbers typed as text, and a few faulty submissions the pipeline must
reject (FAULTS). Everything follows from one seed and the files are byte-identical between runs,
so the committed demo in data/demo can be rebuilt and compared: `python -m demo`.

With more than four partners the four profiles repeat under new ids, and `scale` multiplies the
people and counselling rows, which makes the same generator a benchmark load.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import io
import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from itertools import cycle
from pathlib import Path
from string import Template
from xml.sax.saxutils import escape
from zipfile import ZIP_DEFLATED, ZIP_STORED, ZipFile, ZipInfo
from zoneinfo import ZoneInfo

import openpyxl
import xlwt
import yaml
from openpyxl.writer.excel import ExcelWriter

from core.config import Consortium, Partner
from core.periods import month_start

DEMO_ROOT = Path(__file__).resolve().parents[1] / "data" / "demo"
LEDGER = "received.csv"
OPEN_ENDED = 10**6

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

PARTNER_BLOCKS = {
    "most-si": Template("""\
  - id: most-si$sfx
    name: Zavod Most, Ljubljana$tag
    country: SI
    language: sl
    email: porocila$sfx@most-demo.example
    reports_from: $first
    tables: [housing, counselling, trainings, people]
    sites:
      - {id: BS-LJ1$sfx, name: Bivanjska skupnost Ljubljana 1$tag, kind: housing, places: 4}
      - {id: BS-LJ2$sfx, name: Bivanjska skupnost Ljubljana 2$tag, kind: housing, places: 3}
      - {id: BS-MB$sfx, name: Bivanjska skupnost Maribor$tag, kind: housing, places: 5}
      - {id: BS-KP$sfx, name: Bivanjska skupnost Koper$tag, kind: housing, places: 3}
      - {id: SV-LJ$sfx, name: Svetovalnica Ljubljana$tag, kind: counselling}
"""),
    "oporavak-ba": Template("""\
  - id: oporavak-ba$sfx
    name: Udruženje Proslavi Oporavak, Sarajevo$tag
    country: BA
    language: bs
    email: izvjestaji$sfx@oporavak-demo.example
    reports_from: $first
    tables: [groups, counselling, people]
    sites:
      - {id: GP-SA$sfx, name: Grupa podrške Sarajevo$tag, kind: group, capacity: 20}
      - {id: SOS-SA$sfx, name: Besplatna linija 0800$tag, kind: helpline}
"""),
    "klub-pl": Template("""\
  - id: klub-pl$sfx
    name: Klub Abstynenta Przystań, Kraków$tag
    country: PL
    language: pl
    email: sprawozdania$sfx@klub-demo.example
    reports_from: $first
    tables: [groups, counselling, people]
    sites:
      - {id: KA-KR$sfx, name: Klub Abstynenta Kraków$tag, kind: group, capacity: 25}
"""),
    "endring-no": Template("""\
  - id: endring-no$sfx
    name: Din Endring ettervern, Sandvika$tag
    country: "NO"
    language: "no"
    email: rapport$sfx@endring-demo.example
    reports_from: $first
    tables: [groups, people]
    sites:
      - {id: EG-SV$sfx, name: Ettervernsgruppe onsdag$tag, kind: group, capacity: 11}
"""),
}


def partner_lineup(partners: int) -> list[tuple[str, str]]:
    """(profile, id suffix) per partner: the four demo partners, then numbered copies of them."""
    keys = list(PARTNER_BLOCKS)
    return [
        (keys[i % len(keys)], "" if i < len(keys) else f"-{i + 1:02d}") for i in range(partners)
    ]


def consortium_yaml(partners: int, first_period: str) -> str:
    """The workspace's consortium.yaml; with the defaults it is the committed demo file, byte for
    byte, so the demo's configuration has one source."""
    last = add_months(first_period, 23)
    head = CONSORTIUM_HEAD.substitute(
        first_year=first_period[:4], last_year=last[:4], start=first_period, end=last
    )
    blocks = [
        PARTNER_BLOCKS[key].substitute(
            sfx=sfx,
            tag=f" ({sfx[1:]})" if sfx else "",
            first=add_months(first_period, PROFILES[key].starts_after),
        )
        for key, sfx in partner_lineup(partners)
    ]
    return head + "\n".join(blocks)


# ---------------------------------------------------------------------------------------------
# Calendar

HOLIDAYS = frozenset({(1, 1), (12, 25)})


def add_months(period: str, months: int) -> str:
    year, month = divmod(int(period[:4]) * 12 + int(period[5:7]) - 1 + months, 12)
    return f"{year:04d}-{month + 1:02d}"


def days_of(period: str) -> list[date]:
    start = month_start(period)
    length = calendar.monthrange(start.year, start.month)[1]
    return [start + timedelta(days=i) for i in range(length)]


def weekdays_of(period: str, weekday: int | None = None) -> list[date]:
    """Working days of the month, or only the given weekday (0 = Monday); nobody works on New
    Year's Day or Christmas."""
    return [
        d
        for d in days_of(period)
        if (d.month, d.day) not in HOLIDAYS
        and (d.weekday() < 5 if weekday is None else d.weekday() == weekday)
    ]


def next_working_day(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


# ---------------------------------------------------------------------------------------------
# The people a partner serves


@dataclass(slots=True)
class Person:
    code: str
    kind: str
    sex: str
    age_band: str
    addiction: str
    first: int
    last: int
    barc_start: int
    barc_gain: float
    unit: str | None = None


AGE_WEIGHTS = {
    "in_recovery": {"18_25": 12, "26_35": 32, "36_50": 38, "51_64": 15, "65_plus": 3},
    "relative": {"under_18": 15, "18_25": 8, "26_35": 15, "36_50": 32, "51_64": 22, "65_plus": 8},
    "other": {"18_25": 20, "26_35": 30, "36_50": 30, "51_64": 20},
}
SEX_WEIGHTS = {
    "in_recovery": {"male": 70, "female": 30},
    "relative": {"female": 70, "male": 30},
    "other": {"female": 50, "male": 50},
}


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class Roster:
    """A partner's stable pool of people: each stays a run of consecutive months, newcomers join
    every month, so people recur across months and distinct counts grow over the grant period."""

    def __init__(self, profile: Profile, scale: float, rng: random.Random) -> None:
        self.profile, self.rng = profile, rng
        self.size = max(1.0, profile.active * scale)
        self.people: list[Person] = []
        self.next_number = rng.randint(1, 40)

    def enrol(self, first: int, last: int, kind: str | None = None) -> Person:
        rng, profile = self.rng, self.profile
        kind = kind or pick(rng, profile.kinds)
        person = Person(
            code=f"{profile.code_prefix}-{self.next_number:0{profile.code_width}d}",
            kind=kind,
            sex=pick(rng, SEX_WEIGHTS[kind]),
            age_band=pick(rng, AGE_WEIGHTS[kind]),
            addiction=pick(rng, profile.addictions),
            first=first,
            last=last,
            barc_start=rng.randint(14, 34),
            barc_gain=rng.uniform(0.3, 1.5),
        )
        self.next_number += 1
        self.people.append(person)
        return person

    def enrol_founders(self) -> None:
        """The people already coming before the first month, each with some months to go."""
        stay = self.profile.stay
        for _ in range(round(self.size)):
            self.enrol(first=-self.rng.randint(0, stay), last=self.rng.randint(0, 2 * stay - 1))

    def enrol_newcomers(self, index: int) -> None:
        stay = self.profile.stay
        for _ in range(round(self.size / stay * self.rng.uniform(0.6, 1.4))):
            self.enrol(first=index, last=index + self.rng.randint(0, 2 * stay - 2))

    def active(self, index: int) -> list[Person]:
        return [p for p in self.people if p.first <= index <= p.last]


# ---------------------------------------------------------------------------------------------
# Housing, place by place, so residents never exceed places nor nights places x days

EXIT_RATE, PLANNED_SHARE, ADMIT_RATE, FIRST_OCCUPANCY = 0.1, 0.65, 0.6, 0.85


@dataclass
class Unit:
    site_id: str
    places: list[Person | None]
    overflow: list[Person] = field(default_factory=list)


def open_units(partner: Partner, roster: Roster) -> list[Unit]:
    units = [Unit(s.id, [None] * (s.places or 0)) for s in partner.sites if s.kind == "housing"]
    for unit in units:
        for place in range(len(unit.places)):
            if roster.rng.random() < FIRST_OCCUPANCY:
                unit.places[place] = move_in(unit, roster, first=-roster.rng.randint(1, 10))
    return units


def move_in(unit: Unit, roster: Roster, first: int) -> Person:
    person = roster.enrol(first=first, last=OPEN_ENDED, kind="in_recovery")
    person.unit = unit.site_id
    return person


def move_out(person: Person, index: int, planned: bool, rng: random.Random) -> None:
    """A planned exit keeps the person in aftercare a few months; an unplanned one ends it."""
    person.unit = None
    person.last = index + rng.randint(1, 4) if planned else index


def place_month(
    unit: Unit, place: int, index: int, days: int, roster: Roster, forced: bool, fill: bool
) -> Counter:
    """Nights, exits and admissions of one place; `forced` turns it over on the 10th and 20th,
    `fill` leaves it occupied at month end."""
    rng, tally, free_from = roster.rng, Counter(), 1
    occupant = unit.places[place]
    if occupant and (forced or rng.random() < EXIT_RATE):
        free_from = 10 if forced else rng.randint(2, days)
        planned = forced or rng.random() < PLANNED_SHARE
        tally["resident_nights"] += free_from - 1
        tally["exits_planned" if planned else "exits_unplanned"] += 1
        move_out(occupant, index, planned, rng)
        unit.places[place] = None
    elif occupant:
        tally["resident_nights"] += days
        return tally
    if forced or fill or rng.random() < ADMIT_RATE:
        day = 20 if forced else rng.randint(free_from, days)
        tally["resident_nights"] += days - day + 1
        tally["admissions"] += 1
        unit.places[place] = move_in(unit, roster, first=index)
    return tally


def housing_month(unit: Unit, index: int, days: int, roster: Roster, overcrowd: bool) -> dict:
    """The unit's month; when overcrowded, one person too many moves in on the last day.

    That month one place turns over mid-month, so nights stay within places x days and the only
    rule broken is residents <= places; the extra person moves on on day 1 of the next month.
    """
    tally = Counter()
    for extra in unit.overflow:
        move_out(extra, index, planned=True, rng=roster.rng)
        tally["exits_planned"] += 1
    unit.overflow = []
    for place in range(len(unit.places)):
        tally += place_month(
            unit, place, index, days, roster, forced=overcrowd and place == 0, fill=overcrowd
        )
    if overcrowd:
        unit.overflow.append(move_in(unit, roster, first=index))
        tally.update(resident_nights=1, admissions=1)
    residents = sum(p is not None for p in unit.places) + len(unit.overflow)
    counted = ("resident_nights", "admissions", "exits_planned", "exits_unplanned")
    return {
        "site_id": unit.site_id,
        "places": len(unit.places),
        "residents": residents,
        **{key: tally[key] for key in counted},
    }


# ---------------------------------------------------------------------------------------------
# Counselling sessions, per person served in the month

Sessions = list[tuple[str, float]]
MOST_HOURS = (0.5, 1.0, 1.0, 1.0, 1.0, 1.5, 1.5, 2.0)


def most_sessions(person: Person, rng: random.Random) -> Sessions:
    """Residents see a counsellor now and then, others come once or twice a month."""
    if person.unit:
        count, kind = (1 if rng.random() < 0.6 else 0), "individual"
    else:
        count, kind = rng.randint(1, 2), "family" if person.kind == "relative" else "individual"
    return [(kind, rng.choice(MOST_HOURS)) for _ in range(count)]


def helpline_sessions(person: Person, rng: random.Random) -> Sessions:
    """Mostly short calls to the free helpline, sometimes a talk in person."""
    calls = [("phone", rng.choice((0.5, 0.5, 1.0))) for _ in range(rng.choice((0, 0, 1, 1, 2)))]
    return calls + ([("individual", rng.choice((1.0, 1.5)))] if rng.random() < 0.2 else [])


def family_sessions(person: Person, rng: random.Random) -> Sessions:
    """The club counsels families above all; members occasionally come alone."""
    hours = (1.0, 1.5, 2.0)
    if person.kind == "relative":
        count = rng.randint(1, 2) if rng.random() < 0.6 else 0
        return [("family", rng.choice(hours)) for _ in range(count)]
    family = [("family", rng.choice(hours))] if rng.random() < 0.2 else []
    return family + ([("individual", 1.0)] if rng.random() < 0.12 else [])


def no_sessions(person: Person, rng: random.Random) -> Sessions:
    return []


def counselling_month(
    active: list[Person], period: str, profile: Profile, rng: random.Random
) -> list[dict]:
    """Sessions on distinct working days per person, so no row looks like a duplicate."""
    workdays = weekdays_of(period)
    sessions = []
    for person in active:
        planned = profile.sessions(person, rng)
        days = rng.sample(workdays, len(planned))
        sessions += [
            {"session_on": day, "user_code": person.code, "session_kind": kind, "hours": hours}
            for day, (kind, hours) in zip(days, planned, strict=True)
        ]
    return sorted(sessions, key=lambda s: (s["session_on"], s["user_code"]))


# ---------------------------------------------------------------------------------------------
# Groups and activities; attendance comes from the people served, so their counts add up


def activity(
    held_on: date,
    kind: str,
    word: str,
    title: str,
    hours: float,
    site: str | None,
    size: tuple[int, int] | None = None,
    participants: int = 0,
) -> dict:
    """One meeting; `size` is the attendance range drawn from the people served, without it
    `participants` (outsiders, as at network meetings) came."""
    return {
        "held_on": held_on,
        "activity_kind": kind,
        "activity_kind_word": word,
        "site_id": site,
        "title": title,
        "participants": participants,
        "hours": hours,
        "size": size,
    }


OPORAVAK_EXTRAS = (
    ("course", "kurs", "Kurs fotografije", 3.0),
    ("social_outing", "izlet i druženje", "Posjeta Zemaljskom muzeju BiH", 3.0),
    ("social_outing", "druženje", "Kuglanje u Skenderiji", 2.5),
    ("social_outing", "izlet", "Izlet na Trebević", 5.0),
    ("course", "radionica", "Radionica: kapital oporavka", 2.0),
)
KLUB_EXTRAS = (
    ("social_outing", "wycieczka", "Wycieczka do Wieliczki – kopalnia soli", 6.0),
    ("social_outing", "wycieczka", "Rowerem wzdłuż Wisły", 4.0),
    ("social_outing", "spotkanie integracyjne", "Ognisko z rodzinami na Błoniach", 3.0),
    ("course", "warsztaty", "Warsztaty: jak radzić sobie ze złością", 3.0),
    ("social_outing", "wyjście", "Wyjście do kina – seans z dyskusją", 3.0),
)
KLUB_FORGOTTEN = (
    "social_outing",
    "spotkanie integracyjne",
    "Wieczór klubowy z rodzinami – Andrzejki",
    3.0,
)


def fortnightly(period: str, index: int) -> list[date]:
    """Every 15 days, counted from the 6th of the first month."""
    start = month_start(period)
    day = month_start(add_months(period, -index)) + timedelta(days=5)
    day += timedelta(days=15 * -(-(start - day).days // 15))
    days = [day + timedelta(days=15 * k) for k in range(3)]
    return [d for d in days if d.month == start.month]


def extra_activity(
    period: str, rng: random.Random, extras: tuple, site: str | None, chance: float
) -> list[dict]:
    """Now and then a Saturday outing or course."""
    if rng.random() >= chance:
        return []
    kind, word, title, hours = rng.choice(extras)
    return [activity(rng.choice(weekdays_of(period, 5)), kind, word, title, hours, site, (6, 14))]


def oporavak_activities(
    period: str, index: int, site: str | None, rng: random.Random
) -> list[dict]:
    """Support group every 15 days, sometimes an outing or a course, and network meetings in
    March and October."""
    meetings = [
        activity(
            d, "support_group", "grupa podrške", "Grupa podrške – oporavak", 2.0, site, (10, 18)
        )
        for d in fortnightly(period, index)
    ]
    meetings += extra_activity(period, rng, OPORAVAK_EXTRAS, site, chance=0.35)
    if month_start(period).month in (3, 10):
        meetings.append(
            activity(
                rng.choice(weekdays_of(period)),
                "network_meeting",
                "sastanak mreže",
                "Sastanak Mreže za oporavak BiH",
                3.0,
                None,
                participants=rng.randint(5, 9),
            )
        )
    return meetings


def klub_activities(period: str, index: int, site: str | None, rng: random.Random) -> list[dict]:
    """The Thursday mityng every week, sometimes an outing on a Saturday."""
    meetings = [
        activity(d, "support_group", "mityng", "Mityng czwartkowy", 2.0, site, (12, 22))
        for d in weekdays_of(period, 3)
    ]
    return meetings + extra_activity(period, rng, KLUB_EXTRAS, site, chance=0.3)


def endring_activities(period: str, index: int, site: str | None, rng: random.Random) -> list[dict]:
    """Wednesdays 17:30-19:00, in person or also on Teams, not between Christmas and New Year."""
    wednesdays = [d for d in weekdays_of(period, 2) if not (d.month == 12 and d.day >= 24)]
    return [
        activity(
            d,
            "support_group",
            "støttegruppe",
            rng.choice(("Fysisk oppmøte", "Fysisk og Teams")),
            1.5,
            site,
            (5, 11),
        )
        for d in wednesdays
    ]


def no_activities(period: str, index: int, site: str | None, rng: random.Random) -> list[dict]:
    return []


def attend(
    meetings: list[dict], active: list[Person], capacity: int, rng: random.Random
) -> Counter:
    """Fill each meeting from the people served, least seen first, never above the group's
    capacity, and count each person's meetings."""
    seen: Counter = Counter()
    for meeting in sorted(meetings, key=lambda m: m["held_on"]):
        if meeting["size"] is None:
            continue
        ranked = sorted(active, key=lambda p: (seen[p.code], rng.random()))
        come = ranked[: min(capacity, rng.randint(*meeting["size"]))]
        meeting["participants"] = len(come)
        seen.update(p.code for p in come)
    return seen


# ---------------------------------------------------------------------------------------------
# Trainings

MOST_TRAININGS = (
    ("Preprečevanje recidiva", "users", 3.0),
    ("Komunikacija v družini", "relatives", 2.0),
    ("Postavljanje meja – delavnica za svojce", "relatives", 3.0),
    ("Motivacijski intervju", "staff", 6.0),
    ("Prva pomoč ob predoziranju", "staff", 4.0),
    ("Finančna pismenost", "users", 1.5),
    ("Veščine iskanja zaposlitve", "users", 3.0),
    ("Zasvojenost in duševno zdravje", "staff", 5.0),
    ("Obvladovanje stresa in sprostitev", "users", 1.5),
    ("Otroci v družinah z zasvojenostjo", "relatives", 2.5),
    ("Supervizija strokovnih delavcev", "staff", 4.0),
)
MOST_WEBINAR = ("Spletno predavanje za javnost: okrevanje je mogoče", "public", 1.5)


def most_trainings(
    period: str, titles: Iterator[tuple[str, str, float]], rng: random.Random
) -> list[dict]:
    """About one a month, none in January, July, August and December; each September a public
    webinar with over a thousand viewers, the one number that needs a thousands separator."""
    month = month_start(period).month
    if month in (1, 7, 8, 12):
        return []
    title, audience, hours = MOST_WEBINAR if month == 9 else next(titles)
    crowd = rng.randint(1000, 1400) if month == 9 else rng.randint(6, 24)
    return [
        {
            "held_on": rng.choice(weekdays_of(period)),
            "title": title,
            "audience": audience,
            "hours": hours,
            "participants": crowd,
        }
    ]


# ---------------------------------------------------------------------------------------------
# Partner profiles: how each kind of partner works and writes


def age_words(under: str, over: str) -> dict[str, str]:
    return {
        "under_18": under,
        "18_25": "18-25",
        "26_35": "26-35",
        "36_50": "36-50",
        "51_64": "51-64",
        "65_plus": over,
    }


@dataclass(frozen=True)
class Profile:
    """One partner's way of working and of filling in its report.

    Month numbers in the *_months sets count from the consortium's first month; the demo's
    faulty and missing months are in INCIDENTS.
    """

    key: str
    language: str
    timezone: str
    code_prefix: str
    code_width: int
    active: int
    stay: int
    kinds: dict[str, float]
    addictions: dict[str, float]
    sessions: Callable[[Person, random.Random], Sessions]
    activities: Callable[[str, int, str | None, random.Random], list[dict]]
    files: tuple[tuple[str, tuple[str, ...]], ...]
    form: str
    sheets: dict[str, str]
    headers: dict[str, tuple[tuple[str, str], ...]]
    words: dict[str, dict[str, str]]
    child_word: str
    date_format: str
    trains: bool = False
    barc_every: int = 0
    starts_after: int = 0
    title: str | None = None
    span_title: bool = False
    period_word: str | None = None
    blank_line: bool = False
    totals: dict[str, tuple[str, str, tuple[str, ...]]] = field(default_factory=dict)
    late_share: float = 0.1
    ods_months: frozenset[int] = frozenset()
    text_months: frozenset[int] = frozenset()
    text_date_months: frozenset[int] = frozenset()
    duration_months: frozenset[int] = frozenset()


PROFILES = {
    "most-si": Profile(
        key="most-si",
        language="sl",
        timezone="Europe/Ljubljana",
        code_prefix="LJ",
        code_width=4,
        active=22,
        stay=10,
        kinds={"in_recovery": 62, "relative": 30, "other": 8},
        addictions={"alcohol": 50, "drugs": 35, "gambling": 8, "other": 7},
        sessions=most_sessions,
        activities=no_activities,
        files=(("porocilo_{period}.{ext}", ("housing", "counselling", "trainings", "people")),),
        form="xlsx",
        sheets={
            "housing": "Bivanje",
            "counselling": "Svetovanje",
            "trainings": "Izobraževanja",
            "people": "Uporabniki",
        },
        headers={
            "housing": (
                ("site_id", "Bivanjska skupnost"),
                ("places", "Mesta"),
                ("residents", "Stanovalci ob koncu meseca"),
                ("resident_nights", "Nočitve"),
                ("admissions", "Sprejemi"),
                ("exits_planned", "Načrtovani odhodi"),
                ("exits_unplanned", "Nenačrtovani odhodi"),
            ),
            "counselling": (
                ("session_on", "Datum"),
                ("user_code", "Šifra uporabnika"),
                ("session_kind", "Vrsta svetovanja"),
                ("hours", "Ure"),
            ),
            "trainings": (
                ("held_on", "Datum"),
                ("title", "Naslov"),
                ("audience", "Ciljna skupina"),
                ("hours", "Število ur"),
                ("participants", "Število udeležencev"),
            ),
            "people": (
                ("user_code", "Šifra uporabnika"),
                ("user_kind", "Vrsta uporabnika"),
                ("sex", "Spol"),
                ("age_band", "Starostna skupina"),
                ("main_addiction", "Glavna zasvojenost"),
                ("housing_unit", "Nastanitev"),
                ("barc10", "BARC-10"),
            ),
        },
        words={
            "session_kind": {"individual": "individualno", "family": "družinsko"},
            "audience": {
                "users": "uporabniki",
                "relatives": "svojci",
                "staff": "strokovni delavci",
                "public": "javnost",
            },
            "user_kind": {
                "in_recovery": "oseba v okrevanju",
                "relative": "svojec",
                "other": "drugo",
            },
            "sex": {"female": "Ž", "male": "M"},
            "age_band": age_words("pod 18", "65 in več"),
            "main_addiction": {
                "alcohol": "alkohol",
                "drugs": "droge",
                "gambling": "igre na srečo",
                "other": "drugo",
            },
        },
        child_word="otrok",
        date_format="d. m. yyyy",
        trains=True,
        barc_every=3,
        title="Mesečno poročilo – Zavod Most",
        span_title=True,
        period_word="Mesec:",
        blank_line=True,
        totals={
            "housing": (
                "site_id",
                "Skupaj",
                (
                    "places",
                    "residents",
                    "resident_nights",
                    "admissions",
                    "exits_planned",
                    "exits_unplanned",
                ),
            )
        },
        ods_months=frozenset({2, 9, 16, 19}),
        text_months=frozenset({8, 13}),
        duration_months=frozenset({3, 10, 17, 20}),
    ),
    "oporavak-ba": Profile(
        key="oporavak-ba",
        language="bs",
        timezone="Europe/Sarajevo",
        code_prefix="SA",
        code_width=3,
        active=26,
        stay=8,
        kinds={"in_recovery": 65, "relative": 28, "other": 7},
        addictions={"alcohol": 35, "drugs": 43, "gambling": 17, "other": 5},
        sessions=helpline_sessions,
        activities=oporavak_activities,
        files=(("izvjestaj_{period_}.xls", ("groups", "counselling", "people")),),
        form="xls",
        sheets={"groups": "Grupe", "counselling": "Savjetovanje", "people": "Korisnici"},
        headers={
            "groups": (
                ("held_on", "Datum"),
                ("activity_kind", "Vrsta aktivnosti"),
                ("site_id", "Grupa"),
                ("title", "Naziv"),
                ("participants", "Broj učesnika"),
                ("hours", "Trajanje"),
            ),
            "counselling": (
                ("session_on", "Datum"),
                ("user_code", "Šifra korisnika"),
                ("session_kind", "Vrsta savjetovanja"),
                ("hours", "Sati"),
            ),
            "people": (
                ("user_code", "Šifra korisnika"),
                ("user_kind", "Vrsta korisnika"),
                ("sex", "Spol"),
                ("age_band", "Starosna grupa"),
                ("main_addiction", "Ovisnost"),
                ("group_meetings", "Dolasci na grupe"),
            ),
        },
        words={
            "session_kind": {
                "individual": "individualno",
                "phone": "telefonsko",
                "family": "porodično",
            },
            "user_kind": {
                "in_recovery": "korisnik",
                "relative": "član porodice",
                "other": "ostalo",
            },
            "sex": {"female": "ženski", "male": "muški"},
            "age_band": age_words("ispod 18", "65 i više"),
            "main_addiction": {
                "alcohol": "alkohol",
                "drugs": "droge",
                "gambling": "kockanje",
                "other": "ostalo",
            },
        },
        child_word="dijete",
        date_format="dd.mm.yyyy.",
        period_word="Mjesec:",
        blank_line=True,
        totals={"groups": ("held_on", "Ukupno", ("participants", "hours"))},
        text_date_months=frozenset(range(1, 1200, 3)),
    ),
    "klub-pl": Profile(
        key="klub-pl",
        language="pl",
        timezone="Europe/Warsaw",
        code_prefix="KA",
        code_width=3,
        active=34,
        stay=10,
        kinds={"in_recovery": 58, "relative": 37, "other": 5},
        addictions={"alcohol": 80, "drugs": 10, "gambling": 7, "other": 3},
        sessions=family_sessions,
        activities=klub_activities,
        files=(
            ("grupy_{period}.csv", ("groups",)),
            ("porady_{period}.csv", ("counselling",)),
            ("uczestnicy_{period}.csv", ("people",)),
        ),
        form="csv",
        sheets={"groups": "grupy", "counselling": "porady", "people": "uczestnicy"},
        headers={
            "groups": (
                ("held_on", "Data"),
                ("activity_kind", "Rodzaj zajęć"),
                ("site_id", "Miejsce"),
                ("title", "Opis"),
                ("participants", "Liczba uczestników"),
                ("hours", "Czas trwania"),
            ),
            "counselling": (
                ("session_on", "Data"),
                ("user_code", "Kod uczestnika"),
                ("session_kind", "Rodzaj porady"),
                ("hours", "Godziny"),
            ),
            "people": (
                ("user_code", "Kod uczestnika"),
                ("user_kind", "Kategoria"),
                ("sex", "Płeć"),
                ("age_band", "Grupa wiekowa"),
                ("main_addiction", "Główne uzależnienie"),
                ("group_meetings", "Obecność na grupach"),
            ),
        },
        words={
            "session_kind": {"individual": "indywidualna", "family": "rodzinna"},
            "user_kind": {
                "in_recovery": "osoba uzależniona",
                "relative": "członek rodziny",
                "other": "inne",
            },
            "sex": {"female": "Kobieta", "male": "Mężczyzna"},
            "age_band": age_words("poniżej 18", "65 i więcej"),
            "main_addiction": {
                "alcohol": "alkohol",
                "drugs": "narkotyki",
                "gambling": "hazard",
                "other": "inne",
            },
        },
        child_word="dziecko",
        date_format="dd.mm.yyyy",
    ),
    "endring-no": Profile(
        key="endring-no",
        language="no",
        timezone="Europe/Oslo",
        code_prefix="DE",
        code_width=2,
        active=13,
        stay=7,
        kinds={"in_recovery": 88, "relative": 10, "other": 2},
        addictions={"alcohol": 45, "drugs": 40, "gambling": 10, "other": 5},
        sessions=no_sessions,
        activities=endring_activities,
        files=(("ettervern_{period}.ods", ("groups", "people")),),
        form="ods",
        sheets={"groups": "Grupper", "people": "Deltakere"},
        headers={
            "groups": (
                ("held_on", "Dato"),
                ("activity_kind", "Type aktivitet"),
                ("site_id", "Gruppe"),
                ("title", "Merknad"),
                ("participants", "Antall deltakere"),
                ("hours", "Varighet"),
            ),
            "people": (
                ("user_code", "Deltakerkode"),
                ("user_kind", "Kategori"),
                ("sex", "Kjønn"),
                ("age_band", "Aldersgruppe"),
                ("main_addiction", "Hovedavhengighet"),
                ("group_meetings", "Oppmøte i gruppe"),
                ("barc10", "BARC-10"),
            ),
        },
        words={
            "user_kind": {
                "in_recovery": "person i bedring",
                "relative": "pårørende",
                "other": "annet",
            },
            "sex": {"female": "Kvinne", "male": "Mann"},
            "age_band": age_words("under 18", "65 og over"),
            "main_addiction": {
                "alcohol": "alkohol",
                "drugs": "rusmidler",
                "gambling": "pengespill",
                "other": "annet",
            },
        },
        child_word="barn",
        date_format="dd.mm.yyyy",
        barc_every=2,
        starts_after=3,
        title="Månedsrapport – Din Endring ettervern",
        period_word="Måned:",
        late_share=0.05,
    ),
}

CODE_COLUMNS = frozenset(
    {"session_kind", "audience", "activity_kind", "user_kind", "sex", "age_band", "main_addiction"}
)


# ---------------------------------------------------------------------------------------------
# Incidents: the demo's faulty, missing and corrected submissions, by profile and month number

INCIDENTS = {
    ("most-si", 5): "overcrowded",
    ("endring-no", 6): "missing",
    ("oporavak-ba", 7): "personal_id",
    ("klub-pl", 10): "forgotten_meeting",
    ("endring-no", 11): "no_people_sheet",
    ("klub-pl", 13): "negative_hours",
    ("most-si", 14): "csv_as_xlsx",
}
FAULT_REASONS = {
    "overcrowded": "housing unit {unit} has more residents at month end than places",
    "personal_id": "a 13-digit personal identity number (valid JMBG check digit) as a user code"
    " in Korisnici",
    "negative_hours": "a counselling session with a negative number of hours",
    "no_people_sheet": "the workbook lacks the Deltakere sheet (people); only Grupper is there",
    "csv_as_xlsx": "a CSV text file named .xlsx: the content does not match the extension",
}
FAULT_TABLES = {"overcrowded": "housing", "personal_id": "people", "negative_hours": "counselling"}


@dataclass(frozen=True)
class Fault:
    """A submission the pipeline must reject; `file` is relative to inbox/."""

    partner: str
    period: str
    file: str
    reason: str


@dataclass(frozen=True)
class Resubmission:
    """A later file for a month that replaces an earlier one, rejected or accepted."""

    partner: str
    period: str
    file: str
    replaces: str
    reason: str


@dataclass(frozen=True)
class Delivery:
    """One file as it reached the inbox, and what to render into it."""

    partner: str
    index: int
    period: str
    name: str
    form: str
    tables: tuple[str, ...]
    received_at: datetime
    complete: bool = True
    fault: str = ""
    replaces: str = ""
    note: str = ""

    @property
    def path(self) -> str:
        return f"{self.partner}/{self.name}"


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


def with_word(name: str, word: str) -> str:
    stem, ext = name.rsplit(".", 1)
    return f"{stem}_{word}.{ext}"


def month_deliveries(
    partner: Partner, profile: Profile, index: int, period: str, deadline: int, rng: random.Random
) -> list[Delivery]:
    """The files a partner sent for one month, with the month's incident applied."""
    incident = INCIDENTS.get((profile.key, index))
    if period < partner.reports_from or incident == "missing":
        return []
    sent = first_sending(period, profile, deadline, rng)
    form = "ods" if index in profile.ods_months else profile.form
    files = [
        Delivery(
            partner.id,
            index,
            period,
            pattern.format(period=period, period_=period.replace("-", "_"), ext=form),
            form,
            tables,
            sent + timedelta(minutes=i),
        )
        for i, (pattern, tables) in enumerate(profile.files)
    ]
    if incident == "csv_as_xlsx":
        bad = replace(
            files[0], form="csv_as_xlsx", tables=files[0].tables[:1], fault=FAULT_REASONS[incident]
        )
        fixed = replace(
            files[0],
            name=with_word(bad.name, "popravek"),
            replaces=bad.name,
            note="the corrected workbook, after the rejected one",
            received_at=later_sending(sent.date(), rng.randint(4, 7), profile, rng),
        )
        return [bad, fixed]
    if incident == "forgotten_meeting":
        first = replace(files[0], complete=False)
        fix = replace(
            files[0],
            name=with_word(first.name, "korekta"),
            replaces=first.name,
            note="the accepted month again, with one meeting that had been forgotten",
            received_at=later_sending(month_start(add_months(period, 1)), 19, profile, rng),
        )
        return [first, *files[1:], fix]
    if incident == "no_people_sheet":
        return [
            replace(
                f, tables=tuple(t for t in f.tables if t != "people"), fault=FAULT_REASONS[incident]
            )
            for f in files
        ]
    if incident in FAULT_TABLES:
        reason = FAULT_REASONS[incident].format(unit=overcrowded_unit(partner))
        return [
            replace(f, fault=reason) if FAULT_TABLES[incident] in f.tables else f for f in files
        ]
    return files


def overcrowded_unit(partner: Partner) -> str:
    """The second housing unit (BS-LJ2, 3 places) is the one that takes in a person too many."""
    housing = [s.id for s in partner.sites if s.kind == "housing"]
    return housing[1] if len(housing) > 1 else (housing or [""])[0]


@dataclass(frozen=True)
class Plan:
    """Who sends what and when, decided before any file is rendered."""

    config: Consortium
    profiles: dict[str, Profile]
    periods: list[str]
    deliveries: list[Delivery]

    def faults(self) -> list[Fault]:
        return [Fault(d.partner, d.period, d.path, d.fault) for d in self.deliveries if d.fault]

    def resubmissions(self) -> list[Resubmission]:
        return [
            Resubmission(d.partner, d.period, d.path, f"{d.partner}/{d.replaces}", d.note)
            for d in self.deliveries
            if d.replaces
        ]

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
        for index, period in enumerate(periods):
            deliveries += month_deliveries(
                partner, profiles[partner.id], index, period, config.reporting.deadline_day, rng
            )
    return Plan(config, profiles, periods, deliveries)


# ---------------------------------------------------------------------------------------------
# A partner's months, simulated in order


def emso_check_digit(first12: str) -> int | None:
    """The check digit of a Slovene EMŠO or a Bosnian JMBG; None when none makes it valid."""
    weights = (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    remainder = 11 - sum(int(d) * w for d, w in zip(first12, weights, strict=True)) % 11
    return 0 if remainder == 11 else None if remainder == 10 else remainder


def personal_id(person: Person, period: str, rng: random.Random) -> str:
    """A plausible JMBG for the person: birth date, Sarajevo region 17, serial by sex and a valid
    check digit, so only a real check can tell it from a typo."""
    ages = {"under_18": (10, 17), "65_plus": (65, 80)}
    low, high = ages.get(person.age_band) or map(int, person.age_band.split("_"))
    born = date(int(period[:4]) - rng.randint(low, high), rng.randint(1, 12), rng.randint(10, 28))
    while True:
        serial = rng.randint(0, 499) + (500 if person.sex == "female" else 0)
        first12 = f"{born:%d%m}{born.year % 1000:03d}17{serial:03d}"
        check = emso_check_digit(first12)
        if check is not None:
            return f"{first12}{check}"


def barc10(person: Person, index: int, every: int, rng: random.Random) -> int | None:
    """Assessed on joining and every few months after; scores tend to rise with time."""
    months_in = index - person.first
    if not every or person.kind != "in_recovery" or months_in % every:
        return None
    score = person.barc_start + person.barc_gain * months_in + rng.uniform(-3, 3)
    return max(10, min(60, round(score)))


def people_month(
    active: list[Person], seen: Counter, index: int, profile: Profile, rng: random.Random
) -> list[dict]:
    """One row per person served; children under 18 are written with the partner's word."""
    return [
        {
            "user_code": p.code,
            "user_kind": p.kind,
            "sex": p.sex,
            "age_band": p.age_band,
            "main_addiction": p.addiction,
            "housing_unit": p.unit,
            "group_meetings": seen[p.code],
            "barc10": barc10(p, index, profile.barc_every, rng),
            **({"user_kind_word": profile.child_word} if p.age_band == "under_18" else {}),
        }
        for p in sorted(active, key=lambda p: p.code)
    ]


def disclose_personal_id(
    people: list[dict], counselling: list[dict], period: str, roster: Roster, rng: random.Random
) -> None:
    """Someone typed a person's JMBG instead of the code, for a person without sessions so the
    personal number is the only rule broken."""
    counselled = {s["user_code"] for s in counselling}
    row = rng.choice([r for r in people if r["user_code"] not in counselled] or people)
    person = next(p for p in roster.people if p.code == row["user_code"])
    row["user_code"] = personal_id(person, period, rng)


def month_groups(
    profile: Profile,
    period: str,
    index: int,
    site: str | None,
    incident: str | None,
    rng: random.Random,
) -> list[dict]:
    if incident == "missing":
        return []
    groups = profile.activities(period, index, site, rng)
    if incident == "forgotten_meeting":
        kind, word, title, hours = KLUB_FORGOTTEN
        saturday = weekdays_of(period, 5)[-1]
        groups.append(
            {**activity(saturday, kind, word, title, hours, site, (10, 16)), "forgotten": True}
        )
    return sorted(groups, key=lambda g: g["held_on"])


def simulate(
    partner: Partner, profile: Profile, periods: list[str], scale: float, seed: int
) -> Iterator[dict[str, list[dict]]]:
    """Each month's records in canonical columns and codes, from the partner's own random
    stream, so adding partners or months leaves the others' files unchanged."""
    rng = random.Random(f"{seed}/{partner.id}/data")
    roster = Roster(profile, scale, rng)
    roster.enrol_founders()
    units = open_units(partner, roster)
    group = next((s for s in partner.sites if s.kind == "group"), None)
    titles = cycle(rng.sample(MOST_TRAININGS, len(MOST_TRAININGS)))
    for index, period in enumerate(periods):
        incident = INCIDENTS.get((profile.key, index))
        roster.enrol_newcomers(index)
        days = len(days_of(period))
        housing = [
            housing_month(
                u,
                index,
                days,
                roster,
                overcrowd=incident == "overcrowded" and u.site_id == overcrowded_unit(partner),
            )
            for u in units
        ]
        active = roster.active(index)
        counselling = counselling_month(active, period, profile, rng)
        groups = month_groups(profile, period, index, group and group.id, incident, rng)
        seen = attend(groups, active, (group and group.capacity) or len(active), rng)
        people = people_month(active, seen, index, profile, rng)
        if incident == "personal_id" and people:
            disclose_personal_id(people, counselling, period, roster, rng)
        if incident == "negative_hours" and counselling:
            rng.choice(counselling)["hours"] *= -1
        trainings = most_trainings(period, titles, rng) if profile.trains else []
        yield {
            "housing": housing,
            "counselling": counselling,
            "groups": groups,
            "trainings": trainings,
            "people": people,
        }


# ---------------------------------------------------------------------------------------------
# Rendering records into the partner's sheets, with the month's habits


@dataclass(frozen=True)
class Style:
    """How the month's numbers and dates were typed."""

    language: str
    text_numbers: bool = False
    text_dates: bool = False
    durations: bool = False
    thousands: str = ""


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list]
    span: int = 0


def style_of(profile: Profile, delivery: Delivery) -> Style:
    if delivery.form in ("csv", "csv_as_xlsx"):
        return Style(profile.language, text_numbers=True, text_dates=True)
    index = delivery.index
    return Style(
        profile.language,
        text_numbers=index in profile.text_months,
        text_dates=index in profile.text_months | profile.text_date_months,
        durations=index in profile.duration_months,
        thousands=".",
    )


def date_text(day: date, language: str) -> str:
    """16. 10. 2025 in Slovene, 16.10.2025. in Bosnian, 16.10.2025 in Polish and Norwegian."""
    if language == "sl":
        return f"{day.day}. {day.month}. {day.year}"
    return f"{day:%d.%m.%Y}" + ("." if language == "bs" else "")


def number_text(value: float, thousands: str = "") -> str:
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", thousands)
    return f"{value:.2f}".rstrip("0").replace(".", ",")


def duration_text(hours: float) -> str:
    return f"{int(hours)}:{round(hours % 1 * 60):02d}"


def cell(record: dict, column: str, profile: Profile, style: Style) -> object:
    value = record.get(column)
    if value is None:
        return None
    if column in CODE_COLUMNS:
        return record.get(f"{column}_word") or profile.words[column][value]
    if isinstance(value, date):
        return date_text(value, style.language) if style.text_dates else value
    if column == "hours" and style.durations and value % 1:
        return duration_text(value)
    if isinstance(value, (int, float)) and style.text_numbers:
        return number_text(value, style.thousands)
    return value


def totals(profile: Profile, table: str, records: list[dict]) -> list[dict]:
    if table not in profile.totals:
        return []
    label_column, label, summed = profile.totals[table]
    return [{label_column: label, **{c: sum(r[c] for r in records) for c in summed}}]


def preamble(profile: Profile, period: str) -> list[list]:
    rows = [[profile.title]] if profile.title else []
    rows += [[profile.period_word, period]] if profile.period_word else []
    return rows + ([[]] if profile.blank_line else [])


def sheet_of(profile: Profile, table: str, records: list[dict], style: Style, period: str) -> Sheet:
    columns = profile.headers[table]
    body = [
        [cell(r, c, profile, style) for c, _ in columns]
        for r in records + totals(profile, table, records)
    ]
    rows = [*preamble(profile, period), [w for _, w in columns], *body]
    return Sheet(profile.sheets[table], rows, span=len(columns) if profile.span_title else 0)


def render(delivery: Delivery, month: dict[str, list[dict]], profile: Profile) -> bytes:
    style = style_of(profile, delivery)
    sheets = [
        sheet_of(
            profile,
            table,
            [r for r in month[table] if delivery.complete or not r.get("forgotten")],
            style,
            delivery.period,
        )
        for table in delivery.tables
    ]
    stamp = delivery.received_at.replace(tzinfo=None) - timedelta(minutes=17)
    if delivery.form == "xlsx":
        return xlsx_bytes(sheets, profile.date_format, stamp)
    if delivery.form == "ods":
        return ods_bytes(sheets, style, stamp)
    if delivery.form == "xls":
        return xls_bytes(sheets, profile.date_format)
    return csv_bytes(sheets[0])


# ---------------------------------------------------------------------------------------------
# Writers; each gives the same bytes for the same sheets


def zip_bytes(
    entries: list[tuple[str, bytes]], stamp: datetime, stored: frozenset[str] = frozenset()
) -> bytes:
    """A zip dated by the file's own time, not the clock's, so runs are byte-identical."""
    buffer = io.BytesIO()
    with ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = ZipInfo(name, date_time=stamp.timetuple()[:6])
            info.compress_type = ZIP_STORED if name in stored else ZIP_DEFLATED
            info.create_system, info.external_attr = 0, 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def xlsx_bytes(sheets: list[Sheet], date_format: str, stamp: datetime) -> bytes:
    """Written by openpyxl, then re-zipped: openpyxl dates the zip entries by the clock, and its
    save() overwrites the modification time, hence ExcelWriter directly."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(sheet.name)
        for row in sheet.rows:
            ws.append(row)
        if sheet.span > 1:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=sheet.span)
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, date):
                    c.number_format = date_format
    book.properties.created = book.properties.modified = stamp
    buffer = io.BytesIO()
    ExcelWriter(book, ZipFile(buffer, "w", ZIP_DEFLATED)).save()
    with ZipFile(buffer) as written:
        return zip_bytes([(i.filename, written.read(i)) for i in written.infolist()], stamp)


def xls_bytes(sheets: list[Sheet], date_format: str) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    dated = xlwt.easyxf(num_format_str=date_format)
    for sheet in sheets:
        ws = book.add_sheet(sheet.name)
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                if isinstance(value, date):
                    ws.write(r, c, value, dated)
                elif value is not None:
                    ws.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(sheet: Sheet) -> bytes:
    """Excel's 'CSV (separator ;)' on a Windows-1250 machine: rows padded to the used width."""
    width = max(len(row) for row in sheet.rows)
    rows = [["" if v is None else v for v in row] + [""] * (width - len(row)) for row in sheet.rows]
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("cp1250")


ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"'
)
ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"
ODS_MANIFEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" \
manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" \
manifest:media-type="{ODS_MIME}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
ODS_STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {ODS_NS} office:version="1.2"><office:styles/></office:document-styles>
"""
ODS_DATE_STYLE = (
    '<number:date-style style:name="N1"><number:day number:style="long"/>'
    '<number:text>.</number:text><number:month number:style="long"/>'
    '<number:text>.</number:text><number:year number:style="long"/>'
    '</number:date-style><style:style style:name="ce1" style:family="table-cell" '
    'style:data-style-name="N1"/>'
)


def ods_cell(value: object, style: Style) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, date):
        return (
            f'<table:table-cell table:style-name="ce1" office:value-type="date" '
            f'office:date-value="{value.isoformat()}">'
            f"<text:p>{date_text(value, style.language)}</text:p></table:table-cell>"
        )
    if isinstance(value, (int, float)):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{number_text(value)}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p>'
        "</table:table-cell>"
    )


def ods_table(sheet: Sheet, style: Style) -> str:
    rows = []
    for r, row in enumerate(sheet.rows):
        cells = [ods_cell(v, style) for v in row] or ["<table:table-cell/>"]
        if r == 0 and sheet.span > 1:
            spanned = (
                f'<table:table-cell table:number-columns-spanned="{sheet.span}" '
                'table:number-rows-spanned="1" '
            )
            cells[0] = cells[0].replace("<table:table-cell ", spanned, 1)
            cells.append(
                f'<table:covered-table-cell table:number-columns-repeated="{sheet.span - 1}"/>'
            )
        rows.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    return f'<table:table table:name="{escape(sheet.name)}">{"".join(rows)}</table:table>'


def ods_bytes(sheets: list[Sheet], style: Style, stamp: datetime) -> bytes:
    """A minimal OpenDocument spreadsheet written directly: pandas' odf writer is slow and its
    output is not reproducible."""
    tables = "".join(ods_table(s, style) for s in sheets)
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ODS_NS} '
        f'office:version="1.2"><office:automatic-styles>{ODS_DATE_STYLE}'
        f"</office:automatic-styles><office:body><office:spreadsheet>{tables}"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    entries = [
        ("mimetype", ODS_MIME.encode()),
        ("META-INF/manifest.xml", ODS_MANIFEST.encode()),
        ("styles.xml", ODS_STYLES.encode()),
        ("content.xml", content.encode()),
    ]
    return zip_bytes(entries, stamp, stored=frozenset({"mimetype"}))


# ---------------------------------------------------------------------------------------------
# The workspace


def received_csv(deliveries: list[Delivery]) -> bytes:
    """When each file arrived, since git keeps no modification times."""
    arrived = sorted(deliveries, key=lambda d: (d.received_at, d.path))
    lines = ["file,received_at"] + [f"{d.path},{d.received_at.isoformat()}" for d in arrived]
    return ("\n".join(lines) + "\n").encode()


def refuse_foreign_files(inbox: Path, planned: set[Path]) -> None:
    """A file left from another run or put there by hand would silently join the demo."""
    if not inbox.is_dir():
        return
    foreign = sorted(p for p in inbox.rglob("*") if p.is_file() and p not in planned)
    if foreign:
        listed = "\n  ".join(str(p) for p in foreign[:10])
        raise FileExistsError(
            f"{inbox} holds files this generator would not write; remove them first:\n  {listed}"
        )


def write_file(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write_workspace(
    root: Path,
    *,
    partners: int = 4,
    months: int = 22,
    first_period: str = "2025-01",
    scale: float = 1.0,
    seed: int = 20251,
) -> list[Path]:
    """Write root/consortium.yaml, the partners' files under root/inbox and inbox/received.csv,
    and return the paths written; refuses an inbox holding files it would not write itself."""
    plan = plan_workspace(partners, months, first_period, seed)
    root, inbox = Path(root), Path(root) / "inbox"
    refuse_foreign_files(inbox, {inbox / d.path for d in plan.deliveries} | {inbox / LEDGER})
    config_text = consortium_yaml(partners, first_period)
    written = [write_file(root / "consortium.yaml", config_text.encode())]
    for partner in plan.config.partners:
        profile = plan.profiles[partner.id]
        due = [d for d in plan.deliveries if d.partner == partner.id]
        for index, month in enumerate(simulate(partner, profile, plan.periods, scale, seed)):
            written += [
                write_file(inbox / d.path, render(d, month, profile))
                for d in due
                if d.index == index
            ]
    written.append(write_file(inbox / LEDGER, received_csv(plan.deliveries)))
    return written


_DEMO = plan_workspace()
FAULTS: tuple[Fault, ...] = tuple(_DEMO.faults())
RESUBMISSIONS: tuple[Resubmission, ...] = tuple(_DEMO.resubmissions())
MISSING: tuple[tuple[str, str], ...] = tuple(_DEMO.missing())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m demo", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=DEMO_ROOT, help="workspace folder (default: data/demo)"
    )
    parser.add_argument(
        "--partners",
        type=int,
        default=4,
        help="4 is the demo; more repeat its partners under new ids",
    )
    parser.add_argument("--months", type=int, default=22)
    parser.add_argument("--first-period", default="2025-01")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiplies the people and counselling rows"
    )
    parser.add_argument("--seed", type=int, default=20251)
    args = parser.parse_args(argv)
    try:
        files = write_workspace(
            args.out,
            partners=args.partners,
            months=args.months,
            first_period=args.first_period,
            scale=args.scale,
            seed=args.seed,
        )
    except FileExistsError as exc:
        raise SystemExit(str(exc)) from None
    size = sum(p.stat().st_size for p in files)
    print(f"wrote {len(files)} files, {size / 1e6:.2f} MB, under {args.out}")


if __name__ == "__main__":
    main()
