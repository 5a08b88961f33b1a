"""A column headed "Group" ("Grupa", "Skupina", "Gruppe"): the partner's group as a site when its
cells name the partner's sites, the kind of each meeting when they name kinds and no site."""

import pytest
import yaml
from own_sheets_support import read, workbook


def with_english_partner(workspace, *sites):
    """The workspace's consortium.yaml with an English partner reporting groups at `sites`
    (id, name)."""
    config = workspace / "consortium.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    partner = {"id": "bridge-en", "name": "Bridge", "country": "GB", "language": "en"}
    partner |= {"reports_from": "2025-01", "tables": ["groups"]}
    partner["sites"] = [{"id": i, "name": n, "kind": "group"} for i, n in sites]
    data["partners"].append(partner)
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_a_group_column_holding_the_names_of_meetings_gives_their_kind(workspace, tmp_path):
    # "SMART Recovery meeting" is no site of the partner's but a support group's meeting
    with_english_partner(workspace, ("BR-LS", "Bridge hub Leeds"))
    path = workbook(
        tmp_path / "Bridge groups November 2026.xlsx",
        {
            "Groups": [
                ["Date", "Group", "Attendance", "Duration"],
                ["03/11/2026", "SMART Recovery meeting", 8, "1.5 h"],
                ["24/11/2026", "Walk & talk outing", 9, "3 h"],
            ]
        },
    )
    sub = read(workspace, path, "bridge-en", validate=True)
    assert sub.problems == []
    assert sub.tables["groups"]["activity_kind"].tolist() == ["support_group", "social_outing"]


@pytest.mark.parametrize(
    ("partner", "header", "names", "kinds"),
    [
        (
            "oporavak-ba",
            ["Datum", "Grupa", "Učesnici"],
            ["Grupa samopomoći", "Izlet"],
            ["support_group", "social_outing"],
        ),
        (
            "most-si",
            ["Datum", "Skupina", "Udeleženci"],
            ["Skupina za samopomoč", "Delavnica"],
            ["support_group", "course"],
        ),
        (
            "klub-pl",
            ["Data", "Grupa", "Liczba osób"],
            ["Mityng AA", "Warsztaty"],
            ["support_group", "course"],
        ),
        (
            "endring-no",
            ["Dato", "Gruppe", "Antall deltakere"],
            ["Samtalegruppe", "Turdag"],
            ["support_group", "social_outing"],
        ),
    ],
)
def test_a_group_column_of_meetings_names_gives_their_kind_in_every_language(
    workspace, tmp_path, partner, header, names, kinds
):
    path = workbook(
        tmp_path / "groups_2026-10.xlsx",
        {"List1": [header, *(["06.10.2026", name, 9] for name in names)]},
    )
    sub = read(workspace, path, partner, validate=True)
    assert sub.errors == []
    assert sub.tables["groups"]["activity_kind"].tolist() == kinds


def test_a_group_column_naming_the_partners_sites_stays_the_site(workspace, tmp_path):
    with_english_partner(workspace, ("BR-LS", "Bridge hub Leeds"), ("BR-LJ", "Ljubljana centre"))
    path = workbook(
        tmp_path / "Bridge groups November 2026.xlsx",
        {
            "Groups": [
                ["Date", "Group", "Kind", "Attendance"],
                ["03/11/2026", "Ljubljana centre", "support group", 8],
                ["10/11/2026", "BR-LS", "support group", 6],
            ]
        },
    )
    sub = read(workspace, path, "bridge-en", validate=True)
    assert sub.errors == []
    assert sub.tables["groups"]["site_id"].tolist() == ["BR-LJ", "BR-LS"]


def test_a_group_column_naming_a_site_in_words_of_a_kind_stays_the_site(workspace, tmp_path):
    # "Grupa podrške Sarajevo" is the partner's group GP-SA, though its words say a support group
    path = workbook(
        tmp_path / "grupe_oktobar_2026.xlsx",
        {
            "Grupe": [
                ["Datum", "Grupa", "Vrsta", "Učesnici"],
                ["06.10.2026", "Grupa podrške Sarajevo", "grupa podrške", 9],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert sub.errors == []
    assert sub.tables["groups"]["site_id"].tolist() == ["GP-SA"]
