"""Chromium, which draws the charts, never holds a run: one that stops as it starts, never answers
or draws too slowly fails the export with a message that says so, and is not left running."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import plotly.graph_objects as go
import pytest

from export.images import ChromiumFailed, drawing, image_server

BAR = go.Figure(go.Bar(x=["a", "b"], y=[3, 4]))
CHROMIUM = shutil.which("chromium")


def silent_browser(folder: Path) -> tuple[Path, Path]:
    """A 'browser' that starts, adds its process id to a file and never says a word."""
    script, pid_file = folder / "silent-browser", folder / "browser.pid"
    script.write_text(f"#!/bin/sh\necho $$ >> {pid_file}\nexec sleep 600\n")
    script.chmod(0o700)
    return script, pid_file


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        return fh.read().split(") ")[1][0] != "Z"


def test_a_chromium_that_stops_as_it_starts_fails_at_once_saying_so(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/bin/false")
    with pytest.raises(ChromiumFailed, match="did not start: .*close"):
        with image_server():
            pass


def test_a_chromium_that_never_answers_is_started_afresh_then_fails_and_none_is_left_running(
    monkeypatch, tmp_path
):
    browser, pid_file = silent_browser(tmp_path)
    monkeypatch.setenv("BROWSER_PATH", str(browser))
    with pytest.raises(ChromiumFailed, match=r"did not start within 1 s \(tried 3 times\)"):
        with image_server(start_within=1):
            pass
    started = [int(pid) for pid in pid_file.read_text().split()]
    assert len(started) == 3
    assert not any(running(pid) for pid in started)


def test_images_not_drawn_in_their_time_fail_the_export_and_chromium_is_stopped(tmp_path):
    with pytest.raises(ChromiumFailed, match="did not draw the 2 chart images within"):
        with image_server() as started:
            started.result()
            assert chromium_children()
            with drawing({"bars": BAR}, tmp_path, draw_within=0.001):
                pass
    assert not chromium_children()


def chromium_children() -> list[int]:
    """Chromium processes this process started (through Kaleido's wrapper) still running."""
    parents, programs = {}, {}
    for process in Path("/proc").glob("[0-9]*"):
        try:
            parents[int(process.name)] = int(
                (process / "stat").read_text().split(") ")[1].split()[1]
            )
            programs[int(process.name)] = (process / "cmdline").read_bytes().split(b"\0")[0]
        except (OSError, IndexError, ValueError):
            continue

    def descends(pid: int) -> bool:
        while pid > 1:
            pid = parents.get(pid, 0)
            if pid == os.getpid():
                return True
        return False

    return [
        pid
        for pid, program in programs.items()
        if b"chromium" in program and descends(pid) and running(pid)
    ]


def test_a_chromium_that_stops_as_it_starts_once_is_started_again(monkeypatch, tmp_path):
    stopped, browser = tmp_path / "stopped-once", tmp_path / "browser"
    browser.write_text(
        f'#!/bin/sh\n[ -e {stopped} ] || {{ touch {stopped}; exit 1; }}\nexec {CHROMIUM} "$@"\n'
    )
    browser.chmod(0o700)
    monkeypatch.setenv("BROWSER_PATH", str(browser))
    with image_server():
        with drawing({"bars": BAR}, tmp_path):
            pass
    assert stopped.exists()
    assert (tmp_path / "bars.png").read_bytes()[:4] == b"\x89PNG"


def test_a_chromium_that_stalls_on_its_first_start_is_started_afresh_and_draws(
    monkeypatch, tmp_path, caplog
):
    stalled, browser = tmp_path / "stalled-once", tmp_path / "browser"
    browser.write_text(
        f"#!/bin/sh\n[ -e {stalled} ] || {{ touch {stalled}; echo 'no answer from here' >&2; "
        f'exec sleep 600; }}\nexec {CHROMIUM} "$@"\n'
    )
    browser.chmod(0o700)
    monkeypatch.setenv("BROWSER_PATH", str(browser))
    with image_server(start_within=6):
        with drawing({"bars": BAR}, tmp_path):
            pass
    assert (tmp_path / "bars.png").read_bytes()[:4] == b"\x89PNG"
    [told] = [r.getMessage() for r in caplog.records if "attempt 1 of 3" in r.getMessage()]
    assert told.endswith("no answer from here")
    assert not chromium_children()


def test_an_image_server_inside_another_draws_with_the_outer_ones_chromium(tmp_path):
    with image_server() as outer:
        with image_server() as inner, drawing({"bars": BAR}, tmp_path):
            pass
        assert inner is outer
        assert len(chromium_children()) > 0
    assert (tmp_path / "bars.png").read_bytes()[:4] == b"\x89PNG"
    assert not chromium_children()


def test_a_chart_drawn_after_others_is_the_image_it_is_when_drawn_alone(tmp_path):
    """One page draws every chart of a batch in turn: nothing of one chart stays for the next."""
    pie = go.Figure(go.Pie(labels=["x", "y", "z"], values=[1, 2, 3]), {"title": "share"})
    after, alone = tmp_path / "after", tmp_path / "alone"
    for folder, charts in ((after, {"a_pie": pie, "b_bars": BAR}), (alone, {"b_bars": BAR})):
        folder.mkdir()
        with image_server(), drawing(charts, folder):
            pass
    assert (after / "b_bars.png").read_bytes() == (alone / "b_bars.png").read_bytes()
    assert (after / "a_pie.png").read_bytes() != (after / "b_bars.png").read_bytes()
