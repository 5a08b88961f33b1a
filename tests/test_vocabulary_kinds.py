"""The words partners write for a kind of session, read as its code."""

import pytest

from core.vocabulary import vocabulary


@pytest.mark.parametrize("written", ["Samtale", "samtaler"])
def test_a_plain_conversation_in_norwegian_is_individual_counselling(written):
    # "samtale" is a counselling conversation; the phone's and the family's have their own words
    assert vocabulary().classify("session_kind", written) == "individual"


@pytest.mark.parametrize(
    ("written", "kind"),
    [("Telefonsamtale", "phone"), ("Pårørendesamtale", "family"), ("Gruppesamtale", "group")],
)
def test_a_conversation_named_for_its_kind_keeps_that_kind(written, kind):
    assert vocabulary().classify("session_kind", written) == kind


@pytest.mark.parametrize("written", ["Linija 0800", "Linija za pomoć", "Linia wsparcia", "Hotline"])
def test_a_helpline_named_as_a_line_is_a_call(written):
    assert vocabulary().classify("session_kind", written) == "phone"


@pytest.mark.parametrize(
    ("code_set", "written", "code"),
    [
        ("session_kind", "Telephone", "phone"),
        ("session_kind", "Counselling", "individual"),
        ("session_kind", "osebno", "individual"),
        ("session_kind", "Osobno savjetovanje", "individual"),
        ("session_kind", "lično", "individual"),
        ("session_kind", "Face to face", "individual"),
        ("audience", "učenici", "public"),
        ("session_kind", "1-2-1", "individual"),
        ("audience", "Community workers", "staff"),
        ("audience", "Socialni delavci", "staff"),
        ("audience", "Socijalni radnici", "staff"),
        ("user_kind", "Concerned person", "relative"),
        ("user_kind", "Significant other", "relative"),
        ("activity_kind", "AA-møte", "support_group"),
        ("activity_kind", "Mestringsgruppe", "support_group"),
        ("activity_kind", "Grupa terapeutyczna", "support_group"),
        ("activity_kind", "Kafékveld", "social_outing"),
        ("activity_kind", "Aftercare group", "support_group"),
        ("activity_kind", "Felles middag", "social_outing"),
        ("activity_kind", "Fisketur", "social_outing"),
        ("activity_kind", "Wyjazd do Zakopanego", "social_outing"),
        ("activity_kind", "Zajęcia arteterapii", "course"),
        ("activity_kind", "Temakveld", "course"),
        ("activity_kind", "Družinska skupina", "support_group"),
        ("activity_kind", "Klub zdravljenih alkoholikov", "support_group"),
        ("activity_kind", "Porodična grupa", "support_group"),
        ("activity_kind", "Sastanak kluba liječenih alkoholičara", "support_group"),
        ("activity_kind", "Grupa rodzinna", "support_group"),
        ("activity_kind", "Grupa motywacyjna", "support_group"),
        ("activity_kind", "Foreldregruppe", "support_group"),
        ("activity_kind", "Gruppeterapi", "support_group"),
        ("activity_kind", "Group therapy", "support_group"),
        ("activity_kind", "Predavanje za starše", "course"),
        ("activity_kind", "Psihoedukacija", "course"),
        ("activity_kind", "Wykład", "course"),
        ("activity_kind", "Foredrag", "course"),
        ("activity_kind", "Lecture on relapse", "course"),
        ("activity_kind", "Družinski izlet", "social_outing"),
        ("activity_kind", "Obiteljska radionica", "course"),
    ],
)
def test_kinds_partners_wrote_in_their_own_words_are_known(code_set, written, code):
    assert vocabulary().classify(code_set, written) == code


@pytest.mark.parametrize(
    ("written", "audience"),
    [
        ("Szkolenie dla rodzin osób uzależnionych", "relatives"),
        ("Szkolenie dla personelu klubu", "staff"),
        ("Szkolenie z pierwszej pomocy", "unclassified"),
        ("Skolering av frivillige", "staff"),
        ("Prelekcja w szkole", "public"),
    ],
)
def test_the_word_for_a_training_is_not_read_as_the_school_its_audience_would_be(written, audience):
    # Polish "szkolenie" begins as "szkoła" does, Norwegian "skolering" as "skole"
    assert vocabulary().classify("audience", written) == audience


def test_a_word_beginning_a_longer_keyword_names_no_second_audience():
    # "community" is the public's word, "community worker" staff's: the workers are staff
    # alone, not staff and the public (which would be told as an audience named twice)
    assert vocabulary().codes_named("audience", "Community workers") == ["staff"]
