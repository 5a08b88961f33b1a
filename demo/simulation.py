"""A partner's months, simulated in order: the people it serves, their housing, counselling,
groups and trainings, as records in canonical columns and codes, with the wording each row is
written in chosen from the partner's profile. Rendering them into files is layouts.py's job."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import cycle

from core.config import Partner
from core.periods import month_start
from demo.months import add_months, days_of, weekdays_of
from demo.profiles import Incident, Profile

OPEN_ENDED = 10**6
CODE_COLUMNS = (
    "session_kind",
    "audience",
    "activity_kind",
    "user_kind",
    "sex",
    "age_band",
    "main_addiction",
)

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
        self.spec, self.rng = profile.people, rng
        self.size = max(1.0, self.spec.active * scale)
        self.people: list[Person] = []
        self.next_number = rng.randint(1, 40)

    def enrol(self, first: int, last: int, kind: str | None = None) -> Person:
        rng, spec = self.rng, self.spec
        kind = kind or pick(rng, spec.kinds)
        person = Person(
            code=f"{spec.code['prefix']}-{self.next_number:0{spec.code['width']}d}",
            kind=kind,
            sex=pick(rng, SEX_WEIGHTS[kind]),
            age_band=pick(rng, AGE_WEIGHTS[kind]),
            addiction=pick(rng, spec.addictions),
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
        stay = self.spec.stay
        for _ in range(round(self.size)):
            self.enrol(first=-self.rng.randint(0, stay), last=self.rng.randint(0, 2 * stay - 1))

    def enrol_newcomers(self, index: int) -> None:
        stay = self.spec.stay
        for _ in range(round(self.size / stay * self.rng.uniform(0.6, 1.4))):
            self.enrol(first=index, last=index + self.rng.randint(0, 2 * stay - 2))

    def active(self, index: int) -> list[Person]:
        return [p for p in self.people if p.first <= index <= p.last]


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


def housing_month(
    unit: Unit, index: int, days: int, roster: Roster, overcrowd: bool, quiet: bool = False
) -> dict:
    """The unit's month; when overcrowded, one person too many moves in on the last day; when
    quiet, nobody comes or goes.

    That month one place turns over mid-month, so nights stay within places x days and the only
    rule broken is residents <= places; the extra person moves on on day 1 of the next month.
    """
    tally = Counter()
    for extra in unit.overflow:
        move_out(extra, index, planned=True, rng=roster.rng)
        tally["exits_planned"] += 1
    unit.overflow = []
    for place in range(len(unit.places)):
        if quiet:
            tally["resident_nights"] += days if unit.places[place] else 0
            continue
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
MOST_HOURS = (0.5, 1.0, 1.0, 1.0, 1.0, 1.5, 1.5, 2.0)


def most_sessions(person: Person, rng: random.Random) -> Sessions:
    """Residents see a counsellor now and then, others come once or twice a month and now and
    then call instead."""
    if person.unit:
        return [("individual", rng.choice(MOST_HOURS))] if rng.random() < 0.6 else []
    kind = "family" if person.kind == "relative" else "individual"
    return [
        ("phone", 0.5) if rng.random() < 0.1 else (kind, rng.choice(MOST_HOURS))
        for _ in range(rng.randint(1, 2))
    ]


def talk_sessions(person: Person, rng: random.Random) -> Sessions:
    """A talk in person now and then; relatives are counselled as a family."""
    kind = "family" if person.kind == "relative" else "individual"
    return [(kind, rng.choice((1.0, 1.0, 1.5))) for _ in range(rng.choice((0, 0, 1, 1, 2)))]


def family_sessions(person: Person, rng: random.Random) -> Sessions:
    """The club counsels families above all; members occasionally come alone or phone."""
    hours = (1.0, 1.5, 2.0)
    if person.kind == "relative":
        count = rng.randint(1, 2) if rng.random() < 0.6 else 0
        return [("family", rng.choice(hours)) for _ in range(count)]
    family = [("family", rng.choice(hours))] if rng.random() < 0.2 else []
    alone = [("individual", 1.0)] if rng.random() < 0.12 else []
    return family + alone + ([("phone", 0.5)] if rng.random() < 0.05 else [])


def no_sessions(person: Person, rng: random.Random) -> Sessions:
    return []


SESSIONS: dict[str, Callable[[Person, random.Random], Sessions]] = {
    "most": most_sessions,
    "talks": talk_sessions,
    "family": family_sessions,
    "none": no_sessions,
}


def counselling_month(
    active: list[Person], period: str, profile: Profile, rng: random.Random
) -> list[dict]:
    """Sessions on distinct working days per person, so no row looks like a duplicate."""
    workdays = weekdays_of(period)
    sessions = []
    for person in active:
        planned = SESSIONS[profile.sessions](person, rng)
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
        "site_id": site,
        "title": title,
        "participants": participants,
        "hours": hours,
        "size": size,
    }


EXTRA_HOURS = {"social_outing": 3.0, "course": 2.5}


def fortnightly(period: str, index: int) -> list[date]:
    """Every 15 days, counted from the 6th of the first month."""
    start = month_start(period)
    day = month_start(add_months(period, -index)) + timedelta(days=5)
    day += timedelta(days=15 * -(-(start - day).days // 15))
    days = [day + timedelta(days=15 * k) for k in range(3)]
    return [d for d in days if d.month == start.month]


def extra_activity(
    period: str, rng: random.Random, kinds: tuple[str, ...], site: str | None, chance: float
) -> list[dict]:
    """Now and then a Saturday outing or course."""
    if rng.random() >= chance:
        return []
    kind = rng.choice(kinds)
    saturday = rng.choice(weekdays_of(period, 5))
    return [activity(saturday, kind, "", EXTRA_HOURS[kind], site, (6, 14))]


def oporavak_activities(
    period: str, index: int, site: str | None, rng: random.Random
) -> list[dict]:
    """Support group every 15 days, sometimes an outing or a course, and network meetings in
    March and October."""
    meetings = [
        activity(d, "support_group", "", 2.0, site, (10, 18)) for d in fortnightly(period, index)
    ]
    meetings += extra_activity(
        period, rng, ("social_outing", "social_outing", "course"), site, chance=0.35
    )
    if month_start(period).month in (3, 10):
        meetings.append(
            activity(
                rng.choice(weekdays_of(period)),
                "network_meeting",
                "",
                3.0,
                None,
                participants=rng.randint(5, 9),
            )
        )
    return meetings


def klub_activities(period: str, index: int, site: str | None, rng: random.Random) -> list[dict]:
    """The Thursday mityng every week, sometimes an outing on a Saturday."""
    meetings = [
        activity(d, "support_group", "", 2.0, site, (12, 22)) for d in weekdays_of(period, 3)
    ]
    return meetings + extra_activity(period, rng, ("social_outing",), site, chance=0.3)


def endring_activities(period: str, index: int, site: str | None, rng: random.Random) -> list[dict]:
    """Wednesdays 17:30-19:00, in person or also on Teams, not between Christmas and New Year;
    now and then bowling on a Saturday."""
    wednesdays = [d for d in weekdays_of(period, 2) if not (d.month == 12 and d.day >= 24)]
    meetings = [
        activity(
            d,
            "support_group",
            rng.choice(("Fysisk oppmøte", "Fysisk og Teams")),
            1.5,
            site,
            (5, 11),
        )
        for d in wednesdays
    ]
    return meetings + extra_activity(period, rng, ("social_outing",), site, chance=0.15)


def no_activities(period: str, index: int, site: str | None, rng: random.Random) -> list[dict]:
    return []


ACTIVITIES: dict[str, Callable[[str, int, str | None, random.Random], list[dict]]] = {
    "oporavak": oporavak_activities,
    "klub": klub_activities,
    "endring": endring_activities,
    "none": no_activities,
}


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


# ---------------------------------------------------------------------------------------------
# Trainings


def training(day: date, spec: tuple[str, str, float], participants: int) -> dict:
    title, audience, hours = spec
    return {
        "held_on": day,
        "title": title,
        "audience": audience,
        "hours": hours,
        "participants": participants,
    }


def trainings_month(
    profile: Profile, period: str, titles: Iterator[tuple[str, str, float]], rng: random.Random
) -> list[dict]:
    """`most`: about one a month, none in January, July, August and December, and each
    September a public webinar with over a thousand viewers (the one number that needs a
    thousands separator); `quarterly`: one in February, May, August and November."""
    month, plan = month_start(period).month, profile.trainings
    if plan.plan == "most" and month not in (1, 7, 8, 12):
        if month == 9 and plan.public:
            return [training(rng.choice(weekdays_of(period)), plan.public, rng.randint(1000, 1400))]
        return [training(rng.choice(weekdays_of(period)), next(titles), rng.randint(6, 24))]
    if plan.plan == "quarterly" and month % 3 == 2:
        return [training(rng.choice(weekdays_of(period)), next(titles), rng.randint(8, 20))]
    return []


# ---------------------------------------------------------------------------------------------
# People, and the personal number someone typed instead of a code


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
    """One row per person served, in code order."""
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


# ---------------------------------------------------------------------------------------------
# Wordings: each coded value written in one of the partner's own words


def word_for(profile: Profile, column: str, record: dict, rng: random.Random) -> str | None:
    value = record[column]
    words = profile.words.get(column, {})
    if column == "user_kind" and record.get("age_band") == "under_18" and "child" in words:
        value = "child"
    return rng.choice(words[value]) if value in words else None


def write_words(profile: Profile, month: dict[str, list[dict]], rng: random.Random) -> None:
    """The wording of every coded cell and, for some rows, the code typed differently; chosen
    once per record so a corrected file repeats the rows of the first one word for word."""
    for records in month.values():
        for record in records:
            for column in CODE_COLUMNS:
                if column in record and (word := word_for(profile, column, record, rng)):
                    record[f"{column}_word"] = word
    variants = profile.code_variants
    for table in variants.tables if variants else ():
        for record in month[table]:
            if rng.random() < variants.share:
                prefix, number = record["user_code"].split("-", 1)
                form = rng.choice(variants.forms)
                record["user_code_word"] = form.format(
                    prefix=prefix, prefix_lower=prefix.lower(), number=number
                )


# ---------------------------------------------------------------------------------------------
# A partner's months


def month_groups(
    profile: Profile,
    period: str,
    index: int,
    site: str | None,
    incident: Incident | None,
    rng: random.Random,
) -> list[dict]:
    groups = ACTIVITIES[profile.activities](period, index, site, rng)
    if incident and incident.kind == "forgotten_meeting":
        saturday = weekdays_of(period, 5)[-1]
        forgotten = activity(saturday, "social_outing", "", 3.0, site, (10, 16))
        groups.append({**forgotten, "forgotten": True})
    return sorted(groups, key=lambda g: g["held_on"])


def overcrowded_unit(partner: Partner) -> str:
    """The second housing unit (BS-LJ2, 3 places) is the one that takes in a person too many."""
    housing = [s.id for s in partner.sites if s.kind == "housing"]
    return housing[1] if len(housing) > 1 else (housing or [""])[0]


def simulate(
    partner: Partner, profile: Profile, periods: list[str], scale: float, seed: int
) -> Iterator[dict[str, list[dict]]]:
    """Each month's records in canonical columns and codes, from the partner's own random
    stream, so adding partners or months leaves the others' files unchanged."""
    rng = random.Random(f"{seed}/{partner.id}/data")
    words_rng = random.Random(f"{seed}/{partner.id}/words")
    roster = Roster(profile, scale, rng)
    roster.enrol_founders()
    units = open_units(partner, roster)
    group = next((s for s in partner.sites if s.kind == "group"), None)
    titles = cycle(rng.sample(profile.trainings.titles, len(profile.trainings.titles)) or [None])
    unchanged = profile.unchanged
    housing: list[dict] = []
    for index, period in enumerate(periods):
        incident = profile.incident(index)
        kind = incident.kind if incident else ""
        roster.enrol_newcomers(index)
        if not (unchanged and index in unchanged.resent_months):
            housing = [
                housing_month(
                    u,
                    index,
                    len(days_of(period)),
                    roster,
                    overcrowd=kind == "overcrowded" and u.site_id == overcrowded_unit(partner),
                    quiet=bool(unchanged) and index == unchanged.quiet_month,
                )
                for u in units
            ]
        active = roster.active(index)
        counselling = counselling_month(active, period, profile, rng)
        groups = month_groups(profile, period, index, group and group.id, incident, rng)
        seen = attend(groups, active, (group and group.capacity) or len(active), rng)
        people = people_month(active, seen, index, profile, rng)
        if kind == "personal_id" and people:
            disclose_personal_id(people, counselling, period, roster, rng)
        if kind == "negative_hours" and counselling:
            rng.choice(counselling)["hours"] *= -1
        month = {
            "housing": [dict(h) for h in housing],
            "counselling": counselling,
            "groups": groups,
            "trainings": trainings_month(profile, period, titles, rng),
            "people": people,
        }
        write_words(profile, month, words_rng)
        if kind == "unknown_service" and counselling:
            for session in rng.sample(counselling, min(2, len(counselling))):
                session.update(session_kind_word=incident.word, unclassified=True)
        yield month
