"""The mail keys of consortium.yaml and where the mail passwords come from."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from core.config import ConfigError, Workspace
from core.secrets import IMAP_PASSWORD, MissingSecret, secret


def with_mail(workspace: Path, **sections) -> Path:
    config = yaml.safe_load((workspace / "consortium.yaml").read_text("utf-8"))
    config.update(sections)
    (workspace / "consortium.yaml").write_text(yaml.safe_dump(config), "utf-8")
    return workspace


MAILBOX = {"host": "mail.example.org", "user": "reports@example.org"}


def test_mailbox_defaults_to_tls_on_993_and_hourly_collection(workspace):
    config = Workspace.open(with_mail(workspace, collect={"mailbox": MAILBOX})).config
    box = config.collect.mailbox
    assert (box.port, box.security, box.folder, box.review_folder) == (
        993,
        "tls",
        "INBOX",
        "Review",
    )
    assert config.collect.schedule.cron == "0 * * * *"


def test_plain_connection_is_refused_for_a_host_that_is_not_loopback(workspace):
    with_mail(workspace, collect={"mailbox": {**MAILBOX, "security": "none"}})
    with pytest.raises(ConfigError, match="only for a loopback host"):
        Workspace.open(workspace)


def test_password_in_consortium_yaml_is_refused(workspace):
    with_mail(workspace, collect={"mailbox": {**MAILBOX, "password": "secret"}})
    with pytest.raises(ConfigError, match="collect.mailbox.password"):
        Workspace.open(workspace)


def test_one_sender_address_belongs_to_one_partner(workspace):
    config = yaml.safe_load((workspace / "consortium.yaml").read_text("utf-8"))
    config["partners"][1]["senders"] = [config["partners"][0]["email"].upper()]
    (workspace / "consortium.yaml").write_text(yaml.safe_dump(config), "utf-8")
    with pytest.raises(ConfigError, match="listed for both most-si and oporavak-ba"):
        Workspace.open(workspace)


def test_partner_is_found_by_any_of_its_sender_addresses_ignoring_case(workspace):
    config = yaml.safe_load((workspace / "consortium.yaml").read_text("utf-8"))
    config["partners"][0]["senders"] = ["Vodja@Most-Demo.example"]
    (workspace / "consortium.yaml").write_text(yaml.safe_dump(config), "utf-8")
    consortium = Workspace.open(workspace).config
    assert consortium.partner_of_sender("vodja@most-demo.EXAMPLE").id == "most-si"
    assert consortium.partner_of_sender("POROCILA@most-demo.example").id == "most-si"
    assert consortium.partner_of_sender("someone@else.example") is None


def test_password_comes_from_the_environment_before_the_file_beside_the_workspace(
    workspace, monkeypatch
):
    ws = Workspace.open(workspace)
    (workspace.parent / ".ws.secrets").write_text(f"{IMAP_PASSWORD}=from-file\n", "utf-8")
    monkeypatch.delenv(IMAP_PASSWORD, raising=False)
    assert secret(ws, IMAP_PASSWORD) == "from-file"
    monkeypatch.setenv(IMAP_PASSWORD, "from-env")
    assert secret(ws, IMAP_PASSWORD) == "from-env"


def test_missing_password_names_both_places_it_may_be_put(workspace, monkeypatch):
    monkeypatch.delenv(IMAP_PASSWORD, raising=False)
    with pytest.raises(MissingSecret, match=r"in the environment or as .* in .*/\.ws\.secrets"):
        secret(Workspace.open(workspace), IMAP_PASSWORD)
