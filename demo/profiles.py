"""The demo partners' profiles, read from demo/profiles/*.yaml: how each partner works (people,
volumes, what it does each month) and how its staff write (files, sheets, headers, wordings,
habits, faults). The code plans and writes; what a partner's files look like is data."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

PROFILE_DIR = Path(__file__).resolve().parent / "profiles"
ORDER = ("most-si", "oporavak-ba", "klub-pl", "endring-no")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Column(Strict):
    """One column as the partner heads it, and the record field it shows for each table."""

    header: str
    fields: dict[str, str]


class SheetSpec(Strict):
    name: str
    tables: tuple[str, ...]
    columns: tuple[Column, ...]
    title: str | None = None
    period_word: str | None = None
    totals: dict[str, str] | None = None
    merge_title: bool = False

    @field_validator("columns", mode="before")
    @classmethod
    def _pairs(cls, value: list) -> list:
        """[header, field] or [header, {table: field}], as the yaml writes them."""
        return [c if isinstance(c, dict) else {"header": c[0], "fields": c[1]} for c in value]


class FileSpec(Strict):
    key: str
    name: str
    sheets: tuple[SheetSpec, ...]

    @property
    def form(self) -> str:
        return self.name.rsplit(".", 1)[1]


class Incident(Strict):
    """A planned event of one month: a fault with the feedback rule it must raise, a missing or
    partial month, a correction sent later."""

    month: int
    kind: str
    file: str | None = None
    rules: tuple[str, ...] = ()
    reason: str = ""
    note: str = ""
    word: str | None = None
    fixed_as: str | None = None
    fixed_after_days: tuple[int, int] = (4, 7)


class Unchanged(Strict):
    file: str
    quiet_month: int
    resent_months: tuple[int, ...]


class PeopleSpec(Strict):
    code: dict[str, str | int]
    active: int
    stay: int
    kinds: dict[str, float]
    addictions: dict[str, float]


class CodeVariants(Strict):
    share: float
    tables: tuple[str, ...]
    forms: tuple[str, ...]


class Trainings(Strict):
    """Trainings held: `plan` names how often, `titles` are (title, audience, hours) in turn,
    `public` the yearly public event."""

    plan: str = "none"
    titles: tuple[tuple[str, str, float], ...] = ()
    public: tuple[str, str, float] | None = None


class Habits(Strict):
    text_numbers: frozenset[int] = frozenset()
    durations: frozenset[int] = frozenset()
    text_dates_every: int = 0


class Profile(Strict):
    key: str
    language: str
    timezone: str
    partner: dict
    people: PeopleSpec
    sessions: str
    activities: str
    trainings: Trainings = Trainings()
    late_share: float = 0.1
    barc_every: int = 0
    starts_after: int = 0
    months: tuple[str, ...] = Field(min_length=12, max_length=12)
    date_format: str
    words: dict[str, dict[str, tuple[str, ...]]]
    blank_for_relatives: tuple[str, ...] = ()
    code_variants: CodeVariants | None = None
    habits: Habits = Habits()
    files: tuple[FileSpec, ...]
    unchanged: Unchanged | None = None
    incidents: tuple[Incident, ...] = ()

    def file(self, key: str) -> FileSpec:
        return next(f for f in self.files if f.key == key)

    def incident(self, month: int) -> Incident | None:
        return next((i for i in self.incidents if i.month == month), None)

    def month_words(self, period: str) -> dict[str, str]:
        """What a file name or title may say of the month: `maj`, `2025`, `05`, `2025-05`."""
        return {
            "month": self.months[int(period[5:7]) - 1],
            "year": period[:4],
            "mm": period[5:7],
            "period": period,
        }

    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(self.partner["tables"])


def _normalised(raw: dict) -> dict:
    """Column fields written as one name mean that field for every table of the sheet."""
    for spec in raw.get("files", []):
        for sheet in spec["sheets"]:
            for column in sheet["columns"]:
                if isinstance(column[1], str):
                    column[1] = {table: column[1] for table in sheet["tables"]}
    return raw


def load_profile(path: Path) -> Profile:
    return Profile.model_validate(_normalised(yaml.safe_load(path.read_text(encoding="utf-8"))))


PROFILES: dict[str, Profile] = {key: load_profile(PROFILE_DIR / f"{key}.yaml") for key in ORDER}
