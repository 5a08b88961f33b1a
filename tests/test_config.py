"""How consortium.yaml's mistakes are told: each once, where it is, with what to write."""

from __future__ import annotations

import pytest
import yaml

from core.config import TARGET_FIGURES, ConfigError, Workspace
from load import warehouse
from transforms.figures import headline_figures
from transforms.runner import build_models


def edited(workspace, change) -> None:
    config = yaml.safe_load((workspace / "consortium.yaml").read_text("utf-8"))
    change(config)
    (workspace / "consortium.yaml").write_text(yaml.safe_dump(config), "utf-8")


def told(workspace, text: str | None = None) -> str:
    if text is not None:
        (workspace / "consortium.yaml").write_text(text, "utf-8")
    with pytest.raises(ConfigError) as error:
        Workspace.open(workspace)
    return str(error.value)


def test_a_partner_missing_its_country_is_the_one_problem_told(workspace):
    def one_partner_without_country(config):
        config["partners"] = config["partners"][:1]
        del config["partners"][0]["country"]

    edited(workspace, one_partner_without_country)
    message = told(workspace)
    assert "partners.0 (most-si).country: missing; every partner needs it" in message
    assert "at least 1 item" not in message


def test_a_partner_without_an_email_only_delivers_into_its_folder(workspace):
    edited(workspace, lambda config: config["partners"][3].pop("email"))
    config = Workspace.open(workspace).config
    assert config.partner("endring-no").email is None
    assert config.partner_of_sender("rapport@endring-demo.example") is None


def test_an_unquoted_no_is_told_as_written_under_the_partners_id(workspace):
    text = (
        (workspace / "consortium.yaml").read_text("utf-8").replace('language: "no"', "language: no")
    )
    assert "partners.3 (endring-no).language: YAML reads an unquoted no as false" in told(
        workspace, text
    )


def test_a_day_where_a_month_belongs_is_told_with_the_month_to_write(workspace):
    text = (
        (workspace / "consortium.yaml")
        .read_text("utf-8")
        .replace("start: 2025-01", "start: 2025-01-01")
    )
    assert '2025-01-01 is a day; write the month alone, in quotes: "2025-01"' in told(
        workspace, text
    )


def test_an_id_with_diacritics_is_told_what_an_id_may_hold(workspace):
    text = (
        (workspace / "consortium.yaml").read_text("utf-8").replace("id: klub-pl", "id: Klub Kraków")
    )
    message = told(workspace, text)
    assert "'Klub Kraków' is not an id" in message and "(e.g. klub-krakow)" in message


def test_a_misspelt_target_is_refused_with_the_figures_a_target_may_name(workspace):
    edited(workspace, lambda config: config["grant_periods"][0]["targets"].update(trainigs=14))
    message = told(workspace)
    assert "no figure is called trainigs" in message and "training_hours" in message


def test_targets_may_name_every_headline_figure_of_a_count(tmp_path):
    with warehouse.connect(tmp_path / "warehouse.duckdb") as con:
        build_models(con)
        figures = headline_figures(con, "2025-01", "2025-01")
    assert set(TARGET_FIGURES) <= set(figures)
    left_out = set(figures) - set(TARGET_FIGURES)
    assert all(f.startswith(("submissions_", "barc10_")) for f in left_out)


def test_a_misspelt_setting_is_told_on_its_line_with_the_setting_meant(workspace):
    text = (workspace / "consortium.yaml").read_text("utf-8")
    line = text.splitlines().index("    reports_from: 2025-01") + 1
    message = told(workspace, text.replace("reports_from:", "reports_form:", 1))
    assert (
        f"line {line}, partners.0 (most-si).reports_form: no setting is called reports_form; "
        "did you mean reports_from?"
    ) in message


def test_a_partner_reporting_until_before_it_reports_from_is_refused(workspace):
    edited(workspace, lambda config: config["partners"][0].update(reports_until="2024-12"))
    assert "partner most-si reports until 2024-12, before it reports from 2025-01" in told(
        workspace
    )


def test_a_housing_unit_closed_before_it_opened_is_refused(workspace):
    def closed_before_opened(config):
        config["partners"][0]["sites"][0].update(opened="2026-01-15", closed="2026-01-14")

    edited(workspace, closed_before_opened)
    assert "site BS-LJ1 closed (2026-01-14) before it opened (2026-01-15)" in told(workspace)


def test_a_misspelt_time_zone_is_refused_with_the_zone_meant(workspace):
    edited(
        workspace, lambda config: config["reporting"]["schedule"].update(timezone="Europe/Lubljana")
    )
    assert "no time zone is called 'Europe/Lubljana'; did you mean Europe/Ljubljana?" in told(
        workspace
    )


def test_a_schedule_on_the_35th_of_the_month_is_refused(workspace):
    edited(workspace, lambda config: config["reporting"]["schedule"].update(cron="0 6 35 * *"))
    assert "35 is no day of the month (from 1 to 31)" in told(workspace)


def test_overlapping_grant_periods_are_refused(workspace):
    def second_period_from_april(config):
        later = {**config["grant_periods"][0], "id": "gp-2", "start": "2026-04", "end": "2027-03"}
        config["grant_periods"].append(later)

    edited(workspace, second_period_from_april)
    assert "grant periods gp-2025-2026 (2025-01 to 2026-12) and gp-2 (2026-04 to 2027-03)" in (
        told(workspace)
    )


def test_a_rate_target_written_as_a_percentage_is_refused_asking_for_the_share(workspace):
    # the occupancy rate is 0.78 for 78 %: a target of 80 would be 8,000 %
    edited(
        workspace, lambda config: config["grant_periods"][0]["targets"].update(occupancy_rate=80)
    )
    message = told(workspace)
    assert "grant_periods.0 (gp-2025-2026).targets" in message
    assert "occupancy_rate is a share" in message and "write 0.8 for 80 %" in message


def test_a_rate_target_written_as_a_share_is_kept(workspace):
    edited(
        workspace, lambda config: config["grant_periods"][0]["targets"].update(occupancy_rate=0.8)
    )
    (grant,) = Workspace.open(workspace).config.grant_periods
    assert grant.targets["occupancy_rate"] == 0.8


def test_a_target_written_with_a_per_cent_sign_is_told_how_to_write_a_number(workspace):
    text = (workspace / "consortium.yaml").read_text("utf-8")
    text = text.replace(
        "      housing_units: 4", "      housing_units: 4\n      occupancy_rate: 80%"
    )
    assert "'80%' is not a number: write it in figures alone, with a decimal point" in told(
        workspace, text
    )


def test_an_opening_day_written_as_partners_write_dates_is_told_how_to_write_it(workspace):
    text = (workspace / "consortium.yaml").read_text("utf-8")
    text = text.replace(
        "kind: housing, places: 5}", "kind: housing, places: 5, opened: 15.11.2026}"
    )
    assert """'15.11.2026' is not a day: write it as YYYY-MM-DD, e.g. "2026-11-15\"""" in told(
        workspace, text
    )
