"""The partners' words (vocabulary.yaml) as lookups from a normalised word to its meaning:
headers matched by meaning (case, diacritics, punctuation, word order, small typos), free text
in coded columns classified by the yaml's keyword rules, months written in words."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple, TypeVar

from rapidfuzz import fuzz, process

from core.yaml_files import yaml_file

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")
UNCLASSIFIED = "unclassified"
# Code sets of one thing per person or training: a value naming several counts as the one it
# names first ("heroin/alkohol" is drugs, "uporabniki in svojci" users), and the reader says so.
FIRST_NAMED = frozenset({"main_addiction", "audience"})
FUZZY_CUTOFF = 90
FUZZY_MARGIN = 3
# Headers shorter than this are matched exactly or not at all.
FUZZY_MIN_CHARS = 4
GENERIC_KIND_CODE_SETS = frozenset({"session_kind", "activity_kind"})
# the only columns a header naming the caller of a helpline names ("Šifra pozivaoca")
CALLER_COLUMNS = frozenset({"user_code"})
# code sets whose column a header listing two of their kinds names ("Deltaker/pårørende")
LISTED_KIND_CODE_SETS = frozenset({"user_kind"})
# the shortest word of a kind named in several words that may stand in such a list ("član")
LISTED_WORD = 3
# Cyrillic as Serbian and Bosnian Latin write it (Gaj's alphabet, before its diacritics go):
# a partner writing "Број учесника" means "Broj učesnika".
CYRILLIC = dict(
    zip(
        "абвгдђежзијклмнопрстћуфхцчшѓќѕйыэ",
        "abvgddezzijklmnoprstcufhccsgkzjye",
        strict=True,
    )
) | {"љ": "lj", "њ": "nj", "џ": "dz", "щ": "sc", "ю": "ju", "я": "ja", "ё": "e", "ь": "", "ъ": ""}
# the same letters for text kept as written (a duration's units), capitals too
CYRILLIC_TO_LATIN = str.maketrans(
    CYRILLIC | {k.upper(): v.capitalize() for k, v in CYRILLIC.items() if k.upper() != k}
)
_FOLD = str.maketrans(
    {"ł": "l", "ø": "o", "æ": "ae", "đ": "d", "ß": "ss", "–": "-", "—": "-", **CYRILLIC}
)


K = TypeVar("K")
V = TypeVar("V")


def kept_in(kept: dict[K, V], key: K, limit: int, work: Callable[[], V]) -> V:
    """`kept[key]`, worked out and kept on first use; everything kept is let go once `limit`
    keys are (what a process meets again from file to file is met again soon)."""
    found = kept.get(key)
    if found is None:
        if len(kept) >= limit:
            kept.clear()
        found = kept[key] = work()
    return found


@lru_cache(maxsize=1 << 16, typed=True)
def normalise(word: object) -> str:
    """Lower case, no diacritics, punctuation as single spaces: how headers are compared."""
    text = unicodedata.normalize("NFKD", str(word).lower().translate(_FOLD))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^0-9a-z+<]+", " ", text).split())


# two words with a slash between them ("M/Ž", "korisnici / porodica")
SLASHED_WORDS = re.compile(r"([^\W\d_]+)\.?\s*/\s*([^\W\d_]+)")
# a cell saying a session did not take place is short ("Cancelled by client due to illness"): a
# longer one is a note of what was said ("Cancelled her gym membership, we talked it through")
NOT_HELD_WORDS = 6
MAX_AGE = 110
# words around one age: "50 in več", "nad 50" (and over); "pod 18" (below); "do 25" (up to)
AGE_OVER_WORDS = frozenset(
    {"vec", "over", "wiecej", "vise", "nad", "powyzej", "iznad", "eldre", "older", "plus"}
)
AGE_UNDER_WORDS = frozenset({"pod", "under", "ispod", "ponizej", "below", "mlajsi", "mladji"})
AGE_UP_TO_WORDS = frozenset({"do", "til", "to"})
# The shortest first word of an ignored header that is ignored whatever words follow it
# ("Uwagi wewnętrzne"): shorter ones ("Nr", "Lp") may begin a header of figures.
QUALIFIED_MIN = 5
# The shortest word of a kind header that says what kind of row a header speaks of.
KIND_WORD = 5


def without_subject(words: list[str], subjects: tuple[str, ...]) -> list[str]:
    """The words after the one who is their subject ("client", "service user"), if they begin
    with one; else none."""
    for subject in subjects:
        named = subject.split()
        if words[: len(named)] == named:
            return words[len(named) :]
    return []


def begins_with_phrase(words: list[str], phrases: tuple[str, ...]) -> bool:
    """Whether the words begin with one of the phrases, its last word a stem of theirs
    ("odpovedan" of "odpovedano"), never of a code ("dna01")."""
    for phrase in phrases:
        stems = phrase.split()
        last = len(stems) - 1
        if (
            len(words) > last
            and words[:last] == stems[:last]
            and words[last].startswith(stems[last])
            and words[last].isalpha()
        ):
            return True
    return False


# a cell's first word, after any spaces or signs before it
_FIRST_WORD = re.compile(r"[\W_]*([^\W_]+)")


def mark_key(mark: object) -> str:
    """A register's mark as compared: a word normalised, a sign ("✓") as it is."""
    return normalise(mark) or str(mark).strip()


def caption_key(text: str) -> str:
    """A caption normalised, a hyphen standing between words kept: LibreOffice captions a pivot
    table's figure "Sum - Hours", where "Sum hours" heads a column of totals."""
    return " - ".join(normalise(part) for part in re.split(r"\s+-(?:\s+|$)", text)).strip()


def word_key(text: object) -> str:
    """A header with its words sorted: `Ure svetovanja` and `svetovanja, ure` are one header."""
    if isinstance(text, str):
        return text_word_key(text)
    return " ".join(sorted(normalise(text).split()))


@lru_cache(maxsize=1 << 16)
def text_word_key(text: str) -> str:
    """`word_key` of a text, kept: a sheet's first rows, where headers are looked for, repeat
    from sheet to sheet and file to file."""
    return " ".join(sorted(normalise(text).split()))


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    required: bool
    codes: str | None
    headers: frozenset[str]
    generic_headers: frozenset[str] = frozenset()
    not_required_for: tuple[tuple[str, frozenset[str]], ...] = ()
    # what a count of the column written with its word counts ("124 døgn"), when not people
    counted_in: str | None = None


@dataclass(frozen=True, eq=False)
class KindList:
    """The words of a header listing kinds of people ("Deltaker/pårørende", "Korisnik / član
    porodice", "Client/relative"): a partner heads the column of their kinds so."""

    column: str
    # a word of a kind ("pårørende"): its code
    codes: dict[str, str]
    # the start of a word of a kind ("pårørend"): its code, the first rule first
    starts: tuple[tuple[str, str], ...]
    # a word of a kind named in several ("član" of "član porodice")
    joining: frozenset[str]

    def code_of(self, word: str) -> str | None:
        found = self.codes.get(word)
        return found or next((code for start, code in self.starts if word.startswith(start)), None)

    def lists_kinds(self, key: str) -> bool:
        """Whether a header (a `word_key`) is made of words of kinds alone, naming two or more."""
        named = set()
        for word in key.split():
            code = self.code_of(word)
            if code is None and word not in self.joining:
                return False
            named.add(code)
        return len(named - {None}) >= 2


@dataclass(frozen=True)
class HeaderMatch:
    """What a header means in one table: its column, or the columns it could be."""

    column: str | None
    candidates: tuple[str, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return self.column is None and len(self.candidates) > 1


# optional columns of people that speak of another table: offered only to a partner reporting it
COLUMN_OF_TABLE = {("people", "housing_unit"): "housing", ("people", "group_meetings"): "groups"}


@dataclass(frozen=True, eq=False)
class Table:
    name: str
    description: str
    sheet_names: frozenset[str]
    columns: dict[str, Column]
    headers_by_language: dict[str, dict[str, str]]
    weak_words: frozenset[str] = frozenset()
    # headers with a meaning of their own, never a near match of a column: times of day
    # ("Godz." is not "Czas (godz.)"), columns left unread and months ("Month" is not
    # "Residents at month end")
    never_near_headers: frozenset[str] = frozenset()
    # words naming the caller of a helpline ("pozivaoca", "innringer")
    caller_words: frozenset[str] = frozenset()
    # the starts of words naming a share or a percentage ("procenat", "odstotek")
    share_words: tuple[str, ...] = ()
    # words saying when a score was taken ("ob vstopu", "zadnji", "Latest"): a score's header
    # with them is the score's
    when_scored_words: frozenset[str] = frozenset()
    kind_list: KindList | None = None

    def column_for_header(self, header: object) -> str | None:
        return self.match_header(header).column

    def offered_columns(self, reported: Collection[str]) -> list[str]:
        """The columns a partner reporting the tables `reported` is offered (its template): a
        column speaking of another table (a person's housing unit) only to one reporting it."""
        return [
            c
            for c in self.columns
            if COLUMN_OF_TABLE.get((self.name, c), self.name) in (self.name, *reported)
        ]

    def match_header(self, header: object) -> HeaderMatch:
        """The column a header names: its own words first, then the generic words for a kind
        column, then the closest own header when one alone is close (a typo); a share ("%
        present") names none."""
        if self.names_share(header):
            return HeaderMatch(None)
        return self.match_key(word_key(header))

    def match_key(self, key: str) -> HeaderMatch:
        """`match_header` of a header already made a `word_key`."""
        return _match_header(self, key)

    @cached_property
    def header_index(self) -> dict[str, str]:
        return {word_key(h): c.name for c in self.columns.values() for h in c.headers}

    @cached_property
    def generic_index(self) -> dict[str, str]:
        return {word_key(h): c.name for c in self.columns.values() for h in c.generic_headers}

    @cached_property
    def kind_column(self) -> str | None:
        """The coded column that says what kind of row it is (session or activity kind)."""
        return next((c.name for c in self.columns.values() if c.generic_headers), None)

    @cached_property
    def kind_words(self) -> frozenset[str]:
        """The longer words of the kind column's own headers ("aktivnost", "zajęć", "activity")."""
        if self.kind_column is None:
            return frozenset()
        headers = self.columns[self.kind_column].headers
        return frozenset(w for h in headers for w in normalise(h).split() if len(w) >= KIND_WORD)

    def names_share(self, header: object) -> bool:
        """Whether a header is of a share or a percentage ("Procenat prisutnih", "% present"):
        a figure worked out from the table's counts, never one of its columns."""
        return says_share(header, self.share_words)

    def score_when_scored(self, key: str) -> str | None:
        """The score column a header (a `word_key`) names with words of when it was taken."""
        words = key.split()
        bare = " ".join(w for w in words if w not in self.when_scored_words)
        column = self.header_index.get(bare) if bare and len(bare) < len(key) else None
        return column if column and self.columns[column].counted_in == "points" else None

    def names_caller(self, key: str) -> bool:
        """Whether a header (a `word_key`) speaks of the caller of a helpline ("Spol pozivaoca")."""
        return not self.caller_words.isdisjoint(key.split())

    def names_kind(self, header: object) -> bool:
        """Whether a header speaks of the kind of row, as "Naziv aktivnosti" (the activity's
        name) does: a column the partner names so says each row's kind."""
        return any(w.startswith(k) for w in normalise(header).split() for k in self.kind_words)

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns.values() if c.required]

    def header(self, column: str, language: str) -> str:
        """The first word a partner writing `language` uses for a column (English as fallback)."""
        return (
            self.headers_by_language.get(language, {}).get(column)
            or self.headers_by_language["en"][column]
        )


class KeyColumns(NamedTuple):
    """The column of `table` a header names (near words too) and the one it names word for
    word, if any."""

    table: str
    near: str
    exact: str | None


# distinct header keys whose columns a process keeps (a few MB)
KEY_COLUMNS_KEPT = 50_000
# distinct texts whose code a process keeps (a few MB)
TEXTS_CLASSIFIED_KEPT = 50_000


@dataclass(frozen=True)
class Vocabulary:
    tables: dict[str, Table]
    codes: dict[str, dict[str, str]]
    code_words: dict[str, dict[str, dict[str, list[str]]]]
    totals_words: frozenset[str]
    totals_label_words: frozenset[str]
    average_words: frozenset[str]
    week_words: frozenset[str]
    week_start_words: tuple[str, ...]
    undivided_headers: tuple[tuple[frozenset[str], tuple[str, ...]], ...]
    period_words: frozenset[str]
    partner_words: frozenset[str]
    minute_words: frozenset[str]
    minute_second_words: tuple[str, ...]
    day_words: frozenset[str]
    hour_words: frozenset[str]
    duration_words: dict[str, float]
    school_hour_words: tuple[str, ...]
    count_words: dict[str, frozenset[str]]
    participant_part_codes: tuple[str, ...]
    approximate_words: frozenset[str]
    number_words: dict[str, dict[str, int]]
    cancel_words: tuple[str, ...]
    not_held_cells: tuple[str, ...]
    not_held_subjects: tuple[str, ...]
    not_held_headers: frozenset[str]
    attendance_headers: frozenset[str]
    not_attended_marks: frozenset[str]
    note_words: frozenset[str]
    not_applicable_words: frozenset[str]
    no_value_marks: frozenset[str]
    ditto_marks: frozenset[str]
    anonymous_words: frozenset[str]
    occupancy_headers: frozenset[str]
    row_number_headers: frozenset[str]
    summary_labels: dict[str, str]
    absent_words: frozenset[str]
    born_headers: frozenset[str]
    birth_year_headers: frozenset[str]
    present_words: frozenset[str]
    register_letters: tuple[tuple[str, str], ...]
    late_marks: dict[str, frozenset[str]]
    group_words: frozenset[str]
    housing_words: tuple[str, ...]
    yielding_headers: frozenset[str]
    baseline_words: frozenset[str]
    time_range_headers: dict[str, str]
    resident_list_headers: dict[str, str]
    exit_kinds: dict[str, str]
    ignored_headers: frozenset[str]
    ignored_headers_of_people: frozenset[str]
    day_headers: frozenset[str]
    form_headers: frozenset[str]
    events_count_headers: frozenset[str]
    personal_headers: frozenset[str]
    personal_headers_of_people: frozenset[str]
    personal_headers_of_language: dict[str, frozenset[str]]
    caller_words: frozenset[str]
    share_words: tuple[str, ...]
    instruction_sheet_names: frozenset[str]
    summary_sheet_words: frozenset[str]
    pivot_labels: frozenset[str]
    pivot_captions: tuple[str, ...]
    sheet_names_by_language: dict[str, dict[str, str]]
    kind_rules: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]
    age_ranges: dict[str, tuple[int, int]]
    training_keywords: tuple[str, ...]
    kind_table_words: dict[str, tuple[str, ...]]
    month_words: dict[str, dict[str, int]]
    month_range_words: frozenset[str]

    def columns_of_key(self, key: str) -> tuple[KeyColumns, ...]:
        """Each table a header `key` (a `word_key`) names a column of, with that column (near
        words too) and the column it names word for word, if any. Kept: a sheet's first rows,
        where headers are looked for, repeat from file to file."""
        return kept_in(
            self.columns_by_key,
            key,
            KEY_COLUMNS_KEPT,
            lambda: tuple(
                KeyColumns(
                    table.name, near, table.header_index.get(key) or table.generic_index.get(key)
                )
                for table, near in ((t, t.match_key(key).column) for t in self.tables.values())
                if near is not None
            ),
        )

    @cached_property
    def columns_by_key(self) -> dict[str, tuple[KeyColumns, ...]]:
        return {}

    @cached_property
    def totals_heads(self) -> frozenset[str]:
        """The first word of every totals word: most cells are told apart by it alone."""
        return frozenset(w.split()[0] for w in self.totals_words)

    def is_totals_label(self, value: object) -> bool:
        """A cell labelling a totals row: a totals word alone or before a colon ("Ukupno", "Σ",
        "Skupaj: 6 oseb"), or before words that only say of what or when ("Skupaj vseh enot",
        "Ukupno za listopad 2026"). "Skupaj" is also "together": "Skupaj na izlet" is a title."""
        if not isinstance(value, str):
            return False
        key = mark_key(value)
        if key.partition(" ")[0] not in self.totals_heads:
            return False
        words = key.split()
        head = next((n for n in (2, 1) if " ".join(words[:n]) in self.totals_words), 0)
        if not head:
            return False
        if ":" in value and normalise(value.split(":")[0]) in self.totals_words:
            return True
        return all(self.says_of_what(word) for word in words[head:])

    def is_average_label(self, value: object) -> bool:
        """A cell labelling a row of averages under the rows ("Prosjek", "Średnio:", "Average
        per session"): a summary of them as a totals row is, but with no sum to check."""
        if not isinstance(value, str):
            return False
        words = mark_key(value).split()
        if not words or words[0] not in self.average_words:
            return False
        if ":" in value and normalise(value.split(":")[0]) in self.average_words:
            return True
        return all(self.says_of_what(word) for word in words[1:])

    def heads_a_total(self, header: object) -> bool:
        """A header of a totals word alone ("Skupaj", "Razem", "Totalt"): the column of the
        total of the columns beside it, naming nothing of its own."""
        return isinstance(header, str) and mark_key(header) in self.totals_words

    def part_of_participants(self, header: object) -> tuple[str, str] | None:
        """The code set and the category a header names alone when it may head a part of the
        people of a meeting ("Kobiety": sex, female; "Svojci": audience, relatives); else None."""
        return None if header is None else self.participant_parts.get(normalise(header))

    @cached_property
    def participant_parts(self) -> dict[str, tuple[str, str]]:
        """Each word of a category of people by its code set and code, the first code set's
        first: every header cell of a sheet's first rows is looked up in it."""
        parts: dict[str, tuple[str, str]] = {}
        for code_set in self.participant_part_codes:
            for word, code in self.codes[code_set].items():
                parts.setdefault(word, (code_set, code))
        return parts

    def begins_with_totals_word(self, value: object) -> bool:
        """A cell of a totals word before other words ("Skupaj Svetovalka A", "Sum veileder A",
        "Subtotal (caseload A)"): a subtotal's label when its row holds only sums of the rows
        above it, else text ("Skupaj na izlet")."""
        if not isinstance(value, str):
            return False
        words = normalise(value).split()
        if not words or words[0] not in self.totals_heads:
            return False
        return any(" ".join(words[:n]) in self.totals_words for n in range(1, len(words)))

    def is_week_label(self, value: object) -> bool:
        """A cell naming only a week ("1. teden", "Uke 41", "Week 2", "w/c 28/09/2026"): a row
        holding it alone labels the rows under it."""
        if not isinstance(value, str):
            return False
        if (day := self.after_week_start(value)) is not None:
            # "w/c 28/09/2026": a week named by its first day
            return all(w.isdigit() for w in normalise(day).split())
        words = normalise(value).split()
        return (
            any(w in self.week_words for w in words)
            and any(w.isdigit() for w in words)
            and all(w in self.week_words or w.isdigit() for w in words)
        )

    def week_number(self, value: object) -> int | None:
        """The number of the week a cell names as a week label does ("Uke 45", "45. teden",
        "Tydzień 45"); None for any other cell, and for a week named by its first day."""
        if self.after_week_start(value) is not None or not self.is_week_label(value):
            return None
        numbers = [int(word) for word in normalise(value).split() if word.isdigit()]
        return numbers[0] if len(numbers) == 1 else None

    def may_head_weeks(self, header: object) -> bool:
        """A header of the week ("Uke", "Tydzień", "Week"): week numbers beside the dates, or
        the weeks that date each row ("Uke 45")."""
        return normalise(header) in self.week_words

    @cached_property
    def week_start_first_words(self) -> frozenset[str]:
        """The first word of each phrase naming a week by its first day ("w", "week", "uke")."""
        return frozenset(start.split()[0] for start in self.week_start_words)

    def undivided_parts(self, header: object) -> tuple[str, ...]:
        """The columns a header gives undivided ("Wypisy": exits_planned, exits_unplanned);
        none when it names no such sum."""
        key = normalise(header)
        return next((parts for words, parts in self.undivided_headers if key in words), ())

    def names_week_start(self, header: object) -> bool:
        """Whether a column's header says its dates are each a week's first day ("Uke fra",
        "Week commencing")."""
        return (
            normalise(header) in self.week_start_words or self.after_week_start(header) is not None
        )

    def after_week_start(self, text: object) -> str | None:
        """The day a cell names its week by, without the words saying so ("w/c 05/10/2026",
        "Tydzień od 5.10.2026"); None when it does not begin with them."""
        if not isinstance(text, str):
            return None
        first = _FIRST_WORD.match(text)
        if first is None or normalise(first.group(1)) not in self.week_start_first_words:
            return None
        words = list(re.finditer(r"[^\W_]+", text))
        for start in self.week_start_words:
            named = start.split()
            if (
                len(words) > len(named)
                and [normalise(w.group()) for w in words[: len(named)]] == named
            ):
                return text[words[len(named) - 1].end() :].lstrip(" :/.-\t")
        return None

    def is_week_sheet_name(self, sheet_name: str) -> bool:
        """A sheet named for a week of the month: as a week label ("1. teden", "Uke 41"), also
        with its number written onto the word ("uke40"), with the month ("Teden 1 - oktober") or
        with its days in brackets ("Week 1 (1-6 Sep)")."""
        words = re.findall(r"[a-z]+|\d+", normalise(re.sub(r"\(.*?\)", " ", sheet_name)))
        unmonthed = [w for w in words if not any(w in m for m in self.month_words.values())]
        return self.is_week_label(" ".join(unmonthed))

    def says_of_what(self, word: str) -> bool:
        """A word after a totals word that leaves the cell a label: a filler, a month, a number."""
        return (
            word in self.totals_label_words
            or word.isdigit()
            or any(word in months for months in self.month_words.values())
        )

    def month_of(self, word: str, language: str | None = None) -> int | None:
        """The month a word (already normalised) names in the partner's language, else in any
        of the five; none for a word naming different months in two others ("listopad")."""
        own = self.month_words.get(language or "", {}).get(word)
        months = {own} if own else {m[word] for m in self.month_words.values() if word in m}
        return months.pop() if len(months) == 1 else None

    def time_range_end(self, header: object) -> str | None:
        """ "start" or "end" for a header of the time a session began or ended ("Od", "Do")."""
        return self.time_range_headers.get(word_key(header))

    def resident_list_column(self, header: object) -> str | None:
        """ "resident", "moved_in", "moved_out" or "exit_kind" for a header of a list of
        residents, one a row ("Beboer", "Innflyttet", "Utflyttet", "Type utflytting")."""
        return self.resident_list_headers.get(word_key(header))

    def exit_kind(self, value: object) -> str | None:
        """ "planned" or "unplanned", as a list of residents' cell says a move-out was ("Planned",
        "nenačrtovan"), else None."""
        return self.exit_kinds.get(normalise(value))

    def not_applicable(self, text: object) -> bool:
        """Whether a coded cell says it does not apply ("N/A", "-", "nie dotyczy"). A question
        mark says it is not known, as "nepoznato" does: a value of its own, never an empty cell."""
        return (
            isinstance(text, str)
            and "?" not in text
            and normalise(text) in self.not_applicable_words
        )

    def says_no_value(self, text: object) -> bool:
        """Whether a figure's cell says there is none ("—", "n/a", "ni podatka", "brak"): by the
        words of `not_applicable`, a sign only as they write it ("?" is none of them)."""
        return isinstance(text, str) and mark_key(text) in self.no_value_marks

    def says_as_above(self, text: object) -> bool:
        """Whether a cell says it holds the value above it ("〃", "jw.", "isto kao gore")."""
        return isinstance(text, str) and text in self.ditto_marks

    def says_approximately(self, words: str) -> bool:
        """Whether the words before a figure say it is approximate ("cca", "~", "około")."""
        return mark_key(words) in self.approximate_words

    def says_present(self, mark: str, language: str | None = None) -> bool:
        """Whether a register's mark is a sign or word for present ("x", "✓", "tak"), or for
        late in the partner's `language` ("L", "spóźniony"): who came late was there."""
        key = mark_key(mark)
        return key in self.present_words or key in self.late_marks.get(language or "", ())

    def names_group(self, text: object) -> bool:
        """Whether a register's title or name names a group ("Grupa dla rodzin", "Klub")."""
        return not self.group_words.isdisjoint(normalise(text).split())

    def names_housing(self, text: object) -> bool:
        """Whether a register's name or title names housing ("Stanovanjska skupnost Maribor",
        "Obecność w mieszkaniu"): its marks are nights."""
        return any_starts_a_word(self.housing_words, normalise(text))

    def no_code(self, text: object) -> bool:
        """Whether a client code cell says there is none ("anonimno", "N/A", "-")."""
        key = normalise(text) if isinstance(text, str) else None
        return key in self.anonymous_words or key in self.not_applicable_words

    def yields(self, header: object) -> bool:
        """Whether a header names its column only when no other header of the sheet does: a
        weak one ("Status"), or one of the figure at a person's entry ("BARC-10 (vstop)")."""
        return word_key(header) in self.yielding_headers or not self.baseline_words.isdisjoint(
            normalise(header).split()
        )

    def says_birth_year(self, header: object) -> bool:
        """A header of a column of years of birth ("Letnik", "Godište", "Year of birth")."""
        return word_key(header) in self.birth_year_headers or self.says_born(header)

    def says_born(self, header: object) -> bool:
        """A header saying only that its people were born ("Rojen", "Urodzony"): of their years
        of birth, or their dates of birth."""
        return word_key(header) in self.born_headers

    def says_cancelled(self, text: object) -> bool:
        """Whether a cell says its meeting or session did not take place ("Avlyst")."""
        key = normalise(text)
        return any(word in key for word in self.cancel_words)

    def says_not_held(self, text: str) -> bool:
        """Whether a cell of a session's or meeting's row says it did not take place ("DNA",
        "Cancelled by client", "Key work - DNA"), as a whole or in a part of its own."""
        if len(normalise(text).split()) > NOT_HELD_WORDS:
            return False
        return any(
            begins_with_phrase(words, self.not_held_cells)
            or begins_with_phrase(
                without_subject(words, self.not_held_subjects), self.not_held_cells
            )
            for part in re.split(r"\s[-–—]\s|[:;,()\[\]/]", text)
            if (words := normalise(part).split())
        )

    def says_not_held_column(self, header: object) -> bool:
        """Whether a header names a column whose mark says the session did not take place
        ("DNA", "No show")."""
        return normalise(header) in self.not_held_headers

    def says_attendance(self, header: object) -> bool:
        """Whether a header names a column saying whether the person came ("Attended?")."""
        return normalise(header) in self.attendance_headers

    def says_not_attended(self, value: object) -> bool:
        """Whether a cell of a column of attendance says the person did not come ("No", "N")."""
        if isinstance(value, bool):
            return not value
        return normalise(value) in self.not_attended_marks or (
            isinstance(value, str) and self.says_not_held(value)
        )

    def begins_note(self, text: object) -> bool:
        """Whether a cell begins as a note does ("Opomba: ...", "NB: ...")."""
        head, colon, _ = str(text).partition(":")
        return bool(colon) and normalise(head) in self.note_words

    def is_instructions(self, sheet_name: str) -> bool:
        """A sheet of instructions or an example ("Navodila", "Primjer", "Przykład wypełnienia"),
        whatever table it shows: named so, or by such a word first."""
        words = normalise(sheet_name).split()
        return bool(words) and (
            " ".join(words) in self.instruction_sheet_names
            or words[0] in self.instruction_sheet_names
        )

    def is_summary_sheet(self, sheet_name: str) -> bool:
        """A sheet named as a summary of the month ("Povzetek oktober", "Sažetak", "Summary"):
        by such a word anywhere in its name."""
        return not self.summary_sheet_words.isdisjoint(normalise(sheet_name).split())

    def is_pivot_header(self, header: object) -> bool:
        """A header only a pivot table writes: the label over its rows ("Row Labels") or a
        figure's caption, an aggregate before the column it sums up ("Count of Date", "Sum -
        Hours"), never a column of rows."""
        if not isinstance(header, str):
            return False
        key = caption_key(header)
        return normalise(header) in self.pivot_labels or any(
            key.startswith(f"{caption} ") for caption in self.pivot_captions
        )

    def names_parts_by_slash(self, header: object) -> bool:
        """Whether a header names two categories of people of one kind with a slash between
        them ("Udeleženci (M/Ž)", "Broj učesnika (korisnici/porodica)"): its counts are written
        in those parts ("5/7")."""
        for first, second in SLASHED_WORDS.findall(str(header)):
            for code_set in ("sex", "audience"):
                codes = {self.classify(code_set, first), self.classify(code_set, second)}
                if UNCLASSIFIED not in codes and len(codes) == 2:
                    return True
        return False

    def summary_figure(self, label: object) -> str | None:
        """The figure a summary's label names ("Število svetovanj:": counselling_sessions)."""
        return self.summary_labels.get(word_key(str(label).split(":")[0]))

    def says_row_number(self, header: object) -> bool:
        """A header of the partner's own numbers of its rows ("Lp.", "R.br.", "#")."""
        return word_key(header) in self.row_number_headers

    def says_occupancy(self, header: object) -> bool:
        """A header of a housing unit's occupancy in the month ("Zasedenost (%)", "Belegg")."""
        return word_key(header) in self.occupancy_headers

    def is_ignored_header(self, header: object, table: str | None = None) -> bool:
        """A header of the partner's own row numbers, notes or staff ("Lp.", "Opombe"), or of
        its own totals ("Skupaj odhodov", "Ukupno sati"): not read, the figures come from the
        rows. In a sheet of people (`table`), also a person's date of joining ("Datum prijema")."""
        words = normalise(header).split()
        bare = re.sub(r"\(.*?\)", " ", str(header))
        return (
            word_key(header) in self.ignored_headers
            or (table == "people" and word_key(header) in self.ignored_headers_of_people)
            # "Mode (in person/online)": a hint in brackets after the header's own words
            or (
                "(" in str(header) and bool(bare.strip()) and word_key(bare) in self.ignored_headers
            )
            # "Uwagi wewnętrzne", "Opombe (interno)": notes still, whatever word follows
            or (bool(words) and len(words[0]) >= QUALIFIED_MIN and words[0] in self.ignored_headers)
            or any(" ".join(words[:n]) in self.totals_words for n in (1, 2))
            # "Spol pozivaoca", "Dob pozivaoca": what a call log says of its caller
            or not self.caller_words.isdisjoint(words)
            # "Procenat prisutnih", "% present": worked out from the counts
            or says_share(header, self.share_words)
        )

    def may_head_dates(self, header: object) -> bool:
        """A header of the day ("Dzień", "Dan"): a weekday beside the dates, or the dates."""
        return word_key(header) in self.day_headers

    def may_head_kinds(self, header: object) -> bool:
        """A header of the form of a meeting ("Forma zajęć"): online or in person, or its kind."""
        return word_key(header) in self.form_headers

    def counts_events(self, header: object) -> bool:
        """A header of a count of meetings or sessions ("Broj sastanaka"): a summary, where the
        report counts the meetings from their rows."""
        return word_key(header) in self.events_count_headers

    def is_personal_header(self, header: object, table: str, language: str | None = None) -> bool:
        """A header saying its column holds names, identity numbers, contacts or birth dates,
        also of the caller of a helpline ("Ime pozivaoca"); in the partner's `language` also
        one another language reads as a column of the report (English "DOB")."""
        key = word_key(header)
        of_caller = " ".join(w for w in key.split() if w not in self.caller_words)
        return (
            key in self.personal_headers
            or self.personal_in_language(header, language)
            or (table == "people" and key in self.personal_headers_of_people)
            or (
                of_caller != key
                and (
                    of_caller in self.personal_headers
                    or of_caller in self.personal_headers_of_people
                )
            )
        )

    def personal_in_language(self, header: object, language: str | None) -> bool:
        """Whether a header is of personal data in the partner's language, though another
        language's partners write it for a column of the report ("DOB", Bosnian "dob": age)."""
        return word_key(header) in self.personal_headers_of_language.get(language or "", ())

    def counts_minutes(self, header: object) -> bool:
        """Whether a duration's header says its numbers are minutes ("Trajanje (min)")."""
        return not self.minute_words.isdisjoint(normalise(header).split())

    def counts_minutes_and_seconds(self, header: object) -> bool:
        """Whether a duration's header says its lengths are minutes and seconds ("Duration
        (mm:ss)")."""
        key = f" {normalise(header)} "
        return any(f" {words} " in key for words in self.minute_second_words)

    def counts_days(self, header: object) -> bool:
        """Whether a duration's header says its numbers are days ("Trajanje (dni)"), naming
        no hours nor minutes ("Ure na dan" is hours)."""
        words = set(normalise(header).split())
        return (
            not words.isdisjoint(self.day_words)
            and words.isdisjoint(self.hour_words | self.minute_words)
            and not self.counts_school_hours(header)
        )

    def counts_school_hours(self, header: object) -> bool:
        """Whether a duration's header says its numbers are school hours of 45 minutes
        ("Pedagoške ure"), as trainings in schools and adult education count them."""
        key = normalise(header)
        return any(starts_a_word(word, key) for word in self.school_hour_words)

    def names_no_unit(self, header: object) -> bool:
        """Whether a duration's header names no unit ("Trajanje", "Varighet", "Duration"): no
        word of hours ("Ure", "Trajanje (sati)"), minutes or school hours."""
        words = set(normalise(header).split())
        return self.duration_unit(header) == "hours" and words.isdisjoint(self.hour_words)

    def duration_unit(self, header: object) -> str:
        """How the numbers under a duration's header count: minutes_seconds, minutes,
        school_hours or hours."""
        if self.counts_minutes_and_seconds(header):
            return "minutes_seconds"
        if self.counts_minutes(header):
            return "minutes"
        return "school_hours" if self.counts_school_hours(header) else "hours"

    def classify(self, code_set: str, text: object, mapped: dict[str, str] | None = None) -> str:
        """The canonical code of a partner's value: the partner's own mapping (consortium.yaml),
        then the words of the code, then the keyword rules, else `unclassified`."""
        key = normalise(text)
        if mapped and key in mapped:
            return mapped[key]
        if not isinstance(text, str):
            return self.code_of(code_set, text)
        return kept_in(
            self.classified,
            (code_set, text),
            TEXTS_CLASSIFIED_KEPT,
            lambda: self.code_of(code_set, text),
        )

    @cached_property
    def classified(self) -> dict[tuple[str, str], str]:
        """The code of each text met (sheet names, kinds of activity, sexes): they repeat
        from file to file."""
        return {}

    def code_of(self, code_set: str, text: object) -> str:
        """The code the vocabulary's words and keyword rules give a value."""
        key = normalise(text)
        if key in self.codes[code_set]:
            return self.codes[code_set][key]
        if code_set in FIRST_NAMED:
            named = self.codes_named(code_set, text)
            if named:
                return named[0]
        key = self.without_training_words(code_set, key)
        for code, keywords in self.kind_rules.get(code_set, ()):
            if any(starts_a_word(k, key) for k in keywords):
                return code
        if code_set == "age_band":
            return self.age_band(text) or UNCLASSIFIED
        return UNCLASSIFIED

    def codes_named(self, code_set: str, text: object) -> list[str]:
        """Every code whose keyword rules a value names, in the order the value names them
        ("heroin/alkohol": drugs, then alcohol)."""
        key = self.without_training_words(code_set, normalise(text))
        first_at: dict[str, tuple[int, int]] = {}
        for code, keywords in self.kind_rules.get(code_set, ()):
            found = [(at, -len(k)) for k in keywords if (at := word_position(k, key)) is not None]
            if found:
                first_at[code] = min(found)
        # a keyword beginning a longer one of another code names nothing of its own there:
        # "community" (the public) in "community worker" (staff)
        longest: dict[int, int] = {}
        for at, length in first_at.values():
            longest[at] = min(longest.get(at, 0), length)
        named = {c: at for c, (at, length) in first_at.items() if length == longest[at]}
        return sorted(named, key=named.__getitem__)

    def without_training_words(self, code_set: str, key: str) -> str:
        """An audience read without the words that name the training itself: Polish
        "szkolenie" (a training) begins as "szkoła" (a school, the public's) does, Norwegian
        "skolering" as "skole"."""
        if code_set != "audience":
            return key
        return " ".join(w for w in key.split() if not any_starts_a_word(self.training_keywords, w))

    def age_band(self, text: object) -> str | None:
        """The band holding every age written (`34`, `34 år`, `30-35 let`, `50+`, `pod 18`); a
        range across bands has none, nor a date, a decimal, a negative number or a birth year."""
        written = str(text).strip()
        if re.search(r"\d\s*[.,/]\s*\d", written) or re.match(r"-\s*\d", written):
            return None
        ages = [int(n) for n in re.findall(r"\d+", written)]
        if not 1 <= len(ages) <= 2 or max(ages) > MAX_AGE:
            return None
        words = set(normalise(written).split())
        if len(ages) == 1 and ("+" in written or words & AGE_OVER_WORDS):
            ages.append(MAX_AGE)
        elif len(ages) == 1 and words & AGE_UNDER_WORDS:
            ages = [0, ages[0] - 1]
        elif len(ages) == 1 and words & AGE_UP_TO_WORDS:
            ages = [0, ages[0]]
        low, high = min(ages), max(ages)
        return next(
            (b for b, (lo, hi) in self.age_ranges.items() if lo <= low and high <= hi), None
        )

    def is_training(self, text: object) -> bool:
        key = normalise(text)
        return any(starts_a_word(k, key) for k in self.training_keywords)

    def names_table(self, table: str, text: object) -> bool:
        """Whether a kind of activity names what it is ("Skupina za svojce" a group's meeting,
        "Svetovanje za svojce" a counselling session)."""
        return any_starts_a_word(self.kind_table_words.get(table, ()), normalise(text))

    def keyword_length(self, code_set: str, text: object) -> int:
        """The longest keyword of the code set's rules that starts a word of the value: how much
        of it a rule reads ("Delavnica za svojce" is a workshop more than a family's)."""
        return longest_keyword(self.kind_rules.get(code_set, ()), normalise(text))

    def names_all_people(self, name: str) -> bool:
        """Whether a sheet's or a text file's name is that of a register of all its people
        ("Uporabniki", "deltakere_oktober_2026", "Uczestnicy - październik"): a word naming them
        all and none naming one kind ("Korisnici smještaja" are residents, "Korisnici - članovi
        porodice" relatives)."""
        key = normalise(name)
        rest = " ".join(w for w in key.split() if w not in self.tables["people"].sheet_names)
        return (
            rest != key
            and self.code_of("user_kind", rest) == UNCLASSIFIED
            and not any(
                " " in k and starts_a_word(k, key)
                for _, ks in self.kind_rules["user_kind"]
                for k in ks
            )
        )

    def table_for_sheet(self, sheet_name: str) -> str | None:
        key = normalise(sheet_name)
        return next((t.name for t in self.tables.values() if key in t.sheet_names), None)

    def code(self, code_set: str, word: object) -> str | None:
        return self.codes[code_set].get(normalise(word))

    def code_word(self, code_set: str, code: str, language: str) -> str:
        """The word a partner writing `language` would use for a canonical code."""
        words = self.code_words[code_set][code]
        return (words.get(language) or words["en"])[0]

    def sheet_name(self, table: str, language: str) -> str:
        return (
            self.sheet_names_by_language[table].get(language)
            or self.sheet_names_by_language[table]["en"]
        )


@lru_cache(maxsize=1 << 14)
def any_starts_a_word(keywords: tuple[str, ...], key: str) -> bool:
    """Whether one of the keywords starts a word of `key`: kinds repeat from file to file."""
    return any(starts_a_word(k, key) for k in keywords)


@lru_cache(maxsize=1 << 14)
def longest_keyword(rules: tuple[tuple[str, tuple[str, ...]], ...], key: str) -> int:
    """The length of the longest keyword of the rules that starts a word of `key` (0: none)."""
    return max(
        (len(k) for _, keywords in rules for k in keywords if starts_a_word(k, key)), default=0
    )


def says_share(header: object, share_words: tuple[str, ...]) -> bool:
    """Whether a header is of a share or a percentage: with "%", or a word of `share_words`."""
    return "%" in str(header) or any_starts_a_word(share_words, normalise(header))


def starts_a_word(keyword: str, key: str) -> bool:
    """Whether a (normalised) keyword starts a word of a normalised value."""
    return word_position(keyword, key) is not None


def word_position(keyword: str, key: str) -> int | None:
    """Where a (normalised) keyword first starts a word of a normalised value, if it does."""
    found = word_start(keyword).search(key)
    return None if found is None else found.start()


@lru_cache(maxsize=1 << 12)
def word_start(keyword: str) -> re.Pattern[str]:
    """The pattern of a (normalised) keyword at the start of a word; the vocabulary's keywords
    are a few hundred, each looked for in thousands of values."""
    return re.compile(rf"(?<![a-z0-9]){re.escape(keyword)}")


@lru_cache(maxsize=1 << 16)
def _match_header(table: Table, key: str) -> HeaderMatch:
    if table.names_share(key):
        # "Procenat prisutnih" is no "prisutnih": a share of those present, never their count
        return HeaderMatch(None)
    found = _match_words(table, key)
    if found.column not in CALLER_COLUMNS and table.names_caller(key):
        # "Spol pozivaoca", "Dob pozivaoca": the caller of a call log, never a person's column
        return HeaderMatch(None)
    return found


def _match_words(table: Table, key: str) -> HeaderMatch:
    if key in table.header_index:
        return HeaderMatch(table.header_index[key])
    if key in table.generic_index:
        return HeaderMatch(table.generic_index[key])
    if (column := table.score_when_scored(key)) is not None:
        # "BARC-10 ob vstopu", "Latest BARC-10": the score, taken then
        return HeaderMatch(column)
    if table.kind_list is not None and table.kind_list.lists_kinds(key):
        # "Deltaker/pårørende", "Uczestnik / rodzina": the kinds, not the code of a "Deltaker"
        return HeaderMatch(table.kind_list.column)
    if (
        len(key) < FUZZY_MIN_CHARS
        or set(key.split()) <= table.weak_words
        or key in table.never_near_headers
    ):
        # "No.", "Št.", "Br.": a row number's header, never a typo of "No. of hours"; "Broj"
        # alone is not "Broj sati", whose meaning is in the word left out
        return HeaderMatch(None)
    words = " ".join(word for word in key.split() if not word.isdigit())
    if words != key:
        # numbers are no header's words: a header with its year ("Udeleženci 2025") is its
        # words, and a row's codes and dates ("SKM-0417", "16. 10. 2025") are no header
        return _match_header(table, words) if words else HeaderMatch(None)
    found = [
        match
        for match in process.extract(
            key, list(table.header_index), scorer=fuzz.token_set_ratio, score_cutoff=FUZZY_CUTOFF
        )
        if not leaves_out_meaning(key, match[0], table.weak_words)
    ]
    if not found:
        return HeaderMatch(None)
    best = found[0][1]
    close = tuple(
        dict.fromkeys(
            table.header_index[h] for h, score, _ in found if score >= best - FUZZY_MARGIN
        )
    )
    return HeaderMatch(close[0] if len(close) == 1 else None, close)


def leaves_out_meaning(key: str, header: str, weak_words: frozenset[str]) -> bool:
    """Whether a header is another's words less one that carries meaning: "Session" is not
    "Session length", though "Attending" is "Number attending"."""
    words, fuller = set(key.split()), set(header.split())
    return words < fuller and not fuller - words <= weak_words


@cache
def vocabulary() -> Vocabulary:
    raw = yaml_file(VOCABULARY_FILE)
    # a column of years of birth is the people's age band, read from them
    age_band = raw["tables"]["people"]["columns"]["age_band"]["headers"]
    for language, headers in raw["birth_year_headers"].items():
        age_band[language] = [*age_band[language], *headers]
    generic = frozenset(normalise(h) for hs in raw["generic_kind_headers"].values() for h in hs)
    shared = {
        "weak_words": frozenset(normalise(w) for w in raw["weak_words"]),
        "never_near_headers": frozenset(
            word_key(h)
            for by_language in raw["time_range_headers"].values()
            for hs in by_language.values()
            for h in hs
        )
        | {word_key(h) for h in raw["ignored_headers"] + raw["period_words"]},
        "caller_words": frozenset(normalise(w) for w in raw["caller_words"]),
        "share_words": tuple(normalise(w) for w in raw["share_words"]),
        "when_scored_words": frozenset(
            normalise(w) for w in raw["baseline_words"] + raw["latest_words"]
        ),
    }
    code_words = {
        code_set: {
            code: {lang: [str(w) for w in ws] for lang, ws in by_lang.items()}
            for code, by_lang in mapping.items()
        }
        for code_set, mapping in raw["codes"].items()
    }
    codes = {
        code_set: {
            normalise(w): code
            for code, by_lang in mapping.items()
            for w in [code, *(w for ws in by_lang.values() for w in ws)]
        }
        for code_set, mapping in code_words.items()
    }
    kind_lists = {
        code_set: _kind_list(code_words[code_set], raw["kind_rules"][code_set])
        for code_set in LISTED_KIND_CODE_SETS
    }
    tables = {
        name: _table(name, spec, generic, shared, kind_lists)
        for name, spec in raw["tables"].items()
    }
    return Vocabulary(
        tables=tables,
        codes=codes,
        code_words=code_words,
        totals_words=frozenset(mark_key(w) for w in raw["totals_words"]),
        totals_label_words=frozenset(
            normalise(w) for w in [*raw["totals_label_words"], *raw["week_words"]]
        ),
        average_words=frozenset(mark_key(w) for w in raw["average_words"]),
        week_words=frozenset(normalise(w) for w in raw["week_words"]),
        week_start_words=tuple(normalise(w) for w in raw["week_start_words"]),
        undivided_headers=tuple(
            (frozenset(normalise(h) for h in u["headers"]), tuple(u["parts"]))
            for u in raw["undivided_headers"]
        ),
        period_words=frozenset(normalise(w) for w in raw["period_words"]),
        partner_words=frozenset(normalise(w) for w in raw["partner_words"]),
        minute_words=frozenset(normalise(w) for w in raw["minute_words"]),
        minute_second_words=tuple(normalise(w) for w in raw["minute_second_words"]),
        day_words=frozenset(normalise(w) for w in raw["day_words"]),
        hour_words=frozenset(normalise(w) for w in raw["hour_words"]),
        duration_words={
            normalise(w): float(hours) for hours, ws in raw["duration_words"].items() for w in ws
        },
        school_hour_words=tuple(normalise(w) for w in raw["school_hour_words"]),
        participant_part_codes=tuple(raw["participant_parts"]),
        approximate_words=frozenset(mark_key(w) for w in raw["approximate_words"]),
        count_words={
            counted: frozenset(normalise(w) for w in ws)
            for counted, ws in raw["count_words"].items()
        },
        number_words={
            language: {normalise(w): int(n) for n, ws in by_number.items() for w in ws}
            for language, by_number in raw["number_words"].items()
        },
        cancel_words=tuple(normalise(w) for w in raw["cancel_words"]),
        not_held_cells=tuple(normalise(w) for w in raw["not_held_cells"]),
        not_held_subjects=tuple(normalise(w) for w in raw["not_held_subjects"]),
        not_held_headers=frozenset(normalise(w) for w in raw["not_held_headers"]),
        attendance_headers=frozenset(normalise(w) for w in raw["attendance_headers"]),
        not_attended_marks=frozenset(normalise(w) for w in raw["not_attended_marks"]),
        note_words=frozenset(normalise(w) for w in raw["note_words"]),
        not_applicable_words=frozenset(normalise(w) for w in raw["not_applicable_words"]),
        no_value_marks=frozenset(mark_key(w) for w in raw["not_applicable_words"]),
        ditto_marks=frozenset(
            spaced
            for mark in raw["ditto_marks"]
            for cased in (mark, mark.capitalize(), mark.upper())
            for spaced in (cased, f"{cased} ", f" {cased}")
        ),
        anonymous_words=frozenset(normalise(w) for w in raw["anonymous_words"]),
        occupancy_headers=frozenset(word_key(w) for w in raw["occupancy_headers"]),
        row_number_headers=frozenset(word_key(w) for w in raw["row_number_headers"]),
        summary_labels={
            word_key(label): figure
            for figure, by_language in raw["summary_labels"].items()
            for labels in by_language.values()
            for label in labels
        },
        absent_words=frozenset(normalise(w) for w in raw["absent_words"]),
        present_words=frozenset(mark_key(w) for w in raw["present_words"]),
        register_letters=tuple(
            (mark_key(present), mark_key(absent)) for present, absent in raw["register_letters"]
        ),
        late_marks={
            language: frozenset(mark_key(w) for w in marks)
            for language, marks in raw["late_marks"].items()
        },
        group_words=frozenset(normalise(w) for w in raw["group_words"]),
        housing_words=tuple(normalise(w) for w in raw["housing_words"]),
        yielding_headers=frozenset(word_key(h) for h in raw["yielding_headers"]),
        baseline_words=frozenset(normalise(w) for w in raw["baseline_words"]),
        born_headers=frozenset(word_key(h) for h in raw["born_headers"]),
        birth_year_headers=frozenset(
            word_key(h) for hs in raw["birth_year_headers"].values() for h in hs
        ),
        time_range_headers={
            word_key(h): end
            for end, by_language in raw["time_range_headers"].items()
            for hs in by_language.values()
            for h in hs
        },
        resident_list_headers={
            word_key(h): column
            for column, by_language in raw["resident_list_headers"].items()
            for hs in by_language.values()
            for h in hs
        },
        exit_kinds={normalise(w): kind for kind, ws in raw["exit_kinds"].items() for w in ws},
        ignored_headers=frozenset(word_key(h) for h in raw["ignored_headers"]),
        ignored_headers_of_people=frozenset(word_key(h) for h in raw["ignored_headers_of_people"]),
        day_headers=frozenset(word_key(h) for h in raw["day_headers"]),
        form_headers=frozenset(word_key(h) for h in raw["form_headers"]),
        events_count_headers=frozenset(word_key(h) for h in raw["events_count_headers"]),
        personal_headers=frozenset(word_key(h) for h in raw["personal_headers"]),
        personal_headers_of_language={
            language: frozenset(word_key(h) for h in headers)
            for language, headers in raw["personal_headers_of_language"].items()
        },
        personal_headers_of_people=frozenset(
            word_key(h) for h in raw["personal_headers_of_people"]
        ),
        caller_words=frozenset(normalise(w) for w in raw["caller_words"]),
        share_words=tuple(normalise(w) for w in raw["share_words"]),
        instruction_sheet_names=frozenset(normalise(n) for n in raw["instruction_sheet_names"]),
        summary_sheet_words=frozenset(normalise(n) for n in raw["summary_sheet_words"]),
        pivot_labels=frozenset(normalise(w) for w in raw["pivot_labels"]),
        pivot_captions=tuple(caption_key(w) for w in raw["pivot_captions"]),
        sheet_names_by_language={
            n: {lang: ws[0] for lang, ws in spec["sheet_names"].items()}
            for n, spec in raw["tables"].items()
        },
        kind_rules={
            code_set: tuple(
                (rule["code"], tuple(normalise(k) for k in rule["keywords"])) for rule in rules
            )
            for code_set, rules in raw["kind_rules"].items()
        },
        age_ranges={band: (lo, hi) for band, (lo, hi) in raw["age_ranges"].items()},
        training_keywords=tuple(normalise(k) for k in raw["training_keywords"]),
        kind_table_words={
            table: tuple(normalise(w) for w in words)
            for table, words in raw["kind_table_words"].items()
        },
        month_words={
            lang: {
                normalise(form): number
                for number, forms in enumerate(months, start=1)
                for form in str(forms).split("|")
            }
            for lang, months in raw["month_names"].items()
        },
        month_range_words=frozenset(normalise(w) for w in raw["month_range_words"]),
    )


def _kind_list(words: dict[str, dict[str, list[str]]], rules: list[dict]) -> dict:
    """The parts of a `KindList` (but its column) from a code set's words and keyword rules."""
    named = [(normalise(w), code) for code, by in words.items() for ws in by.values() for w in ws]
    keywords = [(normalise(k), rule["code"]) for rule in rules for k in rule["keywords"]]
    return {
        "codes": {word: code for word, code in named if " " not in word},
        "starts": tuple((k, code) for k, code in keywords if " " not in k),
        "joining": frozenset(
            part
            for phrase, _ in named + keywords
            if " " in phrase
            for part in phrase.split()
            if len(part) >= LISTED_WORD
        ),
    }


def _table(
    name: str,
    spec: dict,
    generic: frozenset[str],
    shared: dict[str, frozenset[str] | tuple[str, ...]],
    kind_lists: dict[str, dict],
) -> Table:
    """A table of the yaml; `shared`: the words every table matches headers with; `kind_lists`:
    the words a header listing kinds is made of, by code set."""
    columns = {
        col: Column(
            name=col,
            type=c["type"],
            required=bool(c.get("required")),
            codes=c.get("codes"),
            headers=frozenset(normalise(h) for hs in c["headers"].values() for h in hs)
            | {normalise(col)},
            generic_headers=generic if c.get("codes") in GENERIC_KIND_CODE_SETS else frozenset(),
            not_required_for=tuple(
                (other, frozenset(codes)) for other, codes in c.get("not_required_for", {}).items()
            ),
            counted_in=c.get("counted_in"),
        )
        for col, c in spec["columns"].items()
    }
    listed = next((c for c in columns.values() if c.codes in kind_lists), None)
    return Table(
        name=name,
        **shared,
        kind_list=None if listed is None else KindList(listed.name, **kind_lists[listed.codes]),
        description=spec["description"],
        sheet_names=frozenset(normalise(s) for ss in spec["sheet_names"].values() for s in ss)
        | {name},
        columns=columns,
        headers_by_language={
            lang: {
                col: c["headers"][lang][0]
                for col, c in spec["columns"].items()
                if lang in c["headers"]
            }
            for lang in ("sl", "bs", "pl", "no", "en")
        },
    )
