"""Quiet, local, private defaults for Prefect, set before Prefect is first imported."""

from __future__ import annotations

import os

from consortium.config import Workspace


def prepare_prefect(ws: Workspace, *, verbose: bool = False) -> None:
    """Keep Prefect's state inside the workspace, its logs quiet, and nothing sent home."""
    home = os.environ.setdefault("PREFECT_HOME", str(ws.state / "prefect"))
    os.makedirs(home, exist_ok=True)
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if verbose else "WARNING")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_UI_ENABLED", "false")
