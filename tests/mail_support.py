"""Real mail servers on 127.0.0.1 for the tests: Debian's dovecot (IMAP) with a throw-away
configuration and one passwd-file user, and aiosmtpd (SMTP) in a thread of the test process.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from imap_tools import MailBoxUnencrypted

USER, PASSWORD = "reports@consortium.example", "imap-test-password"
MAIL_UID = 65534  # nobody: dovecot refuses to deliver mail as root

DOVECOT_CONF = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
mail_location = maildir:{root}/mail/%u
protocol imap {{
  mail_max_userip_connections = 50
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={uid} home={root}/mail/%u
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout_s: float = 15) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout_s} s")


class Dovecot:
    """One dovecot process serving one user; `stop()` and `start()` it like a mail server going
    away and coming back, on the same port."""

    def __init__(self) -> None:
        self.binary = shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin")
        if self.binary is None:
            raise RuntimeError("dovecot is not installed: run `make system-deps`")
        self.root = Path(tempfile.mkdtemp(prefix="dovecot-"))
        self.root.chmod(0o755)  # the dovecot user must reach the passwd file
        self.port = free_port()
        (self.root / "mail").mkdir()
        os.chown(self.root / "mail", MAIL_UID, MAIL_UID)
        (self.root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n", encoding="utf-8")
        self.conf = self.root / "dovecot.conf"
        self.conf.write_text(
            DOVECOT_CONF.format(root=self.root, port=self.port, uid=MAIL_UID), encoding="utf-8"
        )
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "-F", "-c", str(self.conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            wait_for_port(self.port)
        except RuntimeError:
            self.stop()
            log = (self.root / "dovecot.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"dovecot did not start:\n{log}") from None

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None
        # dovecot's children leave the port a moment after the master is gone
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    time.sleep(0.05)
            except OSError:
                return

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def client(self) -> MailBoxUnencrypted:
        return MailBoxUnencrypted("127.0.0.1", self.port, timeout=10).login(USER, PASSWORD)

    def deliver(
        self,
        message: EmailMessage,
        arrived: datetime,
        folder: str = "INBOX",
        flags: tuple[str, ...] = (),
    ) -> None:
        """Put a message into a folder as the mail server would, with its arrival time (and
        `flags`, e.g. \\Seen for a message someone has opened)."""
        with self.client() as box:
            box.append(message.as_bytes(), folder, dt=arrived, flag_set=flags or None)

    def flags(self) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
        """Every folder and the Message-ID and flags of each message in it (but \\Recent,
        which only says whether this session is the first to see it)."""
        with self.client() as box:
            found = {}
            for info in box.folder.list():
                box.folder.set(info.name, readonly=True)
                found[info.name] = sorted(
                    (
                        "".join(m.headers.get("message-id", ())),
                        tuple(sorted(f for f in m.flags if f != "\\Recent")),
                    )
                    for m in box.fetch(mark_seen=False, headers_only=True)
                )
            return found

    def folders(self) -> dict[str, list[EmailMessage]]:
        """Every folder and the messages in it."""
        with self.client() as box:
            found = {}
            for info in box.folder.list():
                box.folder.set(info.name)
                found[info.name] = [
                    message_from_bytes(m.obj.as_bytes(), policy=policy.default)
                    for m in box.fetch(mark_seen=False)
                ]
            return found

    def empty(self) -> None:
        """Remove every message and every folder but INBOX, for the next test."""
        with self.client() as box:
            for info in box.folder.list():
                box.folder.set(info.name)
                uids = box.uids()
                if uids:
                    box.delete(uids)
            box.folder.set("INBOX")
            for info in box.folder.list():
                if info.name != "INBOX":
                    box.folder.delete(info.name)


@dataclass
class Received:
    """What the SMTP server took: each message with its envelope recipients."""

    messages: list[EmailMessage] = field(default_factory=list)
    refuse_next: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        with self.lock:
            if self.refuse_next > 0:
                self.refuse_next -= 1
                return "451 4.3.0 Try again later"
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


class SmtpServer:
    """aiosmtpd on a fixed port, in a thread; `refuse(n)` answers the next n messages with a
    temporary failure, `stop()` / `start()` take it away and back."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received = Received()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.received, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
        self.controller = None

    def refuse(self, count: int) -> None:
        self.received.refuse_next = count

    def reset(self) -> None:
        self.received.messages.clear()
        self.received.refuse_next = 0
