"""Shared fixtures: a real workspace on disk, real spreadsheet files, real Prefect state."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from datetime import UTC
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


# The demo consortium as committed (`make run` works on a copy of it in data/demo).
DEMO = ROOT / "demo" / "consortium"

# Prefect keeps its state in a folder outside the repository (kept between runs: a known
# PREFECT_HOME starts faster), one per test worker, and stays quiet; set before anything imports it.
_PREFECT_HOME = Path(
    os.environ.setdefault(
        "PREFECT_HOME",
        str(
            Path(tempfile.gettempdir())
            / f"consortium-tests-{os.getuid()}"
            / f"prefect-home-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
        ),
    )
)
_PREFECT_HOME.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# The server's task-run recorder writes each task run's events into its database; no test reads
# them, and in a long session it kept each worker's server busier than the worker itself (the
# mail loop's tests: 123 s with it, 65 s without). Flow runs, states, logs and artifacts stay.
os.environ.setdefault("PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("CONSORTIUM_PSEUDONYM_KEY", "test-key-not-secret")


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """With `--dist loadfile`, the test files that read the demo's run go to one worker as one
    unit, so the demo runs once in a session, not once per worker."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    readers = demo_run_readers()

    class DemoRunTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            test_file = super()._split_scope(nodeid)
            return "demo_run" if test_file in readers else test_file

    return DemoRunTogether(config, log)


def demo_run_readers() -> set[str]:
    """The test files (as pytest names them) that ask for the `demo_run` fixture."""
    asking = re.compile(r"\bdemo_run\b")
    return {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "tests").glob("test_*.py")
        if asking.search(path.read_text(encoding="utf-8"))
    }


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """An empty workspace with the demo consortium's configuration."""
    root = tmp_path / "ws"
    (root / "inbox").mkdir(parents=True)
    shutil.copy(DEMO / "consortium.yaml", root / "consortium.yaml")
    return root


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> Path:
    """The demo workspace after one real monthly run (Prefect, GX, DuckDB, Plotly)."""
    from flows.monthly_report import monthly_report

    root = tmp_path_factory.mktemp("demo") / "demo"
    shutil.copytree(
        DEMO,
        root,
        ignore=shutil.ignore_patterns(
            "warehouse.duckdb*", "site", "exports", "feedback", "archive", ".state"
        ),
    )
    monthly_report(workspace=str(root))
    return root


class TinyWarehouse:
    """A real warehouse for the tiny consortium of tests/fixtures/warehouse, fed with hand-made
    submissions (real Submission objects, as intake makes them) through the real load."""

    def __init__(self, root: Path) -> None:
        from core.config import Workspace
        from load import warehouse

        self.ws = Workspace.open(root)
        self.con = warehouse.connect(self.ws.warehouse)
        self.key = warehouse.pseudonym_key(self.ws)

    def submit(
        self,
        partner: str,
        period: str,
        received: str,
        *,
        name: str | None = None,
        errors: tuple[str, ...] = (),
        **tables: list[dict],
    ) -> str:
        """Load one file of `partner` for `period` received at `received` (ISO time, UTC); the
        register status."""
        import hashlib
        from datetime import datetime

        import pandas as pd

        from core.submission import Submission
        from load import warehouse

        frames = {
            table: pd.DataFrame(
                [{"sheet": table, "sheet_row": i + 2, **row} for i, row in enumerate(rows)]
            )
            for table, rows in tables.items()
        }
        name = name or f"{partner}_{period}_{received}.xlsx"
        sub = Submission(
            sha256=hashlib.sha256(f"{name}{tables}".encode()).hexdigest(),
            name_as_received=name,
            size_bytes=1000,
            received_at=datetime.fromisoformat(received).replace(tzinfo=UTC),
            partner_id=partner,
            period=period,
            file_format="xlsx",
            tables=frames,
        )
        for rule in errors:
            sub.error(rule, sheet="people", row=2, column="sex")
        return warehouse.load_submission(
            self.con, sub, self.key, shared_codes=self.ws.config.reporting.shared_user_codes
        )

    def build(self) -> None:
        from load.warehouse import record_config
        from transforms.runner import build_models

        record_config(self.con, self.ws.config)
        build_models(self.con)

    def figures(self, first: str, last: str, **options) -> dict:
        from transforms.figures import headline_figures

        self.build()
        return headline_figures(self.con, first, last, **options)


def tiny_workspace(root: Path, *, shared_user_codes: bool = False) -> TinyWarehouse:
    (root / "inbox").mkdir(parents=True)
    config = (ROOT / "tests" / "fixtures" / "warehouse" / "consortium.yaml").read_text(
        encoding="utf-8"
    )
    if shared_user_codes:
        config = config.replace("shared_user_codes: false", "shared_user_codes: true")
    (root / "consortium.yaml").write_text(config, encoding="utf-8")
    return TinyWarehouse(root)


@pytest.fixture
def tiny(tmp_path: Path) -> Iterator[TinyWarehouse]:
    """An empty warehouse of the two-partner test consortium (tests/fixtures/warehouse)."""
    warehouse = tiny_workspace(tmp_path / "tiny")
    yield warehouse
    warehouse.con.close()


@pytest.fixture
def tiny_shared(tmp_path: Path) -> Iterator[TinyWarehouse]:
    """The same, with user codes shared across partners (one code, one person)."""
    warehouse = tiny_workspace(tmp_path / "tiny", shared_user_codes=True)
    yield warehouse
    warehouse.con.close()


def _export_submission(
    sha: str,
    partner: str,
    period: str,
    received: str,
    tables: dict,
    *,
    name: str = "report.xlsx",
    rejected: bool = False,
):
    """A submission as intake would hand it over: canonical tables with their sheet rows."""
    from datetime import datetime

    import pandas as pd

    from core.submission import Submission

    sub = Submission(
        sha256=sha * 64,
        name_as_received=name,
        size_bytes=1000,
        received_at=datetime.fromisoformat(received),
        partner_id=partner,
        period=period,
        file_format="xlsx",
    )
    for table, rows in tables.items():
        frame = pd.DataFrame(rows)
        sub.tables[table] = frame.assign(sheet=table, sheet_row=range(2, len(frame) + 2))
    if rejected:
        sub.error("missing_column", sheet="people", column="spol")
    return sub


def _people(codes: str, sexes: str) -> list[dict]:
    sex = {"f": "female", "m": "male"}
    return [
        {
            "user_code": c,
            "user_kind": "in_recovery",
            "sex": sex[s],
            "age_band": "26_35",
            "main_addiction": "alcohol",
        }
        for c, s in zip(codes.split(), sexes, strict=True)
    ]


@pytest.fixture(scope="session")
def tiny_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-partner workspace with a hand-made warehouse (figures worked out in
    tests/fixtures/export/consortium.yaml's tests) and one real export of 2025-01..2025-02."""
    from datetime import date

    from core.config import Workspace
    from export.figures import export_figures
    from load import warehouse
    from transforms.runner import build_models

    root = tmp_path_factory.mktemp("export") / "tiny"
    (root / "inbox").mkdir(parents=True)
    shutil.copy(
        ROOT / "tests" / "fixtures" / "export" / "consortium.yaml", root / "consortium.yaml"
    )
    d = date.fromisoformat
    submissions = [
        _export_submission(
            "a",
            "alfa",
            "2025-01",
            "2025-02-05T09:00:00+01:00",
            {
                "counselling": [
                    {
                        "session_on": d("2025-01-07"),
                        "user_code": "A1",
                        "session_kind": "individual",
                        "hours": 1.5,
                    },
                    {
                        "session_on": d("2025-01-14"),
                        "user_code": "A1",
                        "session_kind": "individual",
                        "hours": 1.0,
                    },
                    {
                        "session_on": d("2025-01-15"),
                        "user_code": "A2",
                        "session_kind": "family",
                        "hours": 2.0,
                    },
                    {
                        "session_on": d("2025-01-20"),
                        "user_code": "A3",
                        "session_kind": "individual",
                        "hours": 1.0,
                    },
                ],
                "people": _people("A1 A2 A3 A4 A5 A6", "fffffm"),
                "housing": [
                    {
                        "site_id": "H1",
                        "places": 4,
                        "residents": 3,
                        "resident_nights": 90,
                        "admissions": 1,
                        "exits_planned": 0,
                        "exits_unplanned": 0,
                    }
                ],
            },
        ),
        _export_submission(
            "b",
            "alfa",
            "2025-02",
            "2025-03-12T10:00:00+01:00",
            {
                "counselling": [
                    {
                        "session_on": d("2025-02-03"),
                        "user_code": "A1",
                        "session_kind": "individual",
                        "hours": 2.0,
                    }
                ],
                "people": _people("A1 A7", "fm"),
            },
        ),
        _export_submission(
            "c",
            "beta",
            "2025-01",
            "2025-02-01T08:00:00+01:00",
            {
                "groups": [
                    {
                        "held_on": d("2025-01-08"),
                        "activity_kind": "support_group",
                        "participants": 8,
                        "hours": 1.5,
                    },
                    {
                        "held_on": d("2025-01-22"),
                        "activity_kind": "support_group",
                        "participants": 6,
                        "hours": 1.5,
                    },
                ],
                "counselling": [
                    {
                        "session_on": d("2025-01-09"),
                        "user_code": "B1",
                        "session_kind": "phone",
                        "hours": 0.5,
                    }
                ],
                "people": _people("B1 B2 B3 B4 B5 B6 B7", "fffmmmm"),
            },
            name='=HYPERLINK("http://x")+beta.xlsx',
        ),
        _export_submission("d", "beta", "2025-02", "2025-03-05T08:00:00+01:00", {}, rejected=True),
    ]
    ws = Workspace.open(root)
    with warehouse.connect(ws.warehouse) as con:
        for sub in submissions:
            warehouse.load_submission(con, sub, b"test-key", shared_codes=False)
        warehouse.record_config(con, ws.config)  # the facts the submission grid reads
        build_models(con)
        export_figures(ws, con, "2025-01", "2025-02")
    return root


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One real Prefect server for the whole session, on a throwaway copy of a migrated database
    (prefect_database); its API URL, for child processes that must report to the same server.
    The flow runs of this process send no heartbeats, as `consortium run` with a server of its
    own does (flows.runtime.flow_runs): they serve a long-lived server's watch for crashed runs,
    which no test uses, and each flow run's end waits up to a second for them."""
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
        PREFECT_SERVER_DATABASE_CONNECTION_URL,
        temporary_settings,
    )

    database = tmp_path_factory.mktemp("prefect-server") / "prefect.db"
    shutil.copyfile(prefect_database(), database)
    with (
        temporary_settings(updates={PREFECT_SERVER_DATABASE_CONNECTION_URL: sqlite_url(database)}),
        running_server() as url,
        temporary_settings(updates={PREFECT_API_URL: url, PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}),
    ):
        yield url
        drain_prefect_workers()


def prefect_database() -> Path:
    """A Prefect database with every migration applied, made once per machine and Prefect
    version, beside the workers' Prefect homes: a server that starts on an empty database spends
    about 11 s of CPU migrating it, one on a migrated copy about 5 s in all."""
    import fcntl

    import prefect
    from prefect.settings import PREFECT_SERVER_DATABASE_CONNECTION_URL, temporary_settings

    made = _PREFECT_HOME.parent / f"prefect-{prefect.__version__}.db"
    with open(_PREFECT_HOME.parent / "prefect-database.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other worker waits for the first to make it
        if not made.exists():
            with tempfile.TemporaryDirectory(dir=made.parent) as folder:
                migrated = Path(folder) / "prefect.db"
                with (
                    temporary_settings(
                        updates={PREFECT_SERVER_DATABASE_CONNECTION_URL: sqlite_url(migrated)}
                    ),
                    running_server(),
                ):
                    pass  # the server migrates the database as it starts
                whole_database(migrated, Path(folder) / "whole.db").replace(made)
    return made


def seeded_prefect_home(home: Path) -> Path:
    """`home`, a Prefect home whose database is a copy of the migrated one, for the tests whose
    subject is not a fresh home's first migration."""
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(prefect_database(), home / "prefect.db")
    return home


def sqlite_url(database: Path) -> str:
    return f"sqlite+aiosqlite:///{database}"


def whole_database(database: Path, copy: Path) -> Path:
    """`database` in one file (its write-ahead log folded in), written to `copy`."""
    import sqlite3

    with closing(sqlite3.connect(database)) as con:
        con.execute("VACUUM INTO ?", (str(copy),))
    return copy


@contextmanager
def running_server() -> Iterator[str]:
    """Prefect's subprocess server on the database the settings name, until the block ends; its
    API URL."""
    from prefect.server.api.server import SubprocessASGIServer

    from tests.mail_support import free_port

    server = SubprocessASGIServer(port=free_port())
    server.start(timeout=120)
    try:
        yield server.api_url
    finally:
        server.stop()


def drain_prefect_workers() -> None:
    """The logs and events this process still holds, sent before its server stops."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    with suppress(RuntimeError):  # never started
        APILogWorker.instance().drain()
    EventsWorker.drain_all()


@pytest.fixture(scope="session", autouse=True)
def log_records() -> list:
    """Every log record emitted during the session (root, Prefect and GX loggers), so tests can
    check that nothing personal was ever logged."""
    import logging

    class Keep(logging.Handler):
        def __init__(self) -> None:
            super().__init__(logging.DEBUG)
            self.records: list[logging.LogRecord] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.records.append(record)

    keep = Keep()
    loggers = [logging.getLogger(name) for name in ("", "prefect", "great_expectations")]
    for logger in loggers:
        logger.addHandler(keep)
    yield keep.records
    for logger in loggers:
        logger.removeHandler(keep)
