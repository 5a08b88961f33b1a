"""Shared fixtures: a real workspace on disk, real spreadsheet files, real Prefect state."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"

# Prefect keeps its state in a throwaway folder and stays quiet; set before anything imports it.
_PREFECT_HOME = Path(os.environ.setdefault("PREFECT_HOME", str(ROOT / "tests" / "output" / "prefect-home")))
_PREFECT_HOME.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("CONSORTIUM_PSEUDONYM_KEY", "test-key-not-secret")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """An empty workspace with the demo consortium's configuration."""
    root = tmp_path / "ws"
    (root / "inbox").mkdir(parents=True)
    shutil.copy(DEMO / "consortium.yaml", root / "consortium.yaml")
    return root


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace after one real monthly run (Prefect, GX, DuckDB, Plotly)."""
    from flows.monthly_report import monthly_report

    root = tmp_path_factory.mktemp("demo") / "demo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("warehouse.duckdb*", "site", "exports", "feedback",
                                                              "archive", ".state"))
    monthly_report(workspace=str(root))
    return root
