"""The report's charts as PNG and SVG, drawn by plotly through kaleido and Chromium.

Starting Chromium costs seconds; one image server renders the whole batch, and only the charts
that changed: each image's fingerprint (the figure as plotly's JSON, its format and size, and
the drawing libraries) is kept beside it, and an image whose fingerprint is the one the previous
export drew is copied from it instead of drawn again. Charts show only
hours, meetings and the share of targets reached, never counts of people, so they need no
disclosure control of their own; the targets chart leaves out every hidden figure.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import shlex
import shutil
import signal
import subprocess
import tempfile
import threading
from collections import deque
from collections.abc import Coroutine, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import kaleido
import pandas as pd
import plotly.io as pio
from choreographer.errors import BrowserFailedError, ChannelClosedError

from core.background import give_way, in_background
from core.config import Consortium
from core.fingerprint import record_fingerprints, recorded_fingerprints
from export.model import language_words
from export.tables import Report
from publish import charts
from publish.charts import Figure
from publish.labels import Labels

SIZE = {"width": 1000, "height": 560}
FORMATS = ("png", "svg")
# Chromium with its networking off: no background or component traffic, no DNS (every host name
# resolves to nothing) and a proxy to nowhere, so the charts of health data make no call out.
OFFLINE_CHROMIUM_FLAGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-sync",
    "--disable-breakpad",
    "--metrics-recording-only",
    "--no-pings",
    "--dns-prefetch-disable",
    "--disable-features=MediaRouter,OptimizationHints,Translate,NetworkTimeServiceQuerying,"
    "AutofillServerCommunication,CertificateTransparencyComponentUpdater,"
    # the omnibox popups a headless browser preloads and never shows: a third of its start
    "WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,PreloadTopChromeWebUI",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
)
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")
# Seconds Chromium is given to start (each attempt), to draw one export's images and to stop:
# seven to ten times what each takes on a busy two-core machine.
START_S, DRAW_S, STOP_S = 30.0, 300.0, 30.0
START_ATTEMPTS = 3
# lines of Chromium's error stream kept, to tell with a start that failed
LAST_WORDS = 20
T = TypeVar("T")
log = logging.getLogger(__name__)
# the server (started or starting) while image_server() runs: one per process, as drawing() finds it
_running: Future[ImageServer] | None = None


def achieved(report: Report) -> pd.DataFrame:
    """The share of its target each indicator reached, for those with a target and not hidden."""
    summary = report.tables["summary"].frame
    shares = pd.to_numeric(summary["achieved_pct"], errors="coerce")
    rows = summary[shares.notna()]
    return pd.DataFrame(
        {
            "figure": rows["indicator"].to_list(),
            "achieved": (shares[shares.notna()] / 100).to_list(),
        }
    )


def target_charts(report: Report) -> dict[str, Figure]:
    """The share of the targets reached, when the report has targets."""
    shares = achieved(report)
    if not len(shares):
        return {}
    words, labels = report.words["charts"], Labels(report.language)
    return {"targets": charts.achieved_vs_target(shares, words["targets"], labels=labels)}


def monthly_charts(
    consortium: Consortium,
    months: pd.DataFrame,
    language: str,
    partner: str | None,
    periods: list[str] | None = None,
) -> dict[str, Figure]:
    """Hours and meetings by partner and month (`months`, as export.fetch.chart_months gives
    them; every one of `periods`, the report's months, on the axis), only while they are not
    suppressed, and only of topics some partner of the report reports. They need no other
    figure of the report, so they are drawn while it is made; with `target_charts`, every chart
    of an export."""
    if consortium.reporting.suppress_hours:
        return {}
    words, labels = language_words(language)["charts"], Labels(language)
    names = {p.id: p.name for p in consortium.partners}
    reporting = [p for p in consortium.partners if partner in (None, p.id)]
    reported = {t for p in reporting for t in p.tables}
    drawn = {}
    for measure, unit, table in (
        ("counselling_hours", "hours", "counselling"),
        ("group_meetings", "meetings", "groups"),
    ):
        if table not in reported:
            continue  # a topic no partner reports has no chart, as it has no page
        if months.empty or months[measure].isna().all():
            continue  # nor one no file of the range reported: the workbook says "not reported"
        drawn[measure] = charts.monthly_by_partner(
            months, measure, words[measure], words[unit], labels=labels, names=names, months=periods
        )
    return drawn


class ChromiumFailed(RuntimeError):
    """Chromium did not start, draw or stop in the time it is given."""


class ImageServer:
    """Kaleido on the offline Chromium, in a thread with an event loop of its own, every wait
    on it bounded: a Chromium that does not start or does not draw in time fails the export
    with a message that says so (Kaleido's own sync server waits forever, even on a Chromium
    that never started), and one that does not stop is killed."""

    def __init__(self, browser: Path) -> None:
        self.loop = asyncio.new_event_loop()
        # what went wrong reaches the caller through the futures; the rest is Kaleido's debris
        self.loop.set_exception_handler(lambda _loop, context: log.debug("%s", context))
        self.thread = threading.Thread(target=self.serve, name="chromium", daemon=True)
        self.thread.start()
        self.kaleido: kaleido.Kaleido = self.within(
            new_kaleido(browser), STOP_S, "take its settings"
        )

    def serve(self) -> None:
        # Chromium starts while a run reads and checks its files, which need the cores more
        give_way()
        self.loop.run_forever()

    def within(self, work: Coroutine[Any, Any, T], seconds: float, doing: str) -> T:
        """`work` on the server's loop; ChromiumFailed when it takes more than `seconds`."""
        future = asyncio.run_coroutine_threadsafe(bounded(work, seconds), self.loop)
        try:
            return future.result(timeout=seconds + STOP_S)
        except TimeoutError:
            future.cancel()
            raise ChromiumFailed(
                f"Chromium, which draws the report's charts, did not {doing} within {seconds:g} s"
            ) from None
        except (BrowserFailedError, ChannelClosedError) as exc:
            # a Chromium that ends as it starts is found by its exit or by its closed pipe
            raise ChromiumFailed(
                f"Chromium, which draws the report's charts, did not {doing}: {str(exc) or type(exc).__name__}"
            ) from exc

    def draw(self, specs: list[dict[str, Any]], seconds: float) -> None:
        self.within(
            self.kaleido.write_fig_from_object(specs, cancel_on_error=True),
            seconds,
            f"draw the {len(specs)} chart images",
        )

    def stop(self, gently: bool = True) -> None:
        """Chromium asked to close (when `gently`), then its process group killed: Kaleido
        starts Chromium through a wrapper process, which can end and leave Chromium behind.
        Then Kaleido's own cleaning, and the loop ended."""
        if gently:
            with suppress(Exception):
                self.within(self.kaleido.close(), STOP_S, "stop")
        wrapper = getattr(self.kaleido, "subprocess", None)
        if wrapper is not None:
            with suppress(ProcessLookupError):
                os.killpg(wrapper.pid, signal.SIGKILL)
            with suppress(subprocess.TimeoutExpired):
                wrapper.wait(STOP_S)
        if not gently:
            with suppress(Exception):
                self.within(self.kaleido.close(), STOP_S, "stop")
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(STOP_S)
        if not self.thread.is_alive():
            self.loop.close()


async def bounded(work: Coroutine[Any, Any, T], seconds: float) -> T:
    """`work`, or TimeoutError after `seconds`, once `work` has taken its cancellation."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=seconds)
    if not done:
        task.cancel()
        with suppress(BaseException):
            await task
        raise TimeoutError
    return task.result()


class OneLoadKaleido(kaleido.Kaleido):
    """Kaleido whose tab keeps its page between charts: Kaleido reloads the page after every
    chart, parsing plotly.js again (most of what a chart costs), though its page removes each
    chart's plot once drawn. The images are the same byte for byte. It replaces a method of
    Kaleido's own (of the version uv.lock pins), which a test of the images holds."""

    async def _return_kaleido_tab(self, tab: Any) -> None:
        await self.tabs_ready.put(tab)


async def new_kaleido(browser: Path) -> kaleido.Kaleido:
    """Made on the server's loop, which its queues belong to."""
    return OneLoadKaleido(path=str(browser), mathjax=False)


@contextmanager
def image_server(start_within: float = START_S) -> Iterator[Future[ImageServer]]:
    """The image server on the offline Chromium, started in the background now and stopped at
    the block's end: Chromium takes seconds to start, which pass while the block reads, checks
    and fetches. Inside another, the outer one's server (a run starts it before it collects,
    and its export draws with it). A server that failed to start fails the block's end."""
    global _running
    if _running is not None:
        yield _running
        return
    with offline_chromium() as browser, ThreadPoolExecutor(1, "chromium-start") as starter:
        starting = starter.submit(started_server, browser, start_within)
        _running = starting
        try:
            yield starting
        except BaseException:
            _running = None
            with suppress(Exception):
                starting.result().stop()
            raise
        _running = None
        starting.result().stop()


def started_server(browser: Path, start_within: float) -> ImageServer:
    """An image server whose Chromium answered. One that stopped as it started, or did not
    answer in time, is stopped and started afresh: on a busy machine a start now and then
    fails or stalls (Kaleido waits for the page's load event, which can pass unseen). After
    START_ATTEMPTS the last failure stands, and what Chromium last said is logged."""
    for attempt in range(1, START_ATTEMPTS + 1):
        with chromium_last_words() as said:
            server = ImageServer(browser)
            try:
                server.within(server.kaleido.open(), start_within, "start")
                return server
            except ChromiumFailed as failed:
                server.stop(gently=False)
                log.warning(
                    "%s (attempt %d of %d); Chromium last said: %s",
                    failed,
                    attempt,
                    START_ATTEMPTS,
                    " | ".join(said) or "nothing",
                )
                if attempt == START_ATTEMPTS:
                    raise ChromiumFailed(f"{failed} (tried {START_ATTEMPTS} times)") from failed
    raise AssertionError("unreachable")


@contextmanager
def chromium_last_words() -> Iterator[deque[str]]:
    """The last lines Chromium writes to its error stream while the block runs (Kaleido's
    pipe logger), kept from every other log."""
    said: deque[str] = deque(maxlen=LAST_WORDS)
    handler = logging.Handler(logging.DEBUG)
    handler.emit = lambda record: said.append(record.getMessage())  # type: ignore[method-assign]
    pipe = logging.getLogger("browser_proc")
    level, propagate = pipe.level, pipe.propagate
    pipe.setLevel(logging.DEBUG)
    pipe.propagate = False
    pipe.addHandler(handler)
    try:
        yield said
    finally:
        pipe.removeHandler(handler)
        pipe.setLevel(level)
        pipe.propagate = propagate


@contextmanager
def drawing(
    charts: dict[str, Figure],
    folder: Path,
    previous: Path | None = None,
    draw_within: float = DRAW_S,
) -> Iterator[list[Path]]:
    """Every chart as PNG and SVG in `folder`, around a block: copied from the `previous`
    export's folder when drawn there from the same figure; the others, named at once (the
    images drawn), are drawn by the `image_server` the caller started, while the block writes
    the other files (Chromium on the second core)."""
    wanted = {
        f"{stem}.{fmt}": (figure, fmt, image_fingerprint(figure, fmt))
        for stem, figure in sorted(charts.items())
        for fmt in FORMATS
    }
    earlier = recorded_fingerprints(previous)
    specs = []
    for name, (figure, fmt, fingerprint) in wanted.items():
        if earlier.get(name) == fingerprint and (previous / name).is_file():
            shutil.copyfile(previous / name, folder / name)
        else:
            specs.append({"fig": figure, "path": folder / name, "opts": {"format": fmt, **SIZE}})
    drawn = [spec["path"] for spec in specs]
    starting = _running
    if specs and starting is None:
        # without it Kaleido would start a Chromium of its own, without the offline flags
        raise RuntimeError("charts are drawn only inside image_server()")
    if specs:
        with in_background(draw_once_started, starting, specs, draw_within):
            yield drawn
    else:
        yield drawn
    if wanted:
        record_fingerprints(folder, {name: digest for name, (_, _, digest) in wanted.items()})


def draw_once_started(
    starting: Future[ImageServer], specs: list[dict[str, Any]], seconds: float
) -> None:
    """The images drawn by the server once it has started (its start is bounded on its own)."""
    starting.result().draw(specs, seconds)


def image_fingerprint(figure: Figure, fmt: str) -> str:
    """What an image is drawn from: equal fingerprints, equal images."""
    digest = hashlib.sha256(pio.to_json(figure, validate=False).encode())
    versions = [f"{lib}=={metadata.version(lib)}" for lib in ("plotly", "kaleido")]
    digest.update(json.dumps([fmt, SIZE, versions]).encode())
    return digest.hexdigest()


@contextmanager
def offline_chromium() -> Iterator[Path]:
    """The system's Chromium behind a small launcher that adds OFFLINE_CHROMIUM_FLAGS (Kaleido
    passes only its own flags; Chromium takes the last of a repeated flag) and, where the
    system allows it, runs it in a network namespace of its own: Kaleido talks to it through
    pipes, so it needs no network, and even its IPv6 reachability probe (a UDP connect no flag
    turns off) then reaches nothing."""
    browser = os.environ.get("BROWSER_PATH") or next(
        (found for name in CHROMIUM_CANDIDATES if (found := shutil.which(name))), None
    )
    if browser is None:
        raise RuntimeError("no Chromium found to draw the chart images: install chromium")
    folder = Path(tempfile.mkdtemp(prefix="consortium-chromium-"))
    launcher = folder / "chromium"
    flags = " ".join(shlex.quote(flag) for flag in OFFLINE_CHROMIUM_FLAGS)
    isolate = "unshare --net -- " if own_network_namespace_allowed() else ""
    launcher.write_text(f'#!/bin/sh\nexec {isolate}{shlex.quote(browser)} "$@" {flags}\n')
    launcher.chmod(0o700)
    try:
        yield launcher
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@cache
def own_network_namespace_allowed() -> bool:
    """Whether this process may start a program without network (root, or user namespaces)."""
    if shutil.which("unshare") is None:
        return False
    attempt = subprocess.run(["unshare", "--net", "--", "true"], capture_output=True, check=False)
    return attempt.returncode == 0
