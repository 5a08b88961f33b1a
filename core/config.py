"""The consortium.yaml of a workspace, validated, and the paths a workspace is made of.

Everything that differs between consortia (partners, sites, targets, deadlines, schedule) lives
in that one file; code never names a partner.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from difflib import get_close_matches
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails

from core.periods import check_period
from core.yaml_files import yaml_text

Language = Literal["sl", "bs", "pl", "no", "en"]
SiteKind = Literal["housing", "counselling", "group", "helpline", "office"]
TableName = Literal["housing", "counselling", "trainings", "groups", "people"]


class ConfigError(ValueError):
    """consortium.yaml is missing or does not describe a consortium; the message says where."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Site(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
    name: str
    kind: SiteKind
    places: int | None = Field(default=None, ge=1, description="Places of a housing unit.")
    capacity: int | None = Field(default=None, ge=1, description="Places in a group.")
    opened: date | None = Field(default=None, description="A housing unit's first night open.")
    closed: date | None = Field(default=None, description="A housing unit's last night open.")

    @model_validator(mode="after")
    def housing_has_places(self) -> Site:
        if self.kind == "housing" and self.places is None:
            raise ValueError(f"housing unit {self.id} needs `places`")
        return self

    @model_validator(mode="after")
    def closed_after_opened(self) -> Site:
        """A unit closed before it opened would have no night open at all."""
        if self.opened and self.closed and self.closed < self.opened:
            raise ValueError(
                f"site {self.id} closed ({self.closed}) before it opened ({self.opened})"
            )
        return self


class Mapping(Strict):
    """A partner's own layout, confirmed once (`consortium map --save`): its headers as written ->
    a canonical column, and its values of a coded column -> a canonical code."""

    headers: dict[str, str] = Field(default_factory=dict)
    values: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="Code set (session_kind, audience, ...) -> value -> code."
    )

    @model_validator(mode="after")
    def names_are_known(self) -> Mapping:
        from core.vocabulary import UNCLASSIFIED, vocabulary

        vocab = vocabulary()
        columns = {c for t in vocab.tables.values() for c in t.columns}
        for header, column in self.headers.items():
            if column not in columns:
                raise ValueError(f"header {header!r}: {column!r} is not a column")
        for code_set, values in self.values.items():
            if code_set not in vocab.code_words:
                raise ValueError(f"{code_set!r} is not a coded column")
            for value, code in values.items():
                if code not in vocab.code_words[code_set] or code == UNCLASSIFIED:
                    known = ", ".join(vocab.code_words[code_set])
                    raise ValueError(f"{code_set} {value!r}: {code!r} is not one of {known}")
        return self

    def header_columns(self) -> dict[str, str]:
        from core.vocabulary import word_key

        return {word_key(h): c for h, c in self.headers.items()}

    def code_values(self, code_set: str) -> dict[str, str]:
        from core.vocabulary import normalise

        return {normalise(v): c for v, c in self.values.get(code_set, {}).items()}


class UserCodes(Strict):
    """How a user code is written down before it is pseudonymised, so that `SKM-0417`, `skm 0417`
    and `SKM0417` are one person, and so are `ИЗ-01` and `IZ-01` (Cyrillic read as Serbian
    Latin)."""

    case: Literal["upper", "lower", "keep"] = "upper"
    remove: str = Field(default=" -_./", description="Characters dropped from a code.")

    @cached_property
    def dropped(self) -> dict[int, None]:
        return str.maketrans("", "", self.remove)

    def normalise(self, code: object) -> str:
        from core.vocabulary import CYRILLIC_TO_LATIN

        text = str(code).strip().translate(self.dropped).translate(CYRILLIC_TO_LATIN)
        return (
            text.upper() if self.case == "upper" else text.lower() if self.case == "lower" else text
        )


def person_of_code(code: str) -> str:
    """Whom a user code, as UserCodes wrote it down, names: the same person in any case, and a
    client number however many zeros lead it (007 typed as text, 7 in a cell formatted to show
    007). What the warehouse hashes (load.warehouse.user_key), and the reader compares codes by."""
    text = code.strip().upper()
    return str(int(text)) if text.isdecimal() else text


class Partner(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,31}$")
    name: str
    country: str = Field(pattern=r"^[A-Z]{2}$")
    language: Language
    email: str | None = Field(
        default=None,
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        description="Where reminders go and files come from; none for a partner that only "
        "delivers into its inbox folder.",
    )
    reports_from: str = Field(description="First month this partner reports, YYYY-MM.")
    reports_until: str | None = None
    tables: tuple[TableName, ...] = Field(
        min_length=1, description="Tables the partner reports monthly."
    )
    sites: tuple[Site, ...] = ()
    mapping: Mapping = Mapping()
    senders: tuple[str, ...] = Field(
        default=(), description="Addresses the partner's files may come from, besides `email`."
    )

    _check_from = field_validator("reports_from")(check_period)

    @property
    def addresses(self) -> set[str]:
        """The addresses its files may come from, in lower case."""
        return {a.lower() for a in (self.email, *self.senders) if a}

    @field_validator("reports_until")
    @classmethod
    def _check_until(cls, value: str | None) -> str | None:
        return None if value is None else check_period(value)

    @model_validator(mode="after")
    def reports_until_after_from(self) -> Partner:
        """A partner whose last month comes before its first would owe nothing at all."""
        if self.reports_until is not None and self.reports_until < self.reports_from:
            raise ValueError(
                f"partner {self.id} reports until {self.reports_until}, before it reports from "
                f"{self.reports_from}"
            )
        return self

    def site(self, site_id: str) -> Site | None:
        return next((s for s in self.sites if s.id.lower() == str(site_id).strip().lower()), None)


# The headline figures a grant may set targets for (the warehouse's headline query names them;
# tests/test_config.py keeps the two the same).
TARGET_FIGURES = (
    "housing_units",
    "housing_places",
    "residents_month_end",
    "residents_distinct",
    "resident_nights",
    "place_nights",
    "occupancy_rate",
    "admissions",
    "exits_planned",
    "exits_unplanned",
    "counselling_sessions",
    "counselling_hours",
    "counselling_people_distinct",
    "individual_counselling_hours",
    "individual_counselling_people_distinct",
    "trainings",
    "training_hours",
    "training_participants",
    "group_meetings",
    "activity_participants",
    "group_participants_distinct",
    "people_distinct",
    "people_new",
    "people_returning",
    "barc10_people_assessed_twice",
    "barc10_people_at_or_above_47",
)
# Of those, the rates: a figure of 0.78 is 78 %, and its target is written the same way.
RATE_FIGURES = ("occupancy_rate",)


class GrantPeriod(Strict):
    id: str
    name: str
    start: str
    end: str
    targets: dict[str, float] = Field(default_factory=dict)

    _check = field_validator("start", "end")(check_period)

    @field_validator("targets")
    @classmethod
    def _known_figures(cls, targets: dict[str, float]) -> dict[str, float]:
        """A misspelt target would never be compared with anything."""
        unknown = sorted(set(targets) - set(TARGET_FIGURES))
        if unknown:
            raise ValueError(
                f"no figure is called {', '.join(unknown)}; targets may be set for "
                f"{', '.join(TARGET_FIGURES)}"
            )
        return targets

    @field_validator("targets")
    @classmethod
    def _rates_as_shares(cls, targets: dict[str, float]) -> dict[str, float]:
        """A rate's target is a share, as the rate is: 80 would read as 8,000 % and never be
        reached."""
        for figure in (f for f in RATE_FIGURES if targets.get(f, 0) > 1):
            raise ValueError(
                f"{figure} is a share, as the figure is: write 0.8 for 80 %, "
                f"not {targets[figure]:g}"
            )
        return targets

    @model_validator(mode="after")
    def start_before_end(self) -> GrantPeriod:
        if self.start > self.end:
            raise ValueError(
                f"grant period {self.id} ends ({self.end}) before it starts ({self.start})"
            )
        return self


# A cron schedule's five fields, with the numbers each may hold.
CRON_FIELDS = (
    ("minute", 0, 59),
    ("hour", 0, 23),
    ("day of the month", 1, 31),
    ("month", 1, 12),
    ("day of the week", 0, 7),
)


class Schedule(Strict):
    cron: str = "0 6 5 * *"
    timezone: str = "Europe/Ljubljana"

    @field_validator("cron")
    @classmethod
    def _cron_fields(cls, cron: str) -> str:
        """A schedule Prefect would refuse only when the deployment is served: told at once."""
        fields = cron.split()
        if len(fields) != len(CRON_FIELDS):
            raise ValueError(
                f"{cron!r} is not a cron schedule: write five fields, minute hour day-of-month "
                f'month day-of-week, e.g. "0 6 5 * *" (06:00 on the 5th of each month)'
            )
        for field, (name, low, high) in zip(fields, CRON_FIELDS, strict=True):
            for number in re.findall(r"\d+", field):
                if not low <= int(number) <= high:
                    raise ValueError(
                        f"{cron!r}: {number} is no {name} (from {low} to {high}), in {field!r}"
                    )
        return cron

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, timezone: str) -> str:
        """A misspelt time zone would fail the first run that reckons a deadline with it."""
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            close = get_close_matches(timezone, sorted(available_timezones()), n=1)
            hint = f"; did you mean {close[0]}?" if close else " (e.g. Europe/Ljubljana)"
            raise ValueError(f"no time zone is called {timezone!r}{hint}") from None
        return timezone


class Reporting(Strict):
    deadline_day: int = Field(
        default=10, ge=1, le=28, description="Day of the following month a submission is due."
    )
    disclosure_k: int = Field(
        default=5, ge=2, description="Counts of people from 1 to k-1 are suppressed."
    )
    suppress_hours: bool = False
    shared_user_codes: bool = Field(
        default=False, description="True when one code means one person across partners."
    )
    schedule: Schedule = Schedule()


class Privacy(Strict):
    quarantine_days: int = Field(
        default=30,
        ge=0,
        description="Days a file refused for personal data is kept, encrypted, before deletion.",
    )


class Intake(Strict):
    """Limits a received file must stay within before it is read: hostile or broken files are
    refused from their size and zip directory, before anything is decompressed."""

    max_file_mb: float = Field(default=50, gt=0)
    max_uncompressed_mb: float = Field(
        default=400, gt=0, description="Sum of a workbook's zip entries."
    )
    max_compression_ratio: float = Field(
        default=200, gt=1, description="Per zip entry of more than 1 MB."
    )
    max_zip_entries: int = Field(default=2000, ge=1)
    max_sheets: int = Field(default=50, ge=1)
    max_rows: int = Field(default=200_000, ge=1, description="Rows of one sheet.")
    max_cells: int = Field(default=5_000_000, ge=1, description="Cells of one sheet.")


Security = Literal["tls", "starttls", "none"]
LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")


class Server(Strict):
    """Where a mail server listens and how to reach it; the password never lives here."""

    host: str
    port: int = Field(ge=1, le=65535)
    security: Security = "tls"
    user: str | None = None

    @model_validator(mode="after")
    def plain_only_on_loopback(self) -> Server:
        if self.security == "none" and self.host not in LOOPBACK_HOSTS:
            raise ValueError(
                f"security: none sends the password in clear: only for a loopback host "
                f"({', '.join(LOOPBACK_HOSTS)}), not {self.host}"
            )
        return self


class Mailbox(Server):
    """The consortium's IMAP mailbox partners send their files to."""

    port: int = Field(default=993, ge=1, le=65535)
    user: str
    folder: str = "INBOX"
    processed_folder: str = "Processed"
    review_folder: str = "Review"


class Collect(Strict):
    mailbox: Mailbox | None = None
    schedule: Schedule = Schedule(cron="0 * * * *")
    retry_delays_s: tuple[float, ...] = Field(
        default=(10, 60, 300), description="Waits before each new try of an unreachable mailbox."
    )


class Smtp(Server):
    port: int = Field(default=587, ge=1, le=65535)
    security: Security = "starttls"


class Mail(Strict):
    """How answers and reminders go out."""

    model_config = ConfigDict(populate_by_name=True)

    smtp: Smtp | None = None
    from_: str | None = Field(default=None, alias="from", pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    send: bool = Field(default=True, description="False: write .eml files into outbox/ instead.")
    reminder_days: tuple[int, ...] = Field(
        default=(5, 9, 15, 25),
        description="Days of the month on which partners with a missing month or table are "
        "reminded (before the deadline, and after it while something is missing).",
    )
    retry_delays_s: tuple[float, ...] = Field(
        default=(10, 60, 300), description="Waits before each new try of a refused message."
    )

    @field_validator("reminder_days")
    @classmethod
    def _days_in_month(cls, days: tuple[int, ...]) -> tuple[int, ...]:
        if any(not 1 <= d <= 28 for d in days):
            raise ValueError("reminder days are days of the month from 1 to 28")
        return days


class Consortium(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,31}$")
    name: str
    language: Language
    reporting: Reporting = Reporting()
    intake: Intake = Intake()
    user_codes: UserCodes = UserCodes()
    privacy: Privacy = Privacy()
    collect: Collect = Collect()
    mail: Mail = Mail()
    grant_periods: tuple[GrantPeriod, ...] = Field(min_length=1)
    partners: tuple[Partner, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def ids_are_unique(self) -> Consortium:
        for what, ids in (
            ("partner", [p.id for p in self.partners]),
            ("site", [s.id.lower() for p in self.partners for s in p.sites]),
            ("grant period", [g.id for g in self.grant_periods]),
        ):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"{what} ids must be unique; repeated: {', '.join(dupes)}")
        return self

    @model_validator(mode="after")
    def grant_periods_do_not_overlap(self) -> Consortium:
        """A month of two grant periods would be reported as one's alone, and the other's figures
        would lose it."""
        periods = sorted(self.grant_periods, key=lambda g: g.start)
        for earlier, later in itertools.pairwise(periods):
            if later.start <= earlier.end:
                raise ValueError(
                    f"grant periods {earlier.id} ({earlier.start} to {earlier.end}) and "
                    f"{later.id} ({later.start} to {later.end}) overlap: a month belongs to one"
                )
        return self

    @model_validator(mode="after")
    def senders_are_unique(self) -> Consortium:
        """An address that sends files belongs to one partner, or its files could land in
        another partner's inbox."""
        owners: dict[str, str] = {}
        for p in self.partners:
            for address in p.addresses:
                if owners.setdefault(address, p.id) != p.id:
                    raise ValueError(
                        f"sender {address} is listed for both {owners[address]} and {p.id}"
                    )
        return self

    def partner(self, partner_id: str) -> Partner | None:
        return next((p for p in self.partners if p.id == partner_id), None)

    def partner_name(self, partner_id: str | None) -> str:
        """The partner as people know it (its `name`); the id of one no longer listed, as it is
        all that is known of it."""
        partner = self.partner(partner_id or "")
        return partner.name if partner else partner_id or "?"

    def partner_of_sender(self, address: str) -> Partner | None:
        """The partner whose `email` or `senders` include this address (case ignored)."""
        wanted = address.strip().lower()
        return next(
            (p for p in self.partners if wanted in p.addresses),
            None,
        )

    def grant_period_of(self, period: str) -> GrantPeriod:
        """The grant period a month belongs to, or the latest one that started before it."""
        started = [g for g in self.grant_periods if g.start <= period]
        inside = [g for g in started if period <= g.end]
        return (inside or started or list(self.grant_periods))[-1]

    def grant_periods_in(self, first: str, last: str) -> list[tuple[GrantPeriod, str, str]]:
        """Each grant period holding some month of first..last, in order, with the first and
        last month of the range it holds."""
        return [
            (g, max(first, g.start), min(last, g.end))
            for g in sorted(self.grant_periods, key=lambda g: g.start)
            if g.start <= last and first <= g.end
        ]

    def grant_period_holding(self, first: str, last: str) -> GrantPeriod | None:
        """The grant period every month of first..last is in: a grant period's targets are for
        its own months, so the figures of a range in two of them, or partly in none, are no
        grant period's to compare with its targets (None)."""
        held = self.grant_periods_in(first, last)
        return held[0][0] if len(held) == 1 and held[0][1:] == (first, last) else None


def load_consortium(path: Path) -> Consortium:
    if not path.is_file():
        raise ConfigError(f"{path}: no consortium.yaml here")
    text = config_text(path)
    try:
        raw = yaml_text(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    try:
        return Consortium.model_validate(raw)
    except ValidationError as exc:
        problems = [validation_problem(err, text) for err in own_errors(exc.errors())]
        if len(problems) == 1:
            raise ConfigError(f"{path}: {problems[0]}") from None
        lines = [f"{path}: does not describe a consortium:", *(f"  {p}" for p in problems)]
        raise ConfigError("\n".join(lines)) from None


def own_errors(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """The errors without a list's "too short" where one of its items is itself wrong: a partner
    missing its e-mail is the problem, not that no partner is left."""

    def within(err: ErrorDetails) -> bool:
        loc = tuple(err["loc"])
        return any(
            tuple(other["loc"])[: len(loc)] == loc and len(other["loc"]) > len(loc)
            for other in errors
        )

    return [err for err in errors if not (err["type"] == "too_short" and within(err))]


def config_text(path: Path) -> str:
    """The file as UTF-8 text; any other encoding (Notepad's Windows-1250, say) explained."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise ConfigError(
            f"{path}: not UTF-8 text (byte {exc.object[exc.start]:#04x} on line {line}; "
            f"saved as Windows-1250 or another code page?): save it again as UTF-8"
        ) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror}") from None


def validation_problem(err: dict, text: str) -> str:
    """One schema error, where it is named by the ids of the partners or sites it is in; a value
    YAML read as true/false (NO, yes, off, ...) or as a day where text was expected is named as
    it was written, with the fix; an id that breaks its pattern says what an id may hold."""
    where = place_of(text, err["loc"])
    value = err.get("input")
    written = written_value(text, err["loc"])
    if isinstance(value, bool):
        written = written or str(value).lower()
        return (
            f"{where}: YAML reads an unquoted {written} as {str(value).lower()}, not as "
            f'text; write it in quotes: "{written}"'
        )
    if isinstance(value, date) and err["type"] == "string_type":
        return f'{where}: {written} is a day; write the month alone, in quotes: "{value:%Y-%m}"'
    if err["type"] == "string_pattern_mismatch" and err["loc"][-1] == "id":
        return (
            f"{where}: {written or value!r} is not an id: write it with lower-case letters a-z "
            f"without diacritics, digits and hyphens, 2 to 32 characters (e.g. "
            f"{suggested_id(str(value))})"
        )
    if err["type"] in ("float_parsing", "int_parsing"):
        return (
            f"{where}: {written or value!r} is not a number: write it in figures alone, with a "
            f"decimal point (0.8, not 80 % or 0,8)"
        )
    if err["type"].startswith(("date_", "datetime_")):
        return (
            f'{where}: {written or value!r} is not a day: write it as YYYY-MM-DD, e.g. "2026-11-15"'
        )
    if err["type"] == "missing":
        return f"{where}: missing; every {describe_item(err['loc'])} needs it"
    if err["type"] == "extra_forbidden":
        return f"{where}: {unknown_key(str(err['loc'][-1]), known_keys(err['loc'][:-1]))}"
    return f"{where}: {err['msg'].removeprefix('Value error, ')}"


def describe_item(loc: tuple) -> str:
    """What holds the setting at `loc`: "partner" for partners.0.email, "consortium" at the top."""
    holder = [part for part in loc[:-1] if isinstance(part, str)]
    return {"partners": "partner", "grant_periods": "grant period", "sites": "site"}.get(
        holder[-1] if holder else "", ".".join(holder) or "consortium"
    )


def unknown_key(key: str, known: list[str]) -> str:
    """What to write instead of a key no setting is called."""
    close = get_close_matches(key, known, n=1, cutoff=0.6)
    instead = f"; did you mean {close[0]}?" if close else ""
    return f"no setting is called {key}{instead} (here: {', '.join(known)})"


def known_keys(loc: tuple) -> list[str]:
    """The settings the mapping at `loc` may hold."""
    model: Any = Consortium
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return []
        model = model_of(model.model_fields[part].annotation)
    return list(model.model_fields) if model is not None else []


def model_of(annotation: Any) -> type[BaseModel] | None:
    """The settings a field holds: a model, or the model of its items or of its optional value."""
    for candidate in (annotation, *get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def place_of(text: str, loc: tuple) -> str:
    """`partners.1.email` as `line 40, partners.1 (alesund-no).email`: an item of a list by its
    id, after the line of the file it is on (or of the nearest setting around it that is)."""
    node = yaml.load(text, Loader=yaml.BaseLoader)  # noqa: S506 - BaseLoader builds no objects
    parts = []
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
        named = node.get("id") if isinstance(part, int) and isinstance(node, dict) else None
        parts.append(f"{part} ({named})" if named else str(part))
    line = line_of(text, loc)
    return (f"line {line}, " if line else "") + (".".join(parts) or "(top)")


def line_of(text: str, loc: tuple) -> int | None:
    """The line of the setting at `loc`, or of the deepest one around it the file has."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return None
    line = None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            found = [(k, v) for k, v in node.value if k.value == part]
            if not found:
                break
            key, node = found[0]
            line = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def suggested_id(value: str) -> str:
    """An id as the pattern allows it, made from what was written (`Oporavak Mreža` ->
    `oporavak-mreza`)."""
    folded = unicodedata.normalize("NFKD", value.lower().replace("ø", "o").replace("đ", "d"))
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return "-".join(re.findall(r"[a-z0-9]+", plain))[:32] or "partner-1"


def written_value(text: str, loc: tuple) -> str | None:
    """The value at `loc` as written in the file (every scalar read as text)."""
    node = yaml.load(text, Loader=yaml.BaseLoader)  # noqa: S506 - BaseLoader builds no objects
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node if isinstance(node, str) else None


@dataclass(frozen=True)
class Workspace:
    """A consortium's folder: its configuration, the inbox partners drop files into, and outputs."""

    root: Path

    @classmethod
    def open(cls, root: Path | str) -> Workspace:
        ws = cls(Path(root).resolve())
        ws.config  # noqa: B018 - fail early on a bad consortium.yaml
        return ws

    @cached_property
    def config(self) -> Consortium:
        return load_consortium(self.config_path)

    @property
    def config_path(self) -> Path:
        return self.root / "consortium.yaml"

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def feedback(self) -> Path:
        return self.root / "feedback"

    @property
    def feedback_folders(self) -> tuple[Path, ...]:
        """Where the reports written so far are found, a later folder's report standing for the
        same one in an earlier: the feedback folder (a run's staged workspace adds the folder
        of the reports the run writes)."""
        return (self.feedback,)

    @property
    def seen_only_when_swapped_in(self) -> bool:
        """Whether nobody reads the outputs written here before a run swaps them in whole (a
        run's staging folder), so a file written needs no atomic replace."""
        return False

    @property
    def state(self) -> Path:
        """Run state that is not data: Prefect's home, the run lock."""
        return self.root / ".state"

    @property
    def commit_record(self) -> Path:
        """Present while a run swaps its staged warehouse and outputs in: from then on the staged
        copies are kept until the swap is finished, never removed."""
        return self.state / "outputs.commit.json"

    @property
    def key_file(self) -> Path:
        """The pseudonym key lives beside the workspace, never inside the warehouse."""
        return self.root.parent / f".{self.root.name}.pseudonym-key"

    @property
    def archive_key_file(self) -> Path:
        """The key of the encrypted archive, beside the pseudonym key."""
        return self.root.parent / f".{self.root.name}.archive-key"

    @property
    def quarantine(self) -> Path:
        """Files refused for personal data, encrypted, until they are purged."""
        return self.root / "quarantine"
