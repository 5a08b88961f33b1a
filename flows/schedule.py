"""The deployments of a workspace, on the schedules in its consortium.yaml: the monthly report
and the mail loop."""

from __future__ import annotations

from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron

from core.config import Workspace
from flows.collect_mail import collect_mail
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


def mail_deployment(ws: Workspace, *, wait_s: float = 0) -> RunnerDeployment:
    """Deployment `collect-mail/<consortium id>`, scheduled by `collect.schedule`."""
    schedule = ws.config.collect.schedule
    return collect_mail.to_deployment(
        name=ws.config.id,
        schedules=[Cron(schedule.cron, timezone=schedule.timezone)],
        parameters={"workspace": str(ws.root), "wait_s": wait_s},
        description=f"Partner files by e-mail, answered, for {ws.config.name}",
        tags=["consortium", ws.config.id, "mail"],
    )
