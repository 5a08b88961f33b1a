"""The deployment that runs a workspace's monthly report on the schedule in its consortium.yaml."""

from __future__ import annotations

from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron

from core.config import Workspace
from flows.monthly_report import monthly_report


def monthly_deployment(ws: Workspace, *, wait_s: float = 0) -> RunnerDeployment:
    """Deployment `monthly-report/<consortium id>`, scheduled by `reporting.schedule`."""
    schedule = ws.config.reporting.schedule
    return monthly_report.to_deployment(
        name=ws.config.id,
        schedules=[Cron(schedule.cron, timezone=schedule.timezone)],
        parameters={"workspace": str(ws.root), "wait_s": wait_s},
        description=f"Monthly report of {ws.config.name}",
        tags=["consortium", ws.config.id],
    )
