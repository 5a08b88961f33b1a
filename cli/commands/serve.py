"""`consortium serve`: the monthly report and the mail loop on their schedules, through a
Prefect server."""

from __future__ import annotations

import typer

from cli.commands.run import WaitOption
from cli.options import DEFAULT_WORKSPACE, VerboseOption, WorkspaceOption, console, open_workspace
from flows.runtime import prepare_prefect


def serve(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    wait: WaitOption = 0,
    verbose: VerboseOption = False,
) -> None:
    """Create the deployment `monthly-report/<consortium id>` with the schedule in consortium.yaml
    (reporting.schedule: cron and timezone) and, when collect.mailbox is set,
    `collect-mail/<consortium id>` on collect.schedule (hourly by default), and serve them until
    stopped with Ctrl+C. Needs a
    Prefect server that outlives it: start one with `prefect server start` and set
    PREFECT_API_URL (see the README, "Running on a schedule").

    Example: [bold]PREFECT_API_URL=http://127.0.0.1:4200/api consortium serve --workspace data/demo[/bold]
    """
    ws = open_workspace(workspace)
    prepare_prefect(ws, verbose=verbose)
    from prefect import serve as serve_deployments
    from prefect.settings import get_current_settings

    if not get_current_settings().api.url:
        console.print(
            "[red]consortium serve needs a Prefect server that keeps running: start one with "
            "`prefect server start` and set PREFECT_API_URL=http://127.0.0.1:4200/api "
            '(README, "Running on a schedule").[/red]'
        )
        raise typer.Exit(2)
    from flows.schedule import mail_deployment, monthly_deployment

    deployments = [monthly_deployment(ws, wait_s=wait)]
    schedules = [("monthly-report", ws.config.reporting.schedule)]
    if ws.config.collect.mailbox is not None:
        deployments.append(mail_deployment(ws, wait_s=wait))
        schedules.append(("collect-mail", ws.config.collect.schedule))
    for flow_name, schedule in schedules:
        console.print(
            f"Serving {flow_name}/{ws.config.id}: '{schedule.cron}' ({schedule.timezone}) "
            f"for {ws.root}."
        )
    console.print("Ctrl+C stops.")
    serve_deployments(*deployments, print_starting_message=verbose)


def register(app: typer.Typer) -> None:
    app.command()(serve)
