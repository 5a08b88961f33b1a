"""How consortium.yaml's mistakes are told: each once, where it is."""

from __future__ import annotations

import pytest
import yaml

from core.config import ConfigError, Workspace


def test_a_partner_missing_its_email_is_the_one_problem_told(workspace):
    config = yaml.safe_load((workspace / "consortium.yaml").read_text("utf-8"))
    config["partners"] = config["partners"][:1]
    del config["partners"][0]["email"]
    (workspace / "consortium.yaml").write_text(yaml.safe_dump(config), "utf-8")
    with pytest.raises(ConfigError) as told:
        Workspace.open(workspace)
    assert "partners.0.email" in str(told.value)
    assert "at least 1 item" not in str(told.value)
