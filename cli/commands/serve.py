"""`consortium serve`: the monthly report and the mail loop on their schedules, through a
Prefect server."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cli.commands.run import WaitOption
from cli.options import DEFAULT_WORKSPACE, VerboseOption, WorkspaceOption, console, open_workspace
from flows.runtime import prepare_prefect, server_exposure

InsecureOption = Annotated[
    bool,
    typer.Option(
        "--allow-open-server",
        help="Serve through a Prefect server without an auth string, CSRF protection or a "
        "loopback address (not for health data).",
    ),
]


def serve(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    wait: WaitOption = 0,
    verbose: VerboseOption = False,
    allow_open_server: InsecureOption = False,
) -> None:
    """Create the deployment `monthly-report/<consortium id>` with the schedule in consortium.yaml
    (reporting.schedule: cron and timezone) and, when collect.mailbox is set,
    `collect-mail/<consortium id>` on collect.schedule (hourly by default), and serve them until
    stopped with Ctrl+C. Needs a Prefect server that outlives it, locked down (127.0.0.1, an auth
    string, CSRF protection): start one as the README shows ("Running on a schedule") and set
    PREFECT_API_URL and PREFECT_API_AUTH_STRING. A server open to others is refused unless
    --allow-open-server.

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
    refuse_open_server(get_current_settings(), allowed=allow_open_server)
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


def refuse_open_server(settings: Any, *, allowed: bool) -> None:
    """Exit 2 with the reasons when the server would let others read or run the reports."""
    auth = settings.api.auth_string
    try:
        problems = server_exposure(settings.api.url, auth.get_secret_value() if auth else None)
    except Exception as exc:  # noqa: BLE001 - any transport error: the server is not there
        console.print(
            f"[red]The Prefect server at {settings.api.url} does not answer: {exc}[/red]",
            soft_wrap=True,
        )
        raise typer.Exit(2) from None
    if problems and not allowed:
        console.print(
            f"[red]The Prefect server at {settings.api.url} is open to others: "
            f'{"; ".join(problems)} (README, "Running on a schedule"). '
            f"--allow-open-server serves anyway.[/red]",
            soft_wrap=True,
        )
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    app.command()(serve)
