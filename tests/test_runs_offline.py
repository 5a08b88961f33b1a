"""No call out: a real `consortium run` with export (Kaleido's Chromium drawing the charts) under
strace, which records every connection attempt of every process the run starts."""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DEMO

ROOT = Path(__file__).resolve().parents[1]
STRACE = shutil.which("strace")
# connect/sendto/sendmsg with an IPv4 or IPv6 address, as strace writes them
ADDRESS = re.compile(
    r'sa_family=AF_INET6?, .*?(?:inet_addr\("(?P<v4>[^"]+)"\)|inet_pton\(AF_INET6, "(?P<v6>[^"]+)")'
)

pytestmark = pytest.mark.skipif(STRACE is None, reason="Debian's strace is installed by make test")


def outside_loopback(trace: str) -> list[str]:
    """The calls of an strace log (one process's, so none is split) that connected or sent to an
    address off this machine; a call the kernel refused (no route, no network) reached nothing."""
    lines = []
    for line in trace.splitlines():
        match = ADDRESS.search(line)
        if not match or re.search(r"= -1 E(?!INPROGRESS)[A-Z]+", line):
            continue
        address = ipaddress.ip_address(match["v4"] or match["v6"])
        mapped = getattr(address, "ipv4_mapped", None)
        if not (address.is_loopback or (mapped and mapped.is_loopback)):
            lines.append(line)
    return lines


def test_connection_recorder_sees_outside_addresses():
    # the checker itself: a DNS query to a public resolver is caught, loopback is not
    trace = (
        '12 connect(5, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("8.8.8.8")}, 16)'
        " = 0\n"
        '13 connect(6, {sa_family=AF_INET, sin_port=htons(4200), sin_addr=inet_addr("127.0.0.1")},'
        " 16) = 0\n"
        "14 connect(7, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton("
        'AF_INET6, "2a00:1450::1", &sin6_addr), sin6_scope_id=0}, 28) = -1\n'
    )
    assert [line.split()[0] for line in outside_loopback(trace)] == ["12", "14"]


def test_run_with_export_connects_to_nothing_outside_loopback(tmp_path, prefect_api):
    root = tmp_path / "ws"
    (root / "inbox" / "most-si").mkdir(parents=True)
    shutil.copy(DEMO / "consortium.yaml", root / "consortium.yaml")
    (root / "inbox" / "most-si" / "svetovanje_2025-03.csv").write_text(
        "Datum;Šifra uporabnika;Vrsta svetovanja;Ure\n4. 3. 2025;LJ-0001;individualno;1:30\n",
        encoding="utf-8",
    )
    (tmp_path / "trace").mkdir()
    result = subprocess.run(
        [
            STRACE,
            "-f",
            "-ff",
            "--seccomp-bpf",
            "-e",
            "trace=connect,sendto,sendmsg",
            "-o",
            str(tmp_path / "trace" / "connections"),
            sys.executable,
            "-m",
            "cli.app",
            "run",
            "--workspace",
            str(root),
        ],
        cwd=ROOT,
        env={**os.environ, "PREFECT_API_URL": prefect_api},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    # Chromium did start: the export holds the chart images it drew
    assert list((root / "exports").glob("*/counselling_hours.png"))
    trace = "\n".join(
        log.read_text(encoding="utf-8", errors="replace") for log in (tmp_path / "trace").iterdir()
    )
    assert "AF_INET" in trace  # the recorder saw the run's own loopback traffic (Prefect's API)
    assert outside_loopback(trace) == []
