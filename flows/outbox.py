"""Messages to partners (answers and reminders): queued on disk first, then sent by SMTP.

Each message has a key (`answer-<hash of message and file>`, `held-` and `released-<hash>` for
a file held for a locked month and released by its unlock, `review-<hash of message>`,
`reminder-<partner>-<day>`) and is written once as `<workspace>/mail/queue/<key>.eml`; once
the server accepted it, it moves to `mail/sent/` and a line in `mail/sent.jsonl` records it, so
a key is queued and sent at most once. A refused or unreachable server leaves the message queued
for the next run. `mail.send: false` delivers into `<workspace>/outbox/` instead.
"""

from __future__ import annotations

import json
import os
import shutil
import smtplib
import ssl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from core.config import Mail, Workspace

TIMEOUT_S = 30


class MailNotSent(Exception):
    """The SMTP server could not be reached or refused for now; the messages stay queued."""


@dataclass
class Delivery:
    sent: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    undeliverable: list[str] = field(default_factory=list)


def queue_dir(ws: Workspace) -> Path:
    return ws.root / "mail" / "queue"


def sent_dir(ws: Workspace) -> Path:
    return ws.root / "mail" / "sent"


def failed_dir(ws: Workspace) -> Path:
    return ws.root / "mail" / "undeliverable"


def outbox_dir(ws: Workspace) -> Path:
    return ws.root / "outbox"


def log_path(ws: Workspace) -> Path:
    return ws.root / "mail" / "sent.jsonl"


def sender_address(mail: Mail, ws: Workspace) -> str:
    box = ws.config.collect.mailbox
    return mail.from_ or (box.user if box else "") or "reports@localhost"


def new_message(ws: Workspace, to: str, subject: str, text: str, html: str | None) -> EmailMessage:
    """A message from the consortium's address, replies going back to it; text and HTML."""
    address = sender_address(ws.config.mail, ws)
    msg = EmailMessage()
    msg["From"] = f"{ws.config.name} <{address}>"
    msg["To"] = to
    msg["Reply-To"] = address
    msg["Subject"] = subject
    msg["Date"] = formatdate(usegmt=True)
    msg["Message-ID"] = make_msgid(domain=address.rpartition("@")[2] or None)
    msg.set_content(text)
    if html:
        msg.add_alternative(html, subtype="html")
    return msg


def known_keys(ws: Workspace) -> set[str]:
    return {
        p.stem
        for folder in (queue_dir(ws), sent_dir(ws), failed_dir(ws))
        if folder.is_dir()
        for p in folder.glob("*.eml")
    }


def enqueue(ws: Workspace, key: str, msg: EmailMessage) -> bool:
    """Queue a message under its key, unless that key was queued before; whether it was."""
    if key in known_keys(ws):
        return False
    folder = queue_dir(ws)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{key}.partial"
    partial.write_bytes(msg.as_bytes(policy=policy.SMTP))
    os.replace(partial, folder / f"{key}.eml")
    return True


def queued(ws: Workspace) -> list[Path]:
    """Messages not yet sent, oldest first."""
    folder = queue_dir(ws)
    return sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime) if folder.is_dir() else []


def log(ws: Workspace, key: str, outcome: str, **details: object) -> None:
    log_path(ws).parent.mkdir(parents=True, exist_ok=True)
    with log_path(ws).open("a", encoding="utf-8") as fh:
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        fh.write(json.dumps({"key": key, "outcome": outcome, "at": stamp, **details}) + "\n")


def attempts_of(ws: Workspace, key: str) -> int:
    if not log_path(ws).is_file():
        return 0
    lines = log_path(ws).read_text(encoding="utf-8").splitlines()
    return sum(1 for line in lines if json.loads(line)["key"] == key)


def deliver(ws: Workspace, password: str | None) -> Delivery:
    """Send every queued message, trying again after each of `mail.retry_delays_s`; with
    `mail.send: false` (or no SMTP server), write them into outbox/ instead."""
    mail = ws.config.mail
    if not mail.send or mail.smtp is None:
        return write_outbox(ws)
    delivery = Delivery()
    last: Exception | None = None
    for delay in (0, *mail.retry_delays_s):
        time.sleep(delay)
        if not queued(ws):
            return delivery
        try:
            with smtp_connection(mail, password) as smtp:
                for path in queued(ws):
                    send_one(ws, smtp, path, delivery)
            return delivery
        except MailNotSent as exc:
            last = exc
        except (OSError, smtplib.SMTPException) as exc:
            last = exc
            for path in queued(ws):
                log(ws, path.stem, "failed", error=f"{type(exc).__name__}: {exc}")
    raise MailNotSent(
        f"the SMTP server {mail.smtp.host}:{mail.smtp.port} did not take "
        f"{len(queued(ws))} message(s) after {1 + len(mail.retry_delays_s)} tries ({last}); "
        f"they stay in {queue_dir(ws)} for the next run"
    )


def send_one(ws: Workspace, smtp: smtplib.SMTP, path: Path, delivery: Delivery) -> None:
    """Send one queued message and record it; a permanent refusal sets it aside, a temporary
    one is recorded and raised so the whole delivery is tried again later."""
    key = path.stem
    msg = message_from_bytes(path.read_bytes(), policy=policy.SMTP)
    try:
        smtp.send_message(msg)
    except smtplib.SMTPRecipientsRefused as exc:
        permanent = all(code >= 500 for code, _ in exc.recipients.values())
        settle_refused(ws, path, key, str(exc), permanent, delivery)
        return
    except smtplib.SMTPResponseException as exc:
        settle_refused(
            ws, path, key, f"{exc.smtp_code} {exc.smtp_error!r}", exc.smtp_code >= 500, delivery
        )
        return
    attempts = attempts_of(ws, key) + 1
    sent_dir(ws).mkdir(parents=True, exist_ok=True)
    os.replace(path, sent_dir(ws) / path.name)
    log(ws, key, "sent", to=str(msg["To"]), attempts=attempts)
    delivery.sent.append(key)


def settle_refused(
    ws: Workspace, path: Path, key: str, error: str, permanent: bool, delivery: Delivery
) -> None:
    log(ws, key, "refused" if permanent else "failed", error=error)
    if not permanent:
        raise MailNotSent(error)
    failed_dir(ws).mkdir(parents=True, exist_ok=True)
    os.replace(path, failed_dir(ws) / path.name)
    delivery.undeliverable.append(key)


@contextmanager
def smtp_connection(mail: Mail, password: str | None) -> Iterator[smtplib.SMTP]:
    server = mail.smtp
    if server.security == "tls":
        smtp = smtplib.SMTP_SSL(
            server.host, server.port, timeout=TIMEOUT_S, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT_S)
    try:
        if server.security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if server.user and password:
            smtp.login(server.user, password)
        yield smtp
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


def write_outbox(ws: Workspace) -> Delivery:
    """Deliver every queued message into outbox/ (`send: false`): a copy there, the message
    itself to sent/."""
    delivery = Delivery()
    outbox_dir(ws).mkdir(parents=True, exist_ok=True)
    for path in queued(ws):
        target = outbox_dir(ws) / path.name
        shutil.copyfile(path, target)
        sent_dir(ws).mkdir(parents=True, exist_ok=True)
        os.replace(path, sent_dir(ws) / path.name)
        log(ws, path.stem, "written", file=str(target))
        delivery.written.append(target)
    return delivery
